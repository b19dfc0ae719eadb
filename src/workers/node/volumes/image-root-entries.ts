import type { VolumeEntry } from '../../runtime/fs/fs-protocol.ts';

/**
 * A container's root filesystem as its image ships it: the image's files (paths from `/`,
 * e.g. `server.js` or `usr/src/app/index.html`), each directory before what it holds, files
 * readable by all (0644) and directories 0755, as in an image layer.
 */
export function imageRootEntries(files: Readonly<Record<string, string>>): VolumeEntry[] {
  const encoder = new TextEncoder();
  const entries: VolumeEntry[] = [];
  const dirs = new Set<string>();
  for (const [rawPath, text] of Object.entries(files)) {
    const parts = rawPath.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0) continue;
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      entries.push({ kind: 'dir', path: dir, mode: 0o755 });
    }
    entries.push({ kind: 'file', path: parts.join('/'), mode: 0o644, data: encoder.encode(text) });
  }
  return entries;
}
