import { Directory, File, type Inode } from '@bjorn3/browser_wasi_shim';
import {
  isWithinVolumePath,
  parentVolumePath,
  type VolumeChange,
  type VolumeEntry,
} from './fs-protocol.ts';

/** The shim keeps a directory's parent private; a grafted directory needs it for `..` entries. */
function setParent(dir: Directory, parent: Directory): void {
  (dir as unknown as { parent: Directory | null }).parent = parent;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * A container's copy of one volume, as the WASI shim's directory tree: built from the node's
 * entries, searched for the path of an inode the program wrote through, and updated in place
 * by the changes of others (the root directory object stays the same for good, so the
 * preopened descriptors on it see every change, a `replace` included). Files of a read-only
 * volume are read-only inodes.
 */
export class VolumeTree {
  readonly root = new Directory(new Map());

  constructor(
    readonly id: string,
    entries: readonly VolumeEntry[],
    readonly readOnly: boolean,
  ) {
    this.fill(entries);
  }

  /** The inode at `path`, if any. */
  resolve(path: string): Inode | undefined {
    let node: Inode = this.root;
    if (path === '') return node;
    for (const part of path.split('/')) {
      if (!(node instanceof Directory)) return undefined;
      const next = node.contents.get(part);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  /** The path of `inode` in this volume, or undefined when the volume does not hold it. */
  find(inode: Inode): string | undefined {
    if (inode === this.root) return '';
    const walk = (dir: Directory, prefix: string): string | undefined => {
      for (const [name, child] of dir.contents) {
        const path = prefix === '' ? name : `${prefix}/${name}`;
        if (child === inode) return path;
        if (child instanceof Directory) {
          const found = walk(child, path);
          if (found !== undefined) return found;
        }
      }
      return undefined;
    };
    return walk(this.root, '');
  }

  /** Total bytes of the files in the volume. */
  size(): number {
    let total = 0;
    const walk = (dir: Directory) => {
      for (const child of dir.contents.values()) {
        if (child instanceof File) total += child.data.byteLength;
        else if (child instanceof Directory) walk(child);
      }
    };
    walk(this.root);
    return total;
  }

  /** Applies another writer's change (see VolumeChange for how gaps are bridged). */
  apply(change: VolumeChange): void {
    switch (change.op) {
      case 'write': {
        const file = this.fileAt(change.path);
        if (!file) return;
        const end = change.offset + change.data.byteLength;
        if (file.data.byteLength < end) {
          const grown = new Uint8Array(end);
          grown.set(file.data);
          file.data = grown;
        }
        file.data.set(change.data, change.offset);
        return;
      }
      case 'create':
        this.fileAt(change.path);
        return;
      case 'resize': {
        const file = this.fileAt(change.path);
        if (!file || file.data.byteLength === change.size) return;
        const resized = new Uint8Array(change.size);
        resized.set(file.data.subarray(0, Math.min(change.size, file.data.byteLength)));
        file.data = resized;
        return;
      }
      case 'mkdir':
        this.dirAt(change.path);
        return;
      case 'remove': {
        const parent = this.resolve(parentVolumePath(change.path));
        if (parent instanceof Directory) parent.contents.delete(baseName(change.path));
        return;
      }
      case 'rename': {
        if (change.from === change.to || isWithinVolumePath(change.to, change.from)) return;
        const fromParent = this.resolve(parentVolumePath(change.from));
        if (!(fromParent instanceof Directory)) return;
        const moving = fromParent.contents.get(baseName(change.from));
        if (!moving) return;
        const toParent = this.dirAt(parentVolumePath(change.to));
        if (!toParent) return;
        fromParent.contents.delete(baseName(change.from));
        toParent.contents.set(baseName(change.to), moving);
        if (moving instanceof Directory) setParent(moving, toParent);
        return;
      }
      case 'set': {
        // The same inode keeps its contents, so descriptors open on it read the new bytes.
        const parent = this.dirAt(parentVolumePath(change.path));
        if (!parent || change.path === '') return;
        if (parent.contents.get(baseName(change.path)) instanceof Directory) {
          parent.contents.delete(baseName(change.path));
        }
        const file = this.fileAt(change.path);
        if (file) file.data = change.data.slice();
        return;
      }
      case 'replace':
        this.root.contents = new Map();
        this.fill(change.entries);
        return;
    }
  }

  private fill(entries: readonly VolumeEntry[]): void {
    for (const entry of entries) {
      if (entry.kind === 'dir') {
        this.dirAt(entry.path);
        continue;
      }
      const parent = this.dirAt(parentVolumePath(entry.path));
      parent?.contents.set(baseName(entry.path), new File(entry.data, { readonly: this.readOnly }));
    }
  }

  /** The directory at `path`, made (with its parents) when missing; undefined if a file is in the way. */
  private dirAt(path: string): Directory | undefined {
    let dir = this.root;
    if (path === '') return dir;
    for (const part of path.split('/')) {
      let next = dir.contents.get(part);
      if (!next) {
        const made = new Directory(new Map());
        setParent(made, dir);
        dir.contents.set(part, made);
        next = made;
      }
      if (!(next instanceof Directory)) return undefined;
      dir = next;
    }
    return dir;
  }

  /** The file at `path`, made empty (with its parents) when missing; undefined if a directory is there. */
  private fileAt(path: string): File | undefined {
    const parent = this.dirAt(parentVolumePath(path));
    if (!parent || path === '') return undefined;
    const name = baseName(path);
    const existing = parent.contents.get(name);
    if (existing) return existing instanceof File ? existing : undefined;
    const made = new File(new Uint8Array(0), { readonly: this.readOnly });
    parent.contents.set(name, made);
    return made;
  }
}
