import { isNotFound, reasonOf } from '../api/errors.ts';
import { endpointslices, nodes, pods, services } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type { Node, Pod } from '../types/core.ts';
import type { EndpointSlice } from '../types/discovery.ts';
import type { Service } from '../types/service.ts';
import type { Controller, ControllerContext, ReconcileResult } from './controller.ts';
import { endpointPortsFor, podToEndpoint } from './endpointslice/pod-to-endpoint.ts';
import {
  planSlices,
  portsKey,
  type DesiredGroup,
  type SlicePlan,
} from './endpointslice/plan-slices.ts';
import {
  endpointSliceControllerName,
  managedByLabel,
  serviceNameLabel,
} from './endpointslice/slice-meta.ts';
import { SliceTracker } from './endpointslice/slice-tracker.ts';
import { serviceSelector, servicesSelecting, shouldPodBeInEndpoints } from './util/service-pods.ts';
import { lastChangeTriggerTime, lastChangeTriggerTimeAnnotation } from './util/trigger-time.ts';

/** Index of managed slices by `namespace/service`. */
const byServiceIndex = 'endpointslice-controller/service';

/** `namespace/service` of a slice this controller manages, else undefined. */
function serviceKeyOfSlice(slice: EndpointSlice): string | undefined {
  const labels = slice.metadata.labels ?? {};
  if (labels[managedByLabel] !== endpointSliceControllerName) return undefined;
  const service = labels[serviceNameLabel];
  return service ? `${slice.metadata.namespace}/${service}` : undefined;
}

/**
 * The EndpointSlice controller (`endpointslice-controller`): for every Service with a selector,
 * keeps EndpointSlices (`<service>-<suffix>`, labelled `kubernetes.io/service-name` and
 * `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`, owned by the
 * Service) listing the selected pods that have an IP, at most 100 per slice, with their
 * ready/serving/terminating conditions, node, zone and ports (named target ports resolved per
 * pod). Slices are updated in place and only when something in them changed; a Service without
 * endpoints keeps one empty placeholder slice. Deleted Services' slices go with the garbage
 * collector (owner references).
 */
export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice-controller';
  readonly workers = 5;
  private client!: Client;
  private queue!: WorkQueue;
  private events!: EventRecorder;
  private services!: Informer<Service>;
  private pods!: Informer<Pod>;
  private slices!: Informer<EndpointSlice>;
  private nodes!: Informer<Node>;
  private readonly tracker = new SliceTracker();

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.queue = context.queue;
    this.events = context.events;
    this.services = context.informers.for<Service>(services);
    this.pods = context.informers.for<Pod>(pods);
    this.slices = context.informers.for<EndpointSlice>(endpointslices);
    this.nodes = context.informers.for<Node>(nodes);
    this.slices.addIndex(byServiceIndex, (s) => {
      const key = serviceKeyOfSlice(s);
      return key ? [key] : [];
    });
    this.services.addEventHandler({
      add: (s) => this.queue.add(objectKey(s)),
      update: (_old, s) => this.queue.add(objectKey(s)),
      delete: (s) => this.tracker.forget(objectKey(s)),
    });
    this.pods.addEventHandler({
      add: (pod) => this.queueServicesOf(pod),
      update: (old, pod) => this.queueServicesOf(pod, old),
      delete: (pod) => this.queueServicesOf(pod),
    });
    this.slices.addEventHandler({
      add: (slice) => this.sliceChanged(slice),
      update: (_old, slice) => this.sliceChanged(slice),
      delete: (slice) => {
        const key = serviceKeyOfSlice(slice);
        if (!key) return;
        this.tracker.observedDeletion(key, slice);
        // Its own deletions too: a sync skipped as stale while the slice was cached waits for this.
        this.queue.add(key);
      },
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const service = this.services.get(namespace, name);
    if (!service) {
      this.tracker.forget(key);
      return;
    }
    const select = serviceSelector(service);
    // Selector-less Services get their endpoints from whoever writes them by hand.
    if (!select) return;
    const slices = this.slices
      .byIndex(byServiceIndex, key)
      .filter((s) => !s.metadata.deletionTimestamp);
    if (this.tracker.stale(key, slices)) {
      // The cache has not seen this controller's last writes; their events (every add, update
      // and delete of a managed slice) will requeue.
      return;
    }
    const selected = this.pods
      .list(namespace)
      .filter(select)
      .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    const desired = new Map<string, DesiredGroup>();
    const missingNodes = new Set<string>();
    for (const pod of selected) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ports = endpointPortsFor(service, pod);
      const portKey = portsKey(ports);
      let group = desired.get(portKey);
      if (!group) desired.set(portKey, (group = { ports, endpoints: [] }));
      const node = pod.spec.nodeName ? this.nodes.get(undefined, pod.spec.nodeName) : undefined;
      if (!node && !service.spec?.publishNotReadyAddresses) {
        // A pod on a node that is gone is left out, and the Service tried again later.
        missingNodes.add(pod.spec.nodeName ?? '');
        continue;
      }
      const endpoint = podToEndpoint(pod, node, service);
      if (endpoint.addresses.length > 0) group.endpoints.push(endpoint);
    }
    const plan = planSlices(service, desired, slices);
    try {
      await this.apply(key, service, plan, lastChangeTriggerTime(service, selected));
    } catch (err) {
      void this.events.record(
        service,
        'Warning',
        'FailedToUpdateEndpointSlices',
        `Error updating Endpoint Slices for Service ${key}: ${err instanceof Error ? err.message : String(err)}`,
      );
      throw err;
    }
    if (missingNodes.size > 0) {
      throw new Error(
        `skipping pods of Service ${key}: node ${[...missingNodes].join(', ')} not found`,
      );
    }
  }

  /** Writes a plan: creates (unless the Service is going), then updates, then deletes. */
  private async apply(
    key: string,
    service: Service,
    plan: SlicePlan,
    triggerTime: string | undefined,
  ): Promise<void> {
    const annotate = (slice: EndpointSlice) => {
      if (!triggerTime) return;
      slice.metadata.annotations = {
        ...slice.metadata.annotations,
        [lastChangeTriggerTimeAnnotation]: triggerTime,
      };
    };
    const namespace = service.metadata.namespace;
    if (!service.metadata.deletionTimestamp) {
      for (const slice of plan.create) {
        annotate(slice);
        try {
          this.tracker.wrote(key, await this.client.create(endpointslices, namespace, slice));
        } catch (err) {
          // A namespace being deleted takes no new slices; its Services are going too.
          if (reasonOf(err) === 'Forbidden') return;
          throw err;
        }
      }
    }
    for (const slice of plan.update) {
      annotate(slice);
      this.tracker.wrote(key, await this.client.update(endpointslices, slice));
    }
    for (const slice of plan.delete) {
      try {
        await this.client.delete(endpointslices, namespace, slice.metadata.name ?? '', {
          preconditions: { uid: slice.metadata.uid },
        });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.tracker.deleted(key, slice);
    }
  }

  private queueServicesOf(pod: Pod, old?: Pod): void {
    const candidates = this.services.list(pod.metadata.namespace);
    const keys = new Set(servicesSelecting(candidates, pod).map(objectKey));
    if (old) for (const s of servicesSelecting(candidates, old)) keys.add(objectKey(s));
    for (const key of keys) this.queue.add(key);
  }

  private sliceChanged(slice: EndpointSlice): void {
    const key = serviceKeyOfSlice(slice);
    if (key) this.queue.add(key);
  }
}
