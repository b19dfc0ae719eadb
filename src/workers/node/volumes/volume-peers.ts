import type { VolumeEntry } from '../../runtime/fs/fs-protocol.ts';

/**
 * When a node made a version of a path: wall-clock milliseconds, kept increasing by each node
 * (VersionClock), with the node's id to order two versions of the same millisecond.
 */
export interface VersionStamp {
  time: number;
  node: string;
}

/** One path of a shared volume as a node has it after a change: its entry, or none (removed). */
export interface SharedPath {
  path: string;
  stamp: VersionStamp;
  entry?: VolumeEntry;
}

/** What a node tells the others once it has written changes of a shared volume to the store. */
export interface VolumeUpdate {
  /** The volume's key in the VolumeStore (the PersistentVolume's name). */
  key: string;
  paths: SharedPath[];
}

/**
 * The other nodes of the same cluster that host the same shared volumes (ReadWriteMany): a
 * node publishes what it changed, and hears what the others change. Delivery is in order per
 * publisher and reaches only those subscribed when it is sent; a node never hears itself.
 */
export interface VolumePeers {
  /** Calls `listener` with each update others publish for `key`, until the returned stop. */
  subscribe(key: string, listener: (update: VolumeUpdate) => void): () => void;
  publish(update: VolumeUpdate): void;
  /** Stops hearing and sending (the node is shutting down). */
  close(): void;
}

/**
 * The BroadcastChannel name of one cluster's shared volumes, from its volume database's name:
 * two clusters in one page (embedded elements) have different databases, so they never mix.
 */
export function volumeChannelName(volumesDatabase: string): string {
  return `kube-in-a-tab/volumes/${volumesDatabase}`;
}

/**
 * Peers over a BroadcastChannel, which every same-origin worker of the browser can open: the
 * node workers of a tab (and of other tabs showing the same persisted cluster). The channel
 * is opened on first use, so a node that shares no volume holds none.
 */
export class BroadcastVolumePeers implements VolumePeers {
  private channel?: BroadcastChannel;
  private readonly listeners = new Map<string, Set<(update: VolumeUpdate) => void>>();

  constructor(readonly channelName: string) {}

  subscribe(key: string, listener: (update: VolumeUpdate) => void): () => void {
    this.open();
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
    };
  }

  publish(update: VolumeUpdate): void {
    this.open().postMessage(update);
  }

  close(): void {
    this.channel?.close();
    this.channel = undefined;
    this.listeners.clear();
  }

  private open(): BroadcastChannel {
    if (this.channel) return this.channel;
    const channel = new BroadcastChannel(this.channelName);
    channel.onmessage = (event: MessageEvent<VolumeUpdate>) => {
      const update = event.data;
      for (const listener of [...(this.listeners.get(update?.key) ?? [])]) listener(update);
    };
    this.channel = channel;
    return channel;
  }
}
