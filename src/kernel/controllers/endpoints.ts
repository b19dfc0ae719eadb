import { isNotFound, reasonOf } from '../api/errors.ts';
import type { EventRecorder } from '../client/event-recorder.ts';
import { endpoints as endpointsResource, pods, services } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import { objectKey, splitKey, type Informer } from '../client/informer.ts';
import type { WorkQueue } from '../client/workqueue.ts';
import type { Pod } from '../types/core.ts';
import type { EndpointAddress, EndpointSubset, Endpoints, Service } from '../types/service.ts';
import { jsonEqual } from '../util/json-value.ts';
import type { Controller, ControllerContext } from './controller.ts';
import { repackSubsets } from './endpoints/repack-subsets.ts';
import { overCapacityAnnotation, truncateEndpoints } from './endpoints/truncate-endpoints.ts';
import { headlessLabel } from './endpointslice/slice-meta.ts';
import { findPort } from './util/find-port.ts';
import { isPodReady } from './util/pod-readiness.ts';
import {
  podIPv4s,
  serviceSelector,
  servicesSelecting,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './util/service-pods.ts';
import { lastChangeTriggerTime, lastChangeTriggerTimeAnnotation } from './util/trigger-time.ts';

/** Leader-election records kept in Endpoints have no Service and must not be deleted. */
const leaderAnnotation = 'control-plane.alpha.kubernetes.io/leader';

function withoutHeadless(labels: Record<string, string> | undefined): Record<string, string> {
  const copy = { ...labels };
  delete copy[headlessLabel];
  return copy;
}

/** podToEndpointAddressForService: the pod's IPv4 address, host name, node and reference. */
function addressOf(pod: Pod, service: Service): EndpointAddress | undefined {
  const ip = podIPv4s(pod)[0];
  if (!ip) return undefined;
  const address: EndpointAddress = { ip };
  if (shouldSetHostname(pod, service)) address.hostname = pod.spec.hostname;
  if (pod.spec.nodeName) address.nodeName = pod.spec.nodeName;
  address.targetRef = {
    kind: 'Pod',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  };
  return address;
}

/**
 * The subsets the endpoints controller computes for a Service: each selected pod with an IP
 * (terminating ones only when the Service publishes not-ready addresses) under `addresses`
 * when Ready (or when not-ready ones are published), else `notReadyAddresses`, once per
 * service port it resolves; repacked into subsets of identical port sets.
 */
export function endpointSubsetsFor(service: Service, selected: Pod[]): EndpointSubset[] {
  const publishNotReady = !!service.spec?.publishNotReadyAddresses;
  const subsets: EndpointSubset[] = [];
  for (const pod of selected) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const address = addressOf(pod, service);
    if (!address) continue;
    const ready = publishNotReady || isPodReady(pod);
    const add = (ports: EndpointSubset['ports']) =>
      subsets.push(
        ready
          ? { addresses: [address], ...(ports ? { ports } : {}) }
          : { notReadyAddresses: [address], ...(ports ? { ports } : {}) },
      );
    const servicePorts = service.spec?.ports ?? [];
    if (servicePorts.length === 0) {
      // A headless Service may have no ports at all.
      if (service.spec?.clusterIP === 'None') add(undefined);
      continue;
    }
    for (const servicePort of servicePorts) {
      const port = findPort(pod, servicePort);
      if (port === undefined) continue;
      add([
        {
          name: servicePort.name ?? '',
          port,
          protocol: servicePort.protocol ?? 'TCP',
          ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}),
        },
      ]);
    }
  }
  return repackSubsets(subsets);
}

/**
 * The endpoints controller (`endpoint-controller`), for the legacy v1 Endpoints API: for every
 * Service with a selector, an Endpoints object of the same name and labels (plus
 * `service.kubernetes.io/headless` without a cluster IP) whose subsets list the selected pods'
 * addresses, ready and not ready, at most 1000 (`endpoints.kubernetes.io/over-capacity:
 * truncated` beyond). Written only when the subsets or labels change. Endpoints whose Service
 * is gone are deleted; at start, leftovers from Services deleted meanwhile are found too.
 */
export class EndpointsController implements Controller {
  readonly name = 'endpoint-controller';
  readonly workers = 5;
  private client!: Client;
  private queue!: WorkQueue;
  private events!: EventRecorder;
  private services!: Informer<Service>;
  private pods!: Informer<Pod>;
  private endpoints!: Informer<Endpoints>;
  /**
   * staleEndpointsTracker: per Service, the resourceVersion its Endpoints had before this
   * controller last updated them. A cache still holding that version has not seen the update,
   * and comparing with it could take the update for unneeded, or undo it.
   */
  private readonly replacedVersions = new Map<string, string>();

