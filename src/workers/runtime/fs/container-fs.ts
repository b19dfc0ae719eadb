import {
  Directory,
  File,
  OpenDirectory,
  OpenFile,
  PreopenDirectory,
  type Fd,
  type Inode,
} from '@bjorn3/browser_wasi_shim';
import {
  joinVolumePath,
  normalizeVolumePath,
  parentVolumePath,
  type FilesystemSpec,
  type MountSpec,
  type VolumeChange,
} from './fs-protocol.ts';
import { VolumeTree } from './volume-tree.ts';

const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_NOTSUP = 58;
const ERRNO_ROFS = 69;
const ERRNO_XDEV = 75;

const OFLAGS_CREAT = 1;
const OFLAGS_DIRECTORY = 2;
const OFLAGS_TRUNC = 8;
const FDFLAGS_APPEND = 1;
const RIGHTS_FD_WRITE = 1n << 6n;
/** Every right WASI preview1 defines (bits 0..29). */
const RIGHTS_ALL = (1n << 30n) - 1n;

type Call = (...args: (number | bigint)[]) => number;
type Imports = Record<string, unknown>;

interface Location {
  tree: VolumeTree;
  path: string;
}

/** Something placed in a mount's tree for this container only: a mount point or a file mount. */
interface LocalEntry {
  path: string;
  graft?: Inode;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A mount path as a volume path relative to the root (`/data/x` → `data/x`). */
function fromRoot(mountPath: string): string {
  return normalizeVolumePath(mountPath) ?? '';
}

/**
 * A container's files through the WASI shim. Each volume becomes a directory tree; each
 * directory mount a preopened directory (placed on the next descriptors, in mount order), so
 * wasi-libc resolves absolute paths through them by longest prefix; a mount of a single file
 * (a subPath naming a file) is grafted into the tree of the mount that holds its path, and
 * mount points get empty directories there so that listing a parent shows them.
 *
 * The file calls are wrapped: what a program changes in a volume is reported (`report`), one
 * change per mutating call, after the shim has made it (write-through; reads stay local and
 * synchronous); read-only mounts refuse changes with EROFS; a rename across volumes is EXDEV
 * and hard links are not supported. `apply` brings in another writer's change. Directory
 * descriptors report every right, so wasi-libc asks for the rights that match an open's
 * access mode, and a descriptor opened without write access cannot write (EBADF).
 */
export class ContainerFs {
  private readonly trees = new Map<string, VolumeTree>();
  /** Trees in the order an inode is looked for: a grafted file is found in its own volume. */
  private readonly searchOrder: VolumeTree[] = [];
  private readonly locals = new Map<VolumeTree, LocalEntry[]>();
  private readonly located = new WeakMap<Inode, Location>();
  private readonly readOnlyFds = new WeakSet<Fd>();
  private readonly appendFds = new WeakSet<Fd>();

  constructor(
    spec: FilesystemSpec,
    private readonly fds: (Fd | undefined)[],
    private readonly report: (volume: string, change: VolumeChange) => void,
  ) {
    const readOnly = (id: string) =>
      spec.mounts.filter((m) => m.volume === id).every((m) => m.readOnly);
    for (const volume of spec.volumes) {
      this.trees.set(volume.id, new VolumeTree(volume.id, volume.entries, readOnly(volume.id)));
    }
    const atRoot = new Set(spec.mounts.filter((m) => fromRoot(m.path) === '').map((m) => m.volume));
    this.searchOrder = [
      ...[...this.trees.values()].filter((t) => !atRoot.has(t.id)),
      ...[...this.trees.values()].filter((t) => atRoot.has(t.id)),
    ];
    this.mount(spec.mounts);
  }

  /** Brings in a change made by another writer of the volume (or the node's regeneration). */
  apply(volume: string, change: VolumeChange): void {
    const tree = this.trees.get(volume);
    if (!tree) return;
    tree.apply(change);
    if (change.op === 'replace') this.placeLocals(tree);
  }

