import { isConflict, isNotFound } from '../../kernel/api/errors.ts';
import { leases } from '../../kernel/api/resources.ts';
import { rfc3339Micro, type Clock, type TimerHandle } from '../../kernel/clock/clock.ts';
import { pacedTimer } from '../../kernel/clock/paced-timer.ts';
import type { Timing } from '../../kernel/clock/presets.ts';
import type { Client } from '../../kernel/client/client.ts';
import type { Lease } from '../../kernel/types/coordination.ts';

/** The namespace of node heartbeat Leases. */
export const nodeLeaseNamespace = 'kube-node-lease';

/**
 * The kubelet's node lease controller: keeps the Lease named after the node in
 * kube-node-lease (owned by the Node, so it goes with it) and renews it every
 * leaseRenewInterval of cluster time, but (given `realTime`) never more often than every
 * minHeartbeatRealInterval of real time, whatever the clock speed. A renewal that conflicts re-reads the Lease; a Lease that vanished is
 * created again.
 */
export class NodeLease {
  private lease?: Lease;
  private timer?: TimerHandle;
  private stopped = false;

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly timing: Timing,
    private readonly nodeName: string,
    private readonly nodeUid: string,
    private readonly realTime?: Clock,
  ) {}

  /** Creates or takes over the Lease, then renews it periodically. */
  async start(): Promise<void> {
    await this.renewSafely();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private schedule(): void {
    if (this.stopped) return;
    const { leaseRenewInterval, minHeartbeatRealInterval } = this.timing;
    this.timer = pacedTimer(
      this.clock,
      leaseRenewInterval,
      this.realTime,
      minHeartbeatRealInterval,
      () => void this.renewSafely().then(() => this.schedule()),
    );
  }

  private async renewSafely(): Promise<void> {
    try {
      await this.renew();
    } catch (err) {
      if (!this.stopped)
        console.error(`kubelet: renewing the lease of node ${this.nodeName}:`, err);
    }
  }

  private async renew(): Promise<void> {
    for (let attempt = 1; attempt <= 2 && !this.stopped; attempt++) {
      try {
        if (!this.lease)
          this.lease = await this.client.get<Lease>(leases, nodeLeaseNamespace, this.nodeName);
        this.lease = await this.client.update<Lease>(leases, this.desired(this.lease));
        return;
      } catch (err) {
        if (isNotFound(err)) {
          this.lease = await this.client.create<Lease>(leases, nodeLeaseNamespace, this.desired());
          return;
        }
        if (!isConflict(err)) throw err;
        this.lease = undefined;
      }
    }
  }

  private desired(current?: Lease): Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      ...current,
      metadata: {
        ...current?.metadata,
        name: this.nodeName,
        namespace: nodeLeaseNamespace,
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: this.nodeUid },
        ],
      },
      spec: {
        ...current?.spec,
        holderIdentity: this.nodeName,
        leaseDurationSeconds: Math.max(1, Math.round(this.timing.leaseDuration / 1000)),
        renewTime: rfc3339Micro(this.clock.now()),
      },
    };
  }
}
