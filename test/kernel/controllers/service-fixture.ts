import {
  events as eventsResource,
  nodes,
  pods,
  services,
} from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import type { Controller } from '../../../src/kernel/controllers/controller.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import type { Container, Event, Node, Pod } from '../../../src/kernel/types/core.ts';
import type { Service, ServiceSpec } from '../../../src/kernel/types/service.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

export interface PodOptions {
  node?: string;
  ip?: string;
  ready?: boolean;
  labels?: Record<string, string>;
  ports?: Container['ports'];
  phase?: 'Running' | 'Succeeded';
}

/**
 * An API server with one controller running on a fake clock, plus what the controllers of
 * Services need around them: nodes, pods that a kubelet has started (bound, with an IP and a
 * Ready condition), and Services.
 */
export class ServiceFixture {
  manager!: ControllerManager;

  private constructor(readonly t: TestApi) {}

  static async start(...controllers: Controller[]): Promise<ServiceFixture> {
    return ServiceFixture.startOn(await startTestApi(), ...controllers);
  }

  /** As `start`, on an API server that already holds objects. */
  static async startOn(t: TestApi, ...controllers: Controller[]): Promise<ServiceFixture> {
    const fixture = new ServiceFixture(t);
    fixture.manager = new ControllerManager({
      client: fixture.t.client,
      clock: fixture.t.clock,
      timing: kubernetesDefaults,
    });
    for (const c of controllers) fixture.manager.add(c);
    await fixture.manager.start();
    return fixture;
  }

  get client() {
    return this.t.client;
  }

  stop(): void {
    this.manager.stop();
  }

  /** Lets the controllers run until they have nothing left to do. */
  async settle(): Promise<void> {
    let quiet = 0;
    for (let turn = 0; turn < 500 && quiet < 3; turn++) {
      await this.t.clock.advance(1);
      quiet = this.manager.idle() ? quiet + 1 : 0;
    }
  }

  async node(name: string, labels: Record<string, string> = {}): Promise<void> {
    await this.t.client.create<Node>(nodes, undefined, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels },
    });
  }

  /** A pod as a kubelet leaves it once started: bound, Running, with an IP and readiness. */
  async pod(name: string, options: PodOptions = {}): Promise<Pod> {
    const containers: Container[] = [{ name: 'app', image: 'nginx:1.25', ports: options.ports }];
    await this.t.client.create<Pod>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: options.labels ?? { app: 'web' } },
      spec: { containers },
    });
    if (options.node) await this.t.client.bind('default', name, options.node);
    if (!options.ip) return this.t.client.get<Pod>(pods, 'default', name);
    return this.setPodStatus(name, options.ip, options.ready ?? true, options.phase);
  }

  async setPodStatus(
    name: string,
    ip: string,
    ready: boolean,
    phase: 'Running' | 'Succeeded' = 'Running',
  ): Promise<Pod> {
    const pod = await this.t.client.get<Pod>(pods, 'default', name);
    const others = (pod.status?.conditions ?? []).filter((c) => c.type !== 'Ready');
    return this.t.client.updateStatus<Pod>(pods, {
      ...pod,
      status: {
        ...pod.status,
        phase,
        podIP: ip,
        podIPs: [{ ip }],
        conditions: [
          ...others,
          {
            type: 'Ready',
            status: ready ? 'True' : 'False',
            lastTransitionTime: rfc3339(this.t.clock.now()),
          },
        ],
      },
    });
  }

  async service(name: string, spec: Partial<ServiceSpec> = {}, labels?: Record<string, string>) {
    return this.t.client.create<Service>(services, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, ...(labels ? { labels } : {}) },
      spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
    });
  }

  /** `type reason: message (count)` of the events about `name`, sorted. */
  async events(name: string): Promise<string[]> {
    const list = await this.t.client.list<Event>(eventsResource, 'default');
    return list.items
      .filter((e) => e.involvedObject.name === name)
      .map((e) => `${e.type} ${e.reason}: ${e.message} (${e.count})`)
      .sort();
  }
}
