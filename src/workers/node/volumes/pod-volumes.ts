import { isNotFound } from '../../../kernel/api/errors.ts';
import { canonicalQuantity, quantityValue } from '../../../kernel/api/quantity.ts';
import type { Container, Pod } from '../../../kernel/types/core.ts';
import type { PersistentVolume } from '../../../kernel/types/storage.ts';
import { normalizeVolumePath, type MountSpec } from '../../runtime/fs/fs-protocol.ts';
import type { ContainerFilesystem } from '../../runtime/types.ts';
import type { SandboxAddresses } from '../downward-api.ts';
import { expandVars } from '../expand-vars.ts';
import { imageRootEntries } from './image-root-entries.ts';
import { isProjectedVolume, projectedFiles, sameEntries } from './projected-files.ts';
import type { VolumeObjectReader } from './volume-object-reader.ts';
import type { VolumeHost, VolumeTarget } from './volume-host.ts';

type Obj = Record<string, unknown>;

/** What PodVolumes needs of its node. */
export interface PodVolumesDeps {
  host: VolumeHost;
  reader: VolumeObjectReader;
  nodeName: string;
  /** Told after a container changes one of the pod's emptyDirs (the kubelet checks sizes). */
  emptyDirChanged?: () => void;
}

/** What one of the pod's emptyDirs holds now, against its sizeLimit. */
export interface EmptyDirUsage {
  name: string;
  /** Bytes held in its files. */
  bytes: number;
  /** `medium: Memory` (tmpfs): its bytes are charged to the memory of the containers mounting it. */
  memory: boolean;
  /** The sizeLimit as the kubelet prints it (canonical quantity), and in bytes; unset: none. */
  sizeLimit?: { text: string; bytes: number };
}

/** Why the pod's volumes are not ready: the event to record (FailedMount, FailedAttachVolume). */
export interface MountFailure {
  reason: 'FailedMount' | 'FailedAttachVolume';
  message: string;
}

/** A container instance's files: its filesystem for the runtime, and its link to the node. */
export interface ContainerFiles {
  filesystem: ContainerFilesystem;
  /** Others' changes go to the running container from now on. */
  bind(target: VolumeTarget): void;
  /** The instance ended: its link is cut (and, for a container, its own root is dropped). */
  close(): void;
}

type Planned =
  | { kind: 'emptyDir'; id: string; memory: boolean; sizeLimit?: EmptyDirUsage['sizeLimit'] }
  | { kind: 'projected'; id: string; volume: Obj }
  | { kind: 'persistent'; id: string; claim: string; pv?: string; readOnly: boolean }
  | { kind: 'hostPath'; id: string; path: string };

interface ContainerMounts {
  ids: string[];
  mounts: MountSpec[];
}

const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The volumes every container of the pod mounts (init containers included), by name. */
function mountedVolumeNames(pod: Pod): Set<string> {
  const names = new Set<string>();
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const m of (c.volumeMounts ?? []) as Obj[]) names.add(String(m.name ?? ''));
  }
  return names;
}

/**
 * One pod's volumes on its node, as the kubelet's volume manager sets them up: an emptyDir
 * made empty when the pod first needs it and dropped with the pod; ConfigMap, Secret,
 * downward API and projected volumes written from their objects (read-only) and rewritten by
 * `refresh`; a persistentVolumeClaim's bound volume loaded from the cluster's volume store
 * (claimed for this node) and written back when let go, and, when it is ReadWriteMany or
 * ReadOnlyMany, kept in step with the other nodes that mount it; hostPath volumes kept per node. Each
 * container instance also gets a root filesystem of its own (with /tmp), gone when it ends.
 */