  /** Replaces the shim's file calls in `imports` (wasi_snapshot_preview1) with tracking ones. */
  wrap(imports: Imports, memory: () => WebAssembly.Memory): void {
    const inner = (name: string) => imports[name] as Call;
    const text = (ptr: number, len: number) =>
      new TextDecoder().decode(new Uint8Array(memory().buffer).slice(ptr, ptr + len));
    const u32 = (ptr: number) => new DataView(memory().buffer).getUint32(ptr, true);
    /** The directory an `*at` call names and the volume path it resolves `path` to. */
    const target = (fd: number, ptr: number, len: number) => {
      const dir = this.fds[fd];
      if (!(dir instanceof OpenDirectory)) return undefined;
      const at = this.locate(dir.dir);
      const rel = normalizeVolumePath(text(ptr, len));
      if (!at || rel === undefined) return undefined;
      return { tree: at.tree, path: joinVolumePath(at.path, rel) };
    };

    const pathOpen = inner('path_open');
    imports.path_open = (
      fd: number,
      dirflags: number,
      pathPtr: number,
      pathLen: number,
      oflags: number,
      rightsBase: bigint,
      rightsInheriting: bigint,
      fdflags: number,
      openedPtr: number,
    ) => {
      const open = () =>
        pathOpen(
          fd,
          dirflags,
          pathPtr,
          pathLen,
          oflags,
          rightsBase,
          rightsInheriting,
          fdflags,
          openedPtr,
        );
      const at = target(fd, pathPtr, pathLen);
      if (!at) return open();
      const before = at.tree.resolve(at.path);
      const writes = (rightsBase & RIGHTS_FD_WRITE) !== 0n || (oflags & OFLAGS_TRUNC) !== 0;
      const creates = !before && (oflags & OFLAGS_CREAT) !== 0;
      if (at.tree.readOnly && (creates || (writes && !(before instanceof Directory)))) {
        return ERRNO_ROFS;
      }
      const ret = open();
      if (ret !== ERRNO_SUCCESS) return ret;
      const opened = this.fds[u32(openedPtr)];
      if (opened instanceof OpenFile) {
        if (rightsBase !== 0n && (rightsBase & RIGHTS_FD_WRITE) === 0n) {
          this.readOnlyFds.add(opened);
        }
        if ((fdflags & FDFLAGS_APPEND) !== 0) this.appendFds.add(opened);
        this.located.set(opened.file, at);
      }
      if (!before) {
        const dir = (oflags & OFLAGS_DIRECTORY) !== 0;
        this.report(at.tree.id, { op: dir ? 'mkdir' : 'create', path: at.path });
      } else if ((oflags & OFLAGS_TRUNC) !== 0 && before instanceof File) {
        this.report(at.tree.id, { op: 'resize', path: at.path, size: 0 });
      }
      return ret;
    };

    const fdWrite = inner('fd_write');
    imports.fd_write = (fd: number, iovs: number, iovsLen: number, nwrittenOut: number) => {
      const file = this.fds[fd];
      if (!(file instanceof OpenFile)) return fdWrite(fd, iovs, iovsLen, nwrittenOut);
      if (this.readOnlyFds.has(file)) return ERRNO_BADF;
      // O_APPEND: every write goes to the end as it is now (another writer may have grown it).
      if (this.appendFds.has(file)) file.file_pos = BigInt(file.file.data.byteLength);
      const start = file.file_pos;
      const ret = fdWrite(fd, iovs, iovsLen, nwrittenOut);
      if (ret === ERRNO_SUCCESS && file.file_pos > start) {
        this.reportWrite(file.file, Number(start), Number(file.file_pos));
      }
      return ret;
    };

    const fdPwrite = inner('fd_pwrite');
    imports.fd_pwrite = (
      fd: number,
      iovs: number,
      iovsLen: number,
      offset: bigint,
      nwrittenOut: number,
    ) => {
      const file = this.fds[fd];
      const call = () => fdPwrite(fd, iovs, iovsLen, offset, nwrittenOut);
      if (!(file instanceof OpenFile)) return call();
      if (this.readOnlyFds.has(file)) return ERRNO_BADF;
      const ret = call();
      const written = ret === ERRNO_SUCCESS ? u32(nwrittenOut) : 0;
      if (written > 0) this.reportWrite(file.file, Number(offset), Number(offset) + written);
      return ret;
    };

    for (const name of ['fd_allocate', 'fd_filestat_set_size']) {
      const resize = inner(name);
      imports[name] = (fd: number, ...rest: bigint[]) => {
        const file = this.fds[fd];
        const call = () => resize(fd, ...rest);
        if (!(file instanceof OpenFile)) return call();
        if (this.readOnlyFds.has(file)) return ERRNO_BADF;
        const ret = call();
        const at = ret === ERRNO_SUCCESS ? this.locate(file.file) : undefined;
        if (at) {
          this.report(at.tree.id, { op: 'resize', path: at.path, size: file.file.data.byteLength });
        }
        return ret;
      };
    }

    const pathChange = (name: string, change: (path: string) => VolumeChange) => {
      const call = inner(name);
      imports[name] = (fd: number, ptr: number, len: number) => {
        const at = target(fd, ptr, len);
        if (at?.tree.readOnly) return ERRNO_ROFS;
        const ret = call(fd, ptr, len);
        if (at && ret === ERRNO_SUCCESS) this.report(at.tree.id, change(at.path));
        return ret;
      };
    };
    pathChange('path_create_directory', (path) => ({ op: 'mkdir', path }));
    pathChange('path_unlink_file', (path) => ({ op: 'remove', path }));
    pathChange('path_remove_directory', (path) => ({ op: 'remove', path }));

    const pathRename = inner('path_rename');
    imports.path_rename = (
      fd: number,
      oldPtr: number,
      oldLen: number,
      newFd: number,
      newPtr: number,
      newLen: number,
    ) => {
      const from = target(fd, oldPtr, oldLen);
      const to = target(newFd, newPtr, newLen);
      if (from && to && from.tree !== to.tree) return ERRNO_XDEV;
      if (from?.tree.readOnly || to?.tree.readOnly) return ERRNO_ROFS;
      const ret = pathRename(fd, oldPtr, oldLen, newFd, newPtr, newLen);
      if (from && to && ret === ERRNO_SUCCESS) {
        this.report(from.tree.id, { op: 'rename', from: from.path, to: to.path });
      }
      return ret;
    };

    // A second name for an inode would leave the volume's copies with two files.
    imports.path_link = () => ERRNO_NOTSUP;

    const fdstat = inner('fd_fdstat_get');
    imports.fd_fdstat_get = (fd: number, out: number) => {
      const ret = fdstat(fd, out);
      const entry = this.fds[fd];
      if (ret !== ERRNO_SUCCESS) return ret;
      const view = new DataView(memory().buffer);
      if (entry instanceof OpenDirectory) {
        view.setBigUint64(out + 8, RIGHTS_ALL, true);
        view.setBigUint64(out + 16, RIGHTS_ALL, true);
      } else if (entry instanceof OpenFile) {
        const base = this.readOnlyFds.has(entry) ? RIGHTS_ALL & ~RIGHTS_FD_WRITE : RIGHTS_ALL;
        view.setBigUint64(out + 8, base, true);
        view.setBigUint64(out + 16, 0n, true);
      }
      return ret;
    };
  }

