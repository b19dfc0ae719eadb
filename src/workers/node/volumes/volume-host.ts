import type { VolumeChange, VolumeContents, VolumeEntry } from '../../runtime/fs/fs-protocol.ts';
import { PathVersions, VersionClock } from './path-versions.ts';
import { VolumeData } from './volume-data.ts';
import type { SharedPath, VolumePeers, VolumeUpdate } from './volume-peers.ts';
import type { VolumeLocks, VolumeStore } from './volume-store.ts';

/** What a volume's changes are delivered to: a running container (RunningContainer). */
export interface VolumeTarget {
  volumeChanged(volume: string, change: VolumeChange): void;
}

/** How long changes to a persistent volume gather before they are written (ms of real time). */
const defaultFlushDelayMs = 20;

interface Persistence {
  key: string;
  dirty: Set<string>;
  timer?: ReturnType<typeof setTimeout>;
  /** The saves so far, in order. */
  saved: Promise<void>;
  release: () => void;
  /** For a volume shared live with other nodes: its versions, and the end of hearing them. */
  live?: { versions: PathVersions; unsubscribe: () => void };
}

interface Hosted {
  id: string;
  data: VolumeData;
  attachments: Set<Attachment>;
  /** Who uses a persistent volume (pods by uid); it is let go when none is left. */
  users: Set<string>;
  persistence?: Persistence;
  /** Told after each change a container makes (the kubelet checks sizes). */
  listeners: Set<() => void>;
}

export interface VolumeHostOptions {
  /** Where persistent volumes are kept; none: they live as long as this host. */
  store?: VolumeStore;
  locks?: VolumeLocks;
  flushDelayMs?: number;
  /** The cluster's other nodes, with which volumes hosted `live` are kept in step. */
  peers?: VolumePeers;
  /** This host's id in version stamps (unique among the cluster's node workers). */
  nodeId?: string;
  /** Wall-clock milliseconds, for version stamps. */
  now?: () => number;
}

/**
 * A node's volumes: the master copy of every volume its containers mount (emptyDirs, the
 * files the kubelet makes from ConfigMaps, Secrets and the downward API, containers' own
 * root filesystems, and persistent volumes loaded from the cluster's VolumeStore). Containers
 * get a copy when they start and report each change they make; the host applies it and passes
 * it to every other container attached to the same volume (eventually consistent: a copy sees
 * another's write once its worker has handled the message). Persistent volumes are written
 * back to the store shortly after each change and when they are let go.
 *
 * A persistent volume hosted `live` (ReadWriteMany) is kept in step with the other nodes that
 * host it: each save is followed by an update to them, with the saved paths' entries; they
 * take each path whose version is later than theirs (last writer wins, per file), pass it to
 * their containers and write it to the store too, so that the store ends with the latest
 * version whichever node's save lands last. See docs/architecture.md (Volumes).
 */
export class VolumeHost {
  private readonly volumes = new Map<string, Hosted>();
  private readonly flushDelayMs: number;
  private readonly clock: VersionClock;

  constructor(private readonly options: VolumeHostOptions = {}) {
    this.flushDelayMs = options.flushDelayMs ?? defaultFlushDelayMs;
    this.clock = new VersionClock(options.nodeId ?? crypto.randomUUID(), options.now);
  }

  has(id: string): boolean {
    return this.volumes.has(id);
  }

  /** The volume's current contents (a live view: do not keep it). */
  data(id: string): VolumeData | undefined {
    return this.volumes.get(id)?.data;
  }

  /** Hosts a volume that lives in memory (as long as its pod, or container) unless it already is. */
  ensure(id: string, entries: () => readonly VolumeEntry[] = () => []): void {
    if (!this.volumes.has(id)) this.volumes.set(id, this.hosted(id, new VolumeData(entries())));
  }

  /** Replaces a volume's contents and tells the containers that mount it. */
  replace(id: string, entries: readonly VolumeEntry[]): void {
    const hosted = this.volumes.get(id);
    if (!hosted) {
      this.ensure(id, () => entries);
      return;
    }
    this.change(hosted, { op: 'replace', entries: [...entries] }, undefined);
  }