  setup(context: ControllerContext): void {
    this.client = context.client;
    this.queue = context.queue;
    this.events = context.events;
    this.services = context.informers.for<Service>(services);
    this.pods = context.informers.for<Pod>(pods);
    this.endpoints = context.informers.for<Endpoints>(endpointsResource);
    this.services.addEventHandler({
      add: (s) => this.queue.add(objectKey(s)),
      update: (_old, s) => this.queue.add(objectKey(s)),
      delete: (s) => this.queue.add(objectKey(s)),
    });
    this.pods.addEventHandler({
      add: (pod) => this.queueServicesOf(pod),
      update: (old, pod) => this.queueServicesOf(pod, old),
      delete: (pod) => this.queueServicesOf(pod),
    });
    // Endpoints deleted by someone else are written again (their Service's key is theirs).
    this.endpoints.addEventHandler({ delete: (ep) => this.queue.add(objectKey(ep)) });
    // checkLeftoverEndpoints: Endpoints whose Service went while no controller watched.
    void this.endpoints.synced.then(() => {
      for (const ep of this.endpoints.list()) {
        if (!ep.metadata.annotations?.[leaderAnnotation]) this.queue.add(objectKey(ep));
      }
    });
  }

  async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const service = this.services.get(namespace, name);
    if (!service) {
      this.replacedVersions.delete(key);
      if (!this.endpoints.get(namespace, name)) return;
      try {
        await this.client.delete(endpointsResource, namespace, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    const select = serviceSelector(service);
    if (!select) return;
    const selected = this.pods.list(namespace).filter(select);
    const subsets = endpointSubsetsFor(service, selected);
    const current = this.endpoints.get(namespace, name);
    const currentVersion = current?.metadata.resourceVersion;
    if (currentVersion && this.replacedVersions.get(key) === currentVersion) {
      // The Endpoints' update event will not requeue (none is watched for): retry with back-off.
      throw new Error(
        `endpoints informer cache is out of date, resource version ${currentVersion} already processed for endpoints ${key}`,
      );
    }
    const serviceLabels = service.metadata.labels ?? {};
    const truncated = truncateEndpoints(subsets);
    if (
      current &&
      jsonEqual(current.subsets ?? [], subsets) &&
      jsonEqual(withoutHeadless(current.metadata.labels), serviceLabels) &&
      !!current.metadata.annotations?.[overCapacityAnnotation] === truncated
    ) {
      return;
    }
    const next: Endpoints = current
      ? structuredClone(current)
      : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
    if (subsets.length > 0) next.subsets = subsets;
    else delete next.subsets;
    const labels = { ...serviceLabels };
    const clusterIP = service.spec?.clusterIP;
    if (!clusterIP || clusterIP === 'None') labels[headlessLabel] = '';
    next.metadata.labels = labels;
    const annotations = { ...next.metadata.annotations };
    const triggerTime = lastChangeTriggerTime(service, selected);
    if (triggerTime) annotations[lastChangeTriggerTimeAnnotation] = triggerTime;
    else delete annotations[lastChangeTriggerTimeAnnotation];
    if (truncated) annotations[overCapacityAnnotation] = 'truncated';
    else delete annotations[overCapacityAnnotation];
    next.metadata.annotations = annotations;
    try {
      if (current) {
        const updated = await this.client.update(endpointsResource, next);
        if (updated.metadata.resourceVersion !== currentVersion) {
          this.replacedVersions.set(key, currentVersion ?? '');
        }
      } else await this.client.create(endpointsResource, namespace, next);
    } catch (err) {
      // A namespace being deleted takes no new objects; its Services are going too.
      if (!current && reasonOf(err) === 'Forbidden') return;
      const message = err instanceof Error ? err.message : String(err);
      void this.events.record(
        next,
        'Warning',
        current ? 'FailedToUpdateEndpoint' : 'FailedToCreateEndpoint',
        `Failed to ${current ? 'update' : 'create'} endpoint for service ${key}: ${message}`,
      );
      throw err;
    }
  }

  private queueServicesOf(pod: Pod, old?: Pod): void {
    const candidates = this.services.list(pod.metadata.namespace);
    const keys = new Set(servicesSelecting(candidates, pod).map(objectKey));
    if (old) for (const s of servicesSelecting(candidates, old)) keys.add(objectKey(s));
    for (const key of keys) this.queue.add(key);
  }
}
