import { events as eventsResource, pods } from '../../../src/kernel/api/resources.ts';
import type { FakeClock } from '../../../src/kernel/clock/fake-clock.ts';
import { kubernetesDefaults, type Timing } from '../../../src/kernel/clock/presets.ts';
import type { Client } from '../../../src/kernel/client/client.ts';
import type { Event, Pod, PodSpec } from '../../../src/kernel/types/core.ts';
import { Kubelet, type KubeletOptions } from '../../../src/workers/node/kubelet.ts';
import { eventually, startTestApi } from '../../helpers/api.ts';
import { FakeImageRegistry, FakeRuntime } from '../../helpers/fake-runtime.ts';

export const nodeName = 'node-1';
export const hostIP = '192.168.49.2';

export interface KubeletFixture {
  client: Client;
  clock: FakeClock;
  runtime: FakeRuntime;
  registry: FakeImageRegistry;
  kubelet: Kubelet;
  timing: Timing;
  /** Starts another kubelet for the same node on the same API server (a page reload). */
  restart(): Promise<Kubelet>;
}

/** An API server with one kubelet registered on a fake runtime, `ticker:1.0` pullable. */
export async function startKubelet(
  options: { timing?: Timing; client?: Client; clock?: FakeClock } & Partial<KubeletOptions> = {},
): Promise<KubeletFixture> {
  let client = options.client;
  let clock = options.clock;
  if (!client || !clock) {
    const api = await startTestApi();
    client = api.client;
    clock = api.clock;
  }
  const timing = options.timing ?? kubernetesDefaults;
  const registry = new FakeImageRegistry();
  registry.add('ticker:1.0', 4096);
  const fixture: KubeletFixture = {
    client,
    clock,
    runtime: new FakeRuntime(),
    registry,
    timing,
    kubelet: undefined as unknown as Kubelet,
    async restart() {
      fixture.kubelet.stop();
      fixture.runtime.killAll();
      fixture.runtime = new FakeRuntime();
      fixture.kubelet = make();
      await fixture.kubelet.start();
      return fixture.kubelet;
    },
  };
  const make = () =>
    new Kubelet({
      nodeName,
      client: client!,
      clock: clock!,
      timing,
      runtime: fixture.runtime,
      images: registry,
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      internalIP: hostIP,
      podCIDR: '10.244.1.0/24',
      ...options,
    });
  fixture.kubelet = make();
  await fixture.kubelet.start();
  return fixture;
}

/** A pod manifest with one `ticker:1.0` container named `app` unless `spec` says otherwise. */
export function podManifest(name: string, spec: Partial<PodSpec> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'ticker:1.0' }], ...spec },
  };
}

/** Creates the pod and binds it to the node, as the scheduler would. */
export async function createBound(client: Client, pod: Pod): Promise<Pod> {
  const created = await client.create<Pod>(pods, 'default', pod);
  await client.bind('default', pod.metadata.name!, nodeName, created.metadata.uid);
  return client.get<Pod>(pods, 'default', pod.metadata.name!);
}

/** Waits until the pod satisfies `predicate`, returning it. */
export async function waitForPod(
  client: Client,
  name: string,
  predicate: (pod: Pod) => boolean,
): Promise<Pod> {
  let found: Pod | undefined;
  await eventually(async () => {
    found = await client.get<Pod>(pods, 'default', name);
    return predicate(found);
  });
  return found!;
}

/** The pod's events as `[type, reason, message, count]`, in the order they were created. */
export async function podEvents(
  client: Client,
  name: string,
): Promise<[string, string, string, number][]> {
  const list = await client.list<Event>(eventsResource, 'default', {
    fieldSelector: `involvedObject.name=${name}`,
  });
  return list.items
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => [e.type ?? '', e.reason ?? '', e.message ?? '', e.count ?? 0]);
}

/** The state of the pod's container `name`. */
export function containerStatus(pod: Pod, name = 'app') {
  return pod.status?.containerStatuses?.find((s) => s.name === name);
}