  /**
   * Hosts the persistent volume stored under `key` for `user`: claims it (shared or
   * exclusive), then loads it, unless this node holds it already. Resolves false when another
   * node holds the claim. A `live` volume (shared, with a store and peers) also takes the
   * other nodes' changes while it is hosted.
   */
  async hostPersistent(
    id: string,
    key: string,
    user: string,
    shared: boolean,
    live = false,
  ): Promise<boolean> {
    const present = this.volumes.get(id);
    if (present) {
      present.users.add(user);
      return true;
    }
    const release = this.options.locks
      ? await this.options.locks.tryAcquire(key, shared)
      : () => {};
    if (!release) return false;
    const store = this.options.store;
    const peers = live && shared && store ? this.options.peers : undefined;
    // Heard before loading, so no update falls between the load and the subscription; those
    // that come while it loads may be newer than what it reads, and are taken after it.
    const heard: { hosted?: Hosted; early: VolumeUpdate[] } = { early: [] };
    const unsubscribe = peers?.subscribe(key, (update) => {
      if (heard.hosted) this.adopt(heard.hosted, update);
      else heard.early.push(update);
    });
    const letGo = () => {
      unsubscribe?.();
      release();
    };
    let entries: VolumeEntry[];
    try {
      entries = (await store?.load(key)) ?? [];
    } catch (err) {
      letGo();
      throw err;
    }
    // Another pod of this node may have loaded it meanwhile.
    const raced = this.volumes.get(id);
    if (raced) {
      letGo();
      raced.users.add(user);
      return true;
    }
    const made = this.hosted(id, new VolumeData(entries));
    made.users.add(user);
    if (store) {
      made.persistence = { key, dirty: new Set(), saved: Promise.resolve(), release };
      if (peers) {
        made.persistence.live = {
          versions: new PathVersions(this.clock),
          unsubscribe: unsubscribe!,
        };
      }
    } else {
      made.persistence = undefined;
      letGo();
    }
    this.volumes.set(id, made);
    heard.hosted = made;
    for (const update of heard.early.splice(0)) this.adopt(made, update);
    return true;
  }

  /**
   * Lets go of a volume: a persistent one once its last user releases it (its changes written
   * and its claim given up before this resolves), any other at once.
   */
  async release(id: string, user?: string): Promise<void> {
    const hosted = this.volumes.get(id);
    if (!hosted) return;
    if (user !== undefined) hosted.users.delete(user);
    if (hosted.persistence && hosted.users.size > 0) return;
    this.volumes.delete(id);
    for (const attachment of hosted.attachments) attachment.forget(id);
    const persistence = hosted.persistence;
    if (!persistence) return;
    try {
      await this.flush(hosted);
    } finally {
      persistence.live?.unsubscribe();
      persistence.release();
    }
  }

  /** Resolves once every change made so far to persistent volumes is in the store. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.volumes.values()].map((h) => this.flush(h)));
  }

  /** Calls `listener` after each change a container makes to the volume; returns its removal. */
  listen(id: string, listener: () => void): () => void {
    const hosted = this.volumes.get(id);
    if (!hosted) return () => {};
    hosted.listeners.add(listener);
    return () => hosted.listeners.delete(listener);
  }

  /**
   * Connects a container (about to start) to volumes: it gets their contents as they are now,
   * and from now on the changes others make, held until `bind` names where they go.
   */
  attach(ids: readonly string[]): Attachment {
    const attachment = new Attachment(
      this,
      ids.filter((id) => this.volumes.has(id)),
    );
    for (const id of attachment.ids) this.volumes.get(id)!.attachments.add(attachment);
    return attachment;
  }

  /** @internal The contents of attached volumes, copied for posting. */
  contents(ids: readonly string[]): VolumeContents[] {
    return ids.flatMap((id) => {
      const hosted = this.volumes.get(id);
      return hosted ? [{ id, entries: hosted.data.entries(true) }] : [];
    });
  }

  /** @internal A change an attached container made. */
  changed(from: Attachment, id: string, change: VolumeChange): void {
    const hosted = this.volumes.get(id);
    if (!hosted || !hosted.attachments.has(from)) return;
    this.change(hosted, change, from);
    for (const listener of hosted.listeners) listener();
  }

  /** @internal */
  detach(attachment: Attachment): void {
    for (const id of attachment.ids) this.volumes.get(id)?.attachments.delete(attachment);
  }

  private hosted(id: string, data: VolumeData): Hosted {
    return { id, data, attachments: new Set(), users: new Set(), listeners: new Set() };
  }

  /** Applies a change and passes it on; `local` (made on this node) marks it to be saved. */
  private change(
    hosted: Hosted,
    change: VolumeChange,
    from: Attachment | undefined,
    local = true,
  ): void {
    const touched = hosted.data.apply(change);
    for (const attachment of hosted.attachments) {
      if (attachment !== from) attachment.deliver(hosted.id, change);
    }
    const persistence = hosted.persistence;
    if (!persistence || !local || touched.length === 0) return;
    for (const path of touched) persistence.dirty.add(path);
    persistence.timer ??= setTimeout(() => void this.flush(hosted), this.flushDelayMs);
  }

