import {
  defaultDirMode,
  defaultFileMode,
  isWithinVolumePath,
  parentVolumePath,
  type VolumeChange,
  type VolumeEntry,
} from '../../runtime/fs/fs-protocol.ts';

/** A file's bytes with room to grow, so that a run of appends costs no copy each. */
interface FileNode {
  kind: 'file';
  mode: number;
  bytes: Uint8Array;
  length: number;
}

type Node = FileNode | { kind: 'dir'; mode: number };

/**
 * The node's copy of one volume: a flat map from path to directory or file, changed by the
 * same VolumeChanges containers report (and made to converge the same way: missing parents
 * made, missing entries ignored). `apply` says which paths it touched, for whoever keeps the
 * volume on disk.
 */
export class VolumeData {
  private readonly nodes = new Map<string, Node>();

  constructor(entries: readonly VolumeEntry[] = []) {
    this.load(entries);
  }

  /** Applies a change; returns the paths whose entry was set or removed. */
  apply(change: VolumeChange): string[] {
    const touched: string[] = [];
    switch (change.op) {
      case 'write': {
        const file = this.fileAt(change.path, touched);
        if (!file) break;
        const end = change.offset + change.data.byteLength;
        this.reserve(file, end);
        file.bytes.set(change.data, change.offset);
        file.length = Math.max(file.length, end);
        touched.push(change.path);
        break;
      }
      case 'create':
        this.fileAt(change.path, touched);
        break;
      case 'resize': {
        const file = this.fileAt(change.path, touched);
        if (!file) break;
        this.reserve(file, change.size);
        // Bytes past a cut are zero again should the file grow back over them.
        if (change.size < file.length) file.bytes.fill(0, change.size, file.length);
        file.length = change.size;
        touched.push(change.path);
        break;
      }
      case 'mkdir':
        this.dirAt(change.path, touched);
        break;
      case 'remove':
        this.removeTree(change.path, touched);
        break;
      case 'rename': {
        const { from, to } = change;
        if (from === to || isWithinVolumePath(to, from) || !this.nodes.has(from)) break;
        if (!this.dirAt(parentVolumePath(to), touched)) break;
        const moving = [...this.nodes].filter(([path]) => isWithinVolumePath(path, from));
        this.removeTree(to, touched);
        for (const [path] of moving) {
          this.nodes.delete(path);
          touched.push(path);
        }
        for (const [path, node] of moving) {
          const moved = to + path.slice(from.length);
          this.nodes.set(moved, node);
          touched.push(moved);
        }
        break;
      }
      case 'set': {
        if (this.nodes.get(change.path)?.kind === 'dir') this.removeTree(change.path, touched);
        const file = this.fileAt(change.path, touched);
        if (!file) break;
        file.bytes = change.data.slice();
        file.length = file.bytes.byteLength;
        touched.push(change.path);
        break;
      }
      case 'replace':
        touched.push(...this.nodes.keys());
        this.nodes.clear();
        this.load(change.entries);
        touched.push(...this.nodes.keys());
        break;
    }
    return touched;
  }

  /** The entry at `path` as stored (a file's bytes are a view: copy before keeping them). */
  entry(path: string): VolumeEntry | undefined {
    const node = this.nodes.get(path);
    if (!node) return undefined;
    if (node.kind === 'dir') return { kind: 'dir', path, mode: node.mode };
    return { kind: 'file', path, mode: node.mode, data: node.bytes.subarray(0, node.length) };
  }

  /** A file's bytes (a view), or undefined. */
  file(path: string): Uint8Array | undefined {
    const entry = this.entry(path);
    return entry?.kind === 'file' ? entry.data : undefined;
  }

  /** Every entry, parents first; with `copy`, files get bytes of their own (for posting). */
  entries(copy = false): VolumeEntry[] {
    return [...this.nodes.keys()].sort().map((path) => {
      const entry = this.entry(path)!;
      return copy && entry.kind === 'file' ? { ...entry, data: entry.data.slice() } : entry;
    });
  }

  /** Whether anything lies under the directory at `path` (the root: whether any entry exists). */
  holdsUnder(path: string): boolean {
    for (const key of this.nodes.keys()) {
      if (key !== path && isWithinVolumePath(key, path)) return true;
    }
    return false;
  }

  /** Bytes held in files. */
  size(): number {
    let total = 0;
    for (const node of this.nodes.values()) if (node.kind === 'file') total += node.length;
    return total;
  }

  private load(entries: readonly VolumeEntry[]): void {
    for (const entry of entries) {
      if (entry.path === '') continue;
      this.dirAt(parentVolumePath(entry.path), []);
      if (entry.kind === 'dir') {
        this.nodes.set(entry.path, { kind: 'dir', mode: entry.mode });
      } else {
        const bytes = entry.data.slice();
        this.nodes.set(entry.path, {
          kind: 'file',
          mode: entry.mode,
          bytes,
          length: bytes.byteLength,
        });
      }
    }
  }

  private reserve(file: FileNode, size: number): void {
    if (file.bytes.byteLength >= size) return;
    const grown = new Uint8Array(Math.max(size, file.bytes.byteLength * 2, 64));
    grown.set(file.bytes.subarray(0, file.length));
    file.bytes = grown;
  }

  /** The directory at `path` (made with its parents when missing); false if a file is in the way. */
  private dirAt(path: string, touched: string[]): boolean {
    if (path === '') return true;
    const node = this.nodes.get(path);
    if (node) return node.kind === 'dir';
    if (!this.dirAt(parentVolumePath(path), touched)) return false;
    this.nodes.set(path, { kind: 'dir', mode: defaultDirMode });
    touched.push(path);
    return true;
  }

  private fileAt(path: string, touched: string[]): FileNode | undefined {
    if (path === '') return undefined;
    const node = this.nodes.get(path);
    if (node) return node.kind === 'file' ? node : undefined;
    if (!this.dirAt(parentVolumePath(path), touched)) return undefined;
    const made: FileNode = {
      kind: 'file',
      mode: defaultFileMode,
      bytes: new Uint8Array(0),
      length: 0,
    };
    this.nodes.set(path, made);
    touched.push(path);
    return made;
  }

  private removeTree(path: string, touched: string[]): void {
    if (path === '') return;
    for (const key of [...this.nodes.keys()]) {
      if (isWithinVolumePath(key, path)) {
        this.nodes.delete(key);
        touched.push(key);
      }
    }
  }
}