export class PodVolumes {
  private readonly uid: string;
  private readonly planned = new Map<string, Planned>();
  private readonly ready = new Set<string>();
  private readonly containers = new Map<string, ContainerMounts>();
  private torn = false;
  /** The setUp under way, which tearDown waits for (it may be claiming a volume). */
  private settingUp: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: PodVolumesDeps,
    pod: Pod,
  ) {
    this.uid = pod.metadata.uid ?? '';
  }

  /**
   * Sets up every volume a container of the pod mounts that is not set up yet; resolves to
   * undefined once all are, else to the first failure (to record, then retry later).
   */
  setUp(pod: Pod, addresses: SandboxAddresses): Promise<MountFailure | undefined> {
    const run = this.settingUp.then(() => this.setUpAll(pod, addresses));
    this.settingUp = run.catch(() => {});
    return run;
  }

  private async setUpAll(pod: Pod, addresses: SandboxAddresses): Promise<MountFailure | undefined> {
    if (this.torn) return undefined;
    const used = mountedVolumeNames(pod);
    for (const volume of (pod.spec.volumes ?? []) as Obj[]) {
      const name = String(volume.name ?? '');
      if (!used.has(name) || this.ready.has(name)) continue;
      const failure = await this.setUpOne(pod, name, volume, addresses);
      if (failure) return failure;
      if (this.torn) return undefined;
      this.ready.add(name);
    }
    return undefined;
  }

  /**
   * Rewrites the ConfigMap, Secret and downward API volumes from their objects as they are
   * now; containers that mount one (other than through a subPath) get the new files. A volume
   * whose object has gone or broken keeps its files.
   */
  async refresh(pod: Pod, addresses: SandboxAddresses): Promise<void> {
    for (const [name, planned] of this.planned) {
      if (planned.kind !== 'projected' || !this.ready.has(name) || this.torn) continue;
      let entries;
      try {
        entries = await projectedFiles(pod, planned.volume, {
          reader: this.deps.reader,
          addresses,
        });
      } catch {
        continue;
      }
      const current = this.deps.host.data(planned.id)?.entries();
      if (this.torn || (current && sameEntries(current, entries))) continue;
      this.deps.host.replace(planned.id, entries);
    }
  }

  /**
   * The files of a new instance of `container`: its volumeMounts (a subPath of a ConfigMap or
   * Secret volume gets a copy that never changes), `/tmp`, and its own root `/`.
   */
  openContainer(
    container: Container,
    containerID: string,
    env: [string, string][],
    imageFiles?: Readonly<Record<string, string>>,
  ): ContainerFiles {
    const host = this.deps.host;
    const root = `ctr/${containerID}/root`;
    host.ensure(root, () => imageRootEntries(imageFiles ?? {}));
    const ids = new Set([root]);
    const mounts: MountSpec[] = [];
    const values = new Map(env);
    for (const m of (container.volumeMounts ?? []) as Obj[]) {
      const name = String(m.name ?? '');
      const planned = this.planned.get(name);
      if (!planned || !host.has(planned.id)) continue;
      const subPath =
        typeof m.subPathExpr === 'string' && m.subPathExpr !== ''
          ? expandVars(m.subPathExpr, (v) => values.get(v))
          : typeof m.subPath === 'string' && m.subPath !== ''
            ? m.subPath
            : undefined;
      let volume = planned.id;
      if (subPath !== undefined && planned.kind === 'projected') {
        // The kubelet bind-mounts the file as it is: later updates of the object do not reach it.
        volume = `ctr/${containerID}/${name}`;
        host.ensure(volume, () => host.data(planned.id)?.entries(true) ?? []);
      }
      const readOnly =
        m.readOnly === true ||
        planned.kind === 'projected' ||
        (planned.kind === 'persistent' && planned.readOnly);
      mounts.push({
        path: String(m.mountPath ?? ''),
        volume,
        ...(subPath !== undefined ? { subPath } : {}),
        readOnly,
      });
      ids.add(volume);
    }
    const at = (path: string) => mounts.some((m) => normalizeVolumePath(m.path) === path);
    if (!at('tmp')) mounts.push({ path: '/tmp', volume: root, subPath: 'tmp', readOnly: false });
    if (!at('')) mounts.push({ path: '/', volume: root, readOnly: false });
    const record = { ids: [...ids], mounts };
    this.containers.set(containerID, record);
    return this.files(record, () => this.closeContainer(containerID));
  }

  /** The pod's emptyDirs that are set up, with the bytes each holds now. */
  emptyDirUsage(): EmptyDirUsage[] {
    const usage: EmptyDirUsage[] = [];
    for (const [name, planned] of this.planned) {
      if (planned.kind !== 'emptyDir') continue;
      const data = this.deps.host.data(planned.id);
      if (!data) continue;
      usage.push({
        name,
        bytes: data.size(),
        memory: planned.memory,
        ...(planned.sizeLimit ? { sizeLimit: planned.sizeLimit } : {}),
      });
    }
    return usage;
  }

  /**
   * Bytes held by the `medium: Memory` emptyDirs that `container` mounts (each counted once):
   * what a cgroup charging tmpfs pages adds to its memory. Every container mounting such a
   * volume is charged its whole contents, whoever wrote them.
   */
  tmpfsBytes(container: Container): number {
    const names = new Set(((container.volumeMounts ?? []) as Obj[]).map((m) => String(m.name)));
    let total = 0;
    for (const name of names) {
      const planned = this.planned.get(name);
      if (planned?.kind !== 'emptyDir' || !planned.memory) continue;
      total += this.deps.host.data(planned.id)?.size() ?? 0;
    }
    return total;
  }

  /** The files of a running instance again, for a process exec'd beside it (shared, not copied). */
  openExec(containerID: string): ContainerFiles | undefined {
    const record = this.containers.get(containerID);
    return record ? this.files(record, () => {}) : undefined;
  }

  /** Lets go of every volume: persistent ones are written back before this resolves. */
  async tearDown(): Promise<void> {
    if (this.torn) return;
    this.torn = true;
    await this.settingUp;
    for (const id of [...this.containers.keys()]) this.closeContainer(id);
    const host = this.deps.host;
    await Promise.all(
      [...this.planned.values()].map((p) =>
        p.kind === 'persistent' || p.kind === 'hostPath'
          ? host.release(p.id, this.uid)
          : host.release(p.id),
      ),
    );
  }

  private files(record: ContainerMounts, onClose: () => void): ContainerFiles {
    const attachment = this.deps.host.attach(record.ids);
    return {
      filesystem: {
        volumes: attachment.contents(),
        mounts: record.mounts,
        changed: (volume, change) => attachment.changed(volume, change),
      },
      bind: (target) => attachment.bind(target),
      close: () => {
        attachment.detach();
        onClose();
      },
    };
  }

  private closeContainer(containerID: string): void {
    const record = this.containers.get(containerID);
    if (!record) return;
    this.containers.delete(containerID);
    for (const id of record.ids) {
      if (id.startsWith(`ctr/${containerID}/`)) void this.deps.host.release(id);
    }
  }

  private async setUpOne(
    pod: Pod,
    name: string,
    volume: Obj,
    addresses: SandboxAddresses,
  ): Promise<MountFailure | undefined> {
    const host = this.deps.host;
    const id = `pod/${this.uid}/${name}`;
    if (isProjectedVolume(volume)) {
      this.planned.set(name, { kind: 'projected', id, volume });
      if (host.has(id)) return undefined;
      try {
        const entries = await projectedFiles(pod, volume, { reader: this.deps.reader, addresses });
        if (!this.torn) host.ensure(id, () => entries);
        return undefined;
      } catch (err) {
        return {
          reason: 'FailedMount',
          message: `MountVolume.SetUp failed for volume "${name}" : ${messageOf(err)}`,
        };
      }
    }
    if (volume.persistentVolumeClaim) return this.setUpClaim(pod, name, volume);
    if (volume.hostPath) {
      const path = String(asObj(volume.hostPath).path ?? '');
      const planned: Planned = { kind: 'hostPath', id: `host/${path}`, path };
      this.planned.set(name, planned);
      const key = `host:${this.deps.nodeName}:${path}`;
      await host.hostPersistent(planned.id, key, this.uid, true);
      return undefined;
    }
    // emptyDir, and sources the playground cannot reach (nfs, csi...), which start empty.
    const emptyDir = asObj(volume.emptyDir);
    this.planned.set(name, {
      kind: 'emptyDir',
      id,
      memory: emptyDir.medium === 'Memory',
      ...sizeLimitOf(emptyDir.sizeLimit),
    });
    host.ensure(id);
    const changed = this.deps.emptyDirChanged;
    if (changed) host.listen(id, changed);
    return undefined;
  }

  private async setUpClaim(pod: Pod, name: string, volume: Obj): Promise<MountFailure | undefined> {
    const source = asObj(volume.persistentVolumeClaim);
    const claimName = String(source.claimName ?? '');
    const namespace = pod.metadata.namespace ?? 'default';
    const unmounted = (why: string): MountFailure => ({
      reason: 'FailedMount',
      message:
        `Unable to attach or mount volumes: unmounted volumes=[${name}], unattached volumes=[${name}], ` +
        `failed to process volumes=[${name}]: error processing PVC ${namespace}/${claimName}: ${why}`,
    });
    let pv: PersistentVolume;
    try {
      const claim = await this.deps.reader.claim(namespace, claimName);
      const volumeName = claim.spec.volumeName;
      if (!volumeName || claim.status?.phase !== 'Bound') return unmounted('PVC is not bound');
      pv = await this.deps.reader.volume(volumeName);
    } catch (err) {
      if (isNotFound(err)) {
        return unmounted(`failed to fetch PVC from API server: ${messageOf(err)}`);
      }
      throw err;
    }
    const pvName = pv.metadata.name ?? '';
    const planned: Planned = {
      kind: 'persistent',
      id: `pv/${pvName}`,
      claim: claimName,
      pv: pvName,
      readOnly: source.readOnly === true,
    };
    this.planned.set(name, planned);
    const modes = pv.spec.accessModes ?? [];
    const shared = modes.includes('ReadWriteMany') || modes.includes('ReadOnlyMany');
    // A volume several nodes may mount is kept in step between them while they run, as an
    // NFS share would be; a ReadWriteOnce one is only ever on one node at a time.
    const host = this.deps.host;
    if (await host.hostPersistent(planned.id, pvName, this.uid, shared, shared)) return undefined;
    this.planned.delete(name);
    return {
      reason: 'FailedAttachVolume',
      message: `Multi-Attach error for volume "${pvName}" Volume is already exclusively attached to one node and can't be attached to another`,
    };
  }
}

/** An emptyDir's sizeLimit, when it has a positive valid one. */
function sizeLimitOf(limit: unknown): { sizeLimit?: EmptyDirUsage['sizeLimit'] } {
  if (typeof limit !== 'string' && typeof limit !== 'number') return {};
  try {
    const bytes = quantityValue(limit);
    return bytes > 0 ? { sizeLimit: { text: canonicalQuantity(limit), bytes } } : {};
  } catch {
    return {};
  }
}