  private reportWrite(file: File, start: number, end: number): void {
    const at = this.locate(file);
    if (!at) return;
    this.report(at.tree.id, {
      op: 'write',
      path: at.path,
      offset: start,
      data: file.data.slice(start, end),
    });
  }

  /** The volume and path of an inode: remembered, checked, else searched for. */
  private locate(inode: Inode): Location | undefined {
    const known = this.located.get(inode);
    if (known && known.tree.resolve(known.path) === inode) return known;
    for (const tree of this.searchOrder) {
      const path = tree.find(inode);
      if (path !== undefined) {
        const found = { tree, path };
        this.located.set(inode, found);
        return found;
      }
    }
    return undefined;
  }

  private mount(mounts: readonly MountSpec[]): void {
    const dirMounts: { path: string; tree: VolumeTree; dir: Directory }[] = [];
    const fileMounts: { path: string; file: Inode }[] = [];
    for (const mount of mounts) {
      const tree = this.trees.get(mount.volume);
      if (!tree) continue;
      const sub = normalizeVolumePath(mount.subPath ?? '') ?? '';
      let node = tree.resolve(sub);
      if (!node) {
        // As the kubelet does for a subPath that does not exist yet: the directory is made.
        tree.apply({ op: 'mkdir', path: sub });
        this.report(tree.id, { op: 'mkdir', path: sub });
        node = tree.resolve(sub);
      }
      if (node instanceof Directory) dirMounts.push({ path: mount.path, tree, dir: node });
      else if (node) fileMounts.push({ path: mount.path, file: node });
    }
    // The mount holding `path` (longest prefix), other than one at `path` itself.
    const holder = (path: string) => {
      let best: { tree: VolumeTree; dir: Directory; rest: string } | undefined;
      let bestLength = -1;
      const wanted = fromRoot(path);
      for (const m of dirMounts) {
        const at = fromRoot(m.path);
        if (at === wanted) continue;
        const within = at === '' || wanted.startsWith(`${at}/`);
        if (within && at.length > bestLength) {
          const rest = at === '' ? wanted : wanted.slice(at.length + 1);
          const base = m.tree.find(m.dir) ?? '';
          best = { tree: m.tree, dir: m.dir, rest: joinVolumePath(base, rest) };
          bestLength = at.length;
        }
      }
      return best;
    };
    for (const m of dirMounts) {
      if (fromRoot(m.path) === '') continue;
      const h = holder(m.path);
      if (h) this.addLocal(h.tree, { path: h.rest });
    }
    for (const m of fileMounts) {
      const h = holder(m.path);
      if (h) this.addLocal(h.tree, { path: h.rest, graft: m.file });
    }
    for (const tree of this.locals.keys()) this.placeLocals(tree);
    for (const m of dirMounts) {
      const preopen = new PreopenDirectory(m.path, new Map());
      preopen.dir = m.dir;
      this.fds.push(preopen);
    }
  }

  private addLocal(tree: VolumeTree, entry: LocalEntry): void {
    const list = this.locals.get(tree) ?? [];
    list.push(entry);
    this.locals.set(tree, list);
  }

  /** Puts the mount points and grafted files back into `tree` (after it was replaced). */
  private placeLocals(tree: VolumeTree): void {
    for (const entry of this.locals.get(tree) ?? []) {
      if (!entry.graft) {
        if (!tree.resolve(entry.path)) tree.apply({ op: 'mkdir', path: entry.path });
        continue;
      }
      const parentPath = parentVolumePath(entry.path);
      if (!tree.resolve(parentPath)) tree.apply({ op: 'mkdir', path: parentPath });
      const parent = tree.resolve(parentPath);
      if (parent instanceof Directory) parent.contents.set(baseName(entry.path), entry.graft);
    }
  }
}
