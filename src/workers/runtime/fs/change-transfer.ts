import type { VolumeChange } from './fs-protocol.ts';

/**
 * The buffers a posted change can hand over instead of copying: those of its bytes. Only for a
 * change built for the message (a fresh slice), never one whose bytes the sender keeps using.
 */
export function changeTransfer(change: VolumeChange): Transferable[] {
  if (change.op === 'write' || change.op === 'set') return [change.data.buffer as ArrayBuffer];
  if (change.op === 'replace') {
    return change.entries.flatMap((e) => (e.kind === 'file' ? [e.data.buffer as ArrayBuffer] : []));
  }
  return [];
}
