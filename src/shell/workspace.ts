/**
 * The files a terminal's commands see: a small in-memory file system shared by every terminal
 * tab of the page (so `cat > my.yaml` in one tab and `kubectl apply -f my.yaml` in another
 * work), with a home directory, `/tmp` and `/etc/hosts`.
 */

/** The learner's home directory, the shell's starting directory. */
export const homeDirectory = '/home/user';

export class Workspace {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>(['/', '/home', homeDirectory, '/tmp', '/etc', '/dev']);

  constructor() {
    this.files.set(
      '/etc/hosts',
      '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n',
    );
  }

  /** An absolute, normalised path for `path` seen from `cwd` (`~` is the home directory). */
  resolve(cwd: string, path: string): string {
    if (path === '~' || path.startsWith('~/')) path = homeDirectory + path.slice(1);
    const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
    const out: string[] = [];
    for (const part of parts) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return `/${out.join('/')}`;
  }

  isFile(path: string): boolean {
    return this.files.has(path);
  }

  isDirectory(path: string): boolean {
    return this.dirs.has(path);
  }

  /** A file's content, or undefined when there is no such file. */
  read(path: string): string | undefined {
    return this.files.get(path);
  }

  /** Whether the file's directory exists (so it can be created). */
  canCreate(path: string): boolean {
    return this.dirs.has(parentOf(path)) && !this.dirs.has(path);
  }

  write(path: string, content: string): void {
    this.files.set(path, content);
  }

  append(path: string, content: string): void {
    this.files.set(path, (this.files.get(path) ?? '') + content);
  }

  remove(path: string): boolean {
    return this.files.delete(path);
  }

  /** Removes a directory and everything under it. */
  removeTree(path: string): void {
    for (const f of [...this.files.keys()])
      if (f === path || f.startsWith(`${path}/`)) this.files.delete(f);
    for (const d of [...this.dirs]) if (d === path || d.startsWith(`${path}/`)) this.dirs.delete(d);
  }

  /** Creates a directory (and, with `parents`, those above it); false if its parent is missing. */
  mkdir(path: string, parents = false): boolean {
    if (this.dirs.has(path)) return true;
    if (!this.dirs.has(parentOf(path))) {
      if (!parents) return false;
      this.mkdir(parentOf(path), true);
    }
    this.dirs.add(path);
    return true;
  }

  /** The names directly inside a directory, sorted. */
  list(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p !== dir && p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }

  /** Every file path, sorted. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Paths that complete `prefix` as typed (relative to `cwd`, or absolute): the names in its
 * directory that start with its last part, directories with a `/` after them.
 */
export function workspaceCompletions(workspace: Workspace, cwd: string, prefix: string): string[] {
  const slash = prefix.lastIndexOf('/');
  const dirPart = slash < 0 ? '' : prefix.slice(0, slash + 1);
  const dir = workspace.resolve(cwd, dirPart || '.');
  if (!workspace.isDirectory(dir)) return [];
  return workspace
    .list(dir)
    .filter((name) => name.startsWith(prefix.slice(slash + 1)))
    .map((name) => {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      return `${dirPart}${name}${workspace.isDirectory(path) ? '/' : ''}`;
    });
}
