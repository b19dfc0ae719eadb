import {
  rfc3339,
  rfc3339Micro,
  type Clock,
  type TimerHandle,
} from '../../src/kernel/clock/clock.ts';
import type { Timing } from '../../src/kernel/clock/presets.ts';
import type { Client } from '../../src/kernel/client/client.ts';
import { leases, nodes } from '../../src/kernel/api/resources.ts';
import type { Node, Taint } from '../../src/kernel/types/core.ts';
import type { Lease } from '../../src/kernel/types/coordination.ts';

export interface FakeNodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
}

/**
 * A node with no kubelet behind it, only what the control plane sees of one: a Node object
 * registered Ready, and a Lease in kube-node-lease renewed every leaseRenewInterval until
 * `stop` (the node "dies").
 */
export class FakeNode {
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly timing: Timing,
  ) {}

  async register(options: FakeNodeOptions = {}): Promise<void> {
    const now = rfc3339(this.clock.now());
    const capacity = {
      cpu: options.cpu ?? '2',
      memory: options.memory ?? '4Gi',
      pods: options.pods ?? '110',
    };
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: this.name,
        labels: {
          'kubernetes.io/hostname': this.name,
          'kubernetes.io/os': 'linux',
          ...options.labels,
        },
      },
      spec: options.taints ? { taints: options.taints } : {},
      status: {
        capacity,
        allocatable: capacity,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
            lastHeartbeatTime: now,
            lastTransitionTime: now,
          },
        ],
      },
    };
    await this.client.create(nodes, undefined, node);
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.name, namespace: 'kube-node-lease' },
      spec: {
        holderIdentity: this.name,
        leaseDurationSeconds: Math.max(1, Math.round(this.timing.leaseDuration / 1000)),
        renewTime: rfc3339Micro(this.clock.now()),
      },
    };
    await this.client.create(leases, 'kube-node-lease', lease);
    this.schedule();
  }

  private schedule(): void {
    this.timer = this.clock.setTimer(this.timing.leaseRenewInterval, () => {
      if (this.stopped) return;
      void this.client
        .patch(leases, 'kube-node-lease', this.name, {
          spec: { renewTime: rfc3339Micro(this.clock.now()) },
        })
        .catch(() => {});
      this.schedule();
    });
  }

  /** Stops renewing the Lease, as a node whose kubelet died. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }
}
