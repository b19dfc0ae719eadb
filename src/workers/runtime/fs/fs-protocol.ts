/**
 * The files a container sees, as plain data that crosses between a node worker and its
 * container workers: volumes (each a tree of directories and files, named by an id the node
 * chooses), where the container mounts them, and the changes either side makes to a volume.
 *
 * Paths inside a volume are relative, `/`-separated, without `.` or `..` and without a leading
 * or trailing slash; the volume's own root is ''.
 */

/** One directory or file of a volume. Modes are POSIX permission bits (0644); WASI shows none. */
export type VolumeEntry =
  | { kind: 'dir'; path: string; mode: number }
  | { kind: 'file'; path: string; mode: number; data: Uint8Array };

/** A volume's contents at one moment: every entry, each parent before what it holds. */
export interface VolumeContents {
  /** The node's id of the volume (`pod/<uid>/<name>`, `pv/<name>`...). */
  id: string;
  entries: VolumeEntry[];
}

/**
 * One change to a volume. A container reports the changes its program makes, one per mutating
 * WASI call; the node applies them to its copy and passes them to the other containers that
 * mount the volume, and sends `replace` when it regenerates a volume (a ConfigMap changed).
 * Applying a change never fails: a missing parent directory is made, a missing file created,
 * a path already gone ignored (copies converge even when two writers race).
 */
export type VolumeChange =
  /** Bytes written at `offset` of a file (made when missing, grown as needed). */
  | { op: 'write'; path: string; offset: number; data: Uint8Array }
  /** An empty file, made when missing (open with O_CREAT). */
  | { op: 'create'; path: string }
  /** The file cut or grown to `size` bytes (O_TRUNC, ftruncate, posix_fallocate). */
  | { op: 'resize'; path: string; size: number }
  | { op: 'mkdir'; path: string }
  /** A file, or a directory with everything in it. */
  | { op: 'remove'; path: string }
  /** An entry moved, replacing what was at `to`. */
  | { op: 'rename'; from: string; to: string }
  /**
   * A file's whole contents, replacing whatever is at `path` (a directory there goes with
   * everything in it): how another node's version of a shared volume's file comes in.
   */
  | { op: 'set'; path: string; data: Uint8Array }
  /** The whole volume's contents replaced (a regenerated ConfigMap or Secret volume). */
  | { op: 'replace'; entries: VolumeEntry[] };

/** Where a container sees a volume. */
export interface MountSpec {
  /** Absolute path in the container: `/data`. */
  path: string;
  /** The id of one of the container's volumes. */
  volume: string;
  /**
   * A path inside the volume to mount instead of its root (volumeMounts[].subPath): a
   * directory, or a file, which then appears at `path` inside the mount that holds it.
   */
  subPath?: string;
  readOnly: boolean;
}

/** A container's filesystem: the volumes it mounts, and where. */
export interface FilesystemSpec {
  volumes: VolumeContents[];
  /**
   * The mounts, in order; each directory mount becomes a WASI preopened directory (fds 3, 4,
   * ... in this order). A mount at `/` is the container's own root; without one, the program
   * sees only the mounts.
   */
  mounts: MountSpec[];
}

/** The default modes of what a program creates (umask 022). */
export const defaultFileMode = 0o644;
export const defaultDirMode = 0o755;

/**
 * `path` in the canonical form above: empty and `.` segments dropped, `..` resolved; undefined
 * when `..` would leave the root.
 */
export function normalizeVolumePath(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.pop() === undefined) return undefined;
      continue;
    }
    parts.push(part);
  }
  return parts.join('/');
}

/** `base` and `rest` joined as volume paths (either may be the root ''). */
export function joinVolumePath(base: string, rest: string): string {
  if (base === '') return rest;
  if (rest === '') return base;
  return `${base}/${rest}`;
}

/** The parent of a non-root volume path ('' for a top-level entry). */
export function parentVolumePath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** True when `path` is `ancestor` or lies under it. */
export function isWithinVolumePath(path: string, ancestor: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(`${ancestor}/`);
}
