import type { Clock } from '../clock/clock.ts';
import type { ResourceInfo } from '../api/resources.ts';
import type { KubeObject } from '../types/meta.ts';
import type { Client } from './client.ts';
import { Informer } from './informer.ts';

/**
 * One informer per resource, shared by every controller that asks for it (client-go's
 * SharedInformerFactory), so a cluster with ten controllers still holds one cache and one
 * watch per kind.
 */
export class InformerFactory {
  private informers = new Map<ResourceInfo, Informer>();
  private started = false;

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
  ) {}

  for<T extends KubeObject>(info: ResourceInfo): Informer<T> {
    let informer = this.informers.get(info);
    if (!informer) {
      informer = new Informer(this.client, info, { clock: this.clock });
      this.informers.set(info, informer);
      if (this.started) void informer.start();
    }
    return informer as unknown as Informer<T>;
  }

  /**
   * Starts every informer asked for so far (and any asked for later); resolves when all have
   * listed. Calling it again is harmless: an informer is started once.
   */
  async start(): Promise<void> {
    this.started = true;
    for (const informer of this.informers.values()) void informer.start();
    await this.waitForSync();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.synced));
  }

  stop(): void {
    for (const informer of this.informers.values()) informer.stop();
  }
}