  /** Writes what changed since the last save; resolves once every save so far is done. */
  private flush(hosted: Hosted): Promise<void> {
    const persistence = hosted.persistence;
    const store = this.options.store;
    if (!persistence || !store) return Promise.resolve();
    if (persistence.timer !== undefined) clearTimeout(persistence.timer);
    persistence.timer = undefined;
    if (persistence.dirty.size > 0) {
      const paths = [...persistence.dirty];
      persistence.dirty.clear();
      const put: VolumeEntry[] = [];
      const remove: string[] = [];
      for (const path of paths) {
        const entry = hosted.data.entry(path);
        if (!entry) remove.push(path);
        else put.push(entry.kind === 'file' ? { ...entry, data: entry.data.slice() } : entry);
      }
      const update = this.updateOf(persistence, put, remove);
      persistence.saved = persistence.saved
        .catch(() => {})
        .then(() => store.save(persistence.key, put, remove))
        // Told once saved: whoever hears of a version can also load it from the store.
        .finally(() => update && this.options.peers?.publish(update));
    }
    return persistence.saved;
  }

  /** The update telling other nodes of a live volume's saved paths, stamped now. */
  private updateOf(
    persistence: Persistence,
    put: readonly VolumeEntry[],
    remove: readonly string[],
  ): VolumeUpdate | undefined {
    const versions = persistence.live?.versions;
    if (!versions) return undefined;
    const stamp = versions.stampLocal([...put.map((e) => e.path), ...remove]);
    return {
      key: persistence.key,
      paths: [
        ...put.map((entry): SharedPath => ({ path: entry.path, stamp, entry })),
        ...remove.map((path): SharedPath => ({ path, stamp })),
      ],
    };
  }

  /**
   * Takes another node's update of a live volume: the paths whose version is later than this
   * node's are applied (removals deepest first, a directory that still holds something of
   * this node's kept), passed to the containers, and written to the store.
   */
  private adopt(hosted: Hosted, update: VolumeUpdate): void {
    const persistence = hosted.persistence;
    const live = persistence?.live;
    const store = this.options.store;
    if (!persistence || !live || !store || this.volumes.get(hosted.id) !== hosted) return;
    const taken = live.versions.accept(update.paths, (path) => persistence.dirty.has(path));
    if (taken.length === 0) return;
    const byPath = (a: SharedPath, b: SharedPath) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
    const removed: string[] = [];
    for (const { path } of taken.filter((p) => !p.entry).sort((a, b) => byPath(b, a))) {
      if (hosted.data.holdsUnder(path)) continue;
      this.change(hosted, { op: 'remove', path }, undefined, false);
      removed.push(path);
    }
    const put: VolumeEntry[] = [];
    for (const { path, entry } of taken.filter((p) => p.entry).sort(byPath)) {
      if (entry!.kind === 'dir') {
        if (hosted.data.entry(path)?.kind === 'file') {
          this.change(hosted, { op: 'remove', path }, undefined, false);
        }
        this.change(hosted, { op: 'mkdir', path }, undefined, false);
      } else {
        this.change(hosted, { op: 'set', path, data: entry!.data }, undefined, false);
      }
      put.push(entry!);
    }
    persistence.saved = persistence.saved
      .catch(() => {})
      .then(() => store.save(persistence.key, put, removed));
  }
}

/**
 * One container's connection to the volumes it mounts: their contents at attach time, the
 * changes it makes (`changed`), and the changes others make, queued until `bind`.
 */
export class Attachment {
  private target?: VolumeTarget;
  private queue: { id: string; change: VolumeChange }[] = [];
  private detached = false;

  constructor(
    private readonly host: VolumeHost,
    readonly ids: string[],
  ) {}

  /** The volumes' contents when attached... or now, if called later. */
  contents(): VolumeContents[] {
    return this.host.contents(this.ids);
  }

  /** A change the container made to volume `id`. */
  changed(id: string, change: VolumeChange): void {
    if (!this.detached) this.host.changed(this, id, change);
  }

  /** From now on others' changes go to `target`; what came meanwhile goes first. */
  bind(target: VolumeTarget): void {
    if (this.detached) return;
    this.target = target;
    const queued = this.queue;
    this.queue = [];
    for (const { id, change } of queued) target.volumeChanged(id, change);
  }

  /** The container ended: nothing more goes either way. */
  detach(): void {
    this.detached = true;
    this.queue = [];
    this.host.detach(this);
  }

  /** @internal */
  deliver(id: string, change: VolumeChange): void {
    if (this.detached) return;
    if (this.target) this.target.volumeChanged(id, change);
    else this.queue.push({ id, change });
  }

  /** @internal The host let go of volume `id`. */
  forget(id: string): void {
    const at = this.ids.indexOf(id);
    if (at >= 0) this.ids.splice(at, 1);
  }
}
