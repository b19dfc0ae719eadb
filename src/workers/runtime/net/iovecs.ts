/**
 * WASI's scatter/gather buffers: `iovs` points at `count` pairs (u32 buffer address, u32
 * length) in the module's memory.
 */

interface Iovec {
  buf: number;
  len: number;
}

function iovecs(memory: WebAssembly.Memory, iovs: number, count: number): Iovec[] {
  const view = new DataView(memory.buffer);
  return Array.from({ length: count }, (_, i) => ({
    buf: view.getUint32(iovs + i * 8, true),
    len: view.getUint32(iovs + i * 8 + 4, true),
  }));
}

/** How many bytes the buffers hold in all. */
export function iovecsCapacity(memory: WebAssembly.Memory, iovs: number, count: number): number {
  return iovecs(memory, iovs, count).reduce((sum, iovec) => sum + iovec.len, 0);
}

/** Copies the bytes the buffers hold, in order, into one new array. */
export function gatherIovecs(memory: WebAssembly.Memory, iovs: number, count: number): Uint8Array {
  const parts = iovecs(memory, iovs, count);
  const out = new Uint8Array(parts.reduce((sum, iovec) => sum + iovec.len, 0));
  const bytes = new Uint8Array(memory.buffer);
  let at = 0;
  for (const { buf, len } of parts) {
    out.set(bytes.subarray(buf, buf + len), at);
    at += len;
  }
  return out;
}

/** Spreads `data` over the buffers, in order (it must fit their capacity). */
export function scatterIovecs(
  memory: WebAssembly.Memory,
  iovs: number,
  count: number,
  data: Uint8Array,
): void {
  const bytes = new Uint8Array(memory.buffer);
  let at = 0;
  for (const { buf, len } of iovecs(memory, iovs, count)) {
    if (at >= data.byteLength) break;
    const part = Math.min(len, data.byteLength - at);
    bytes.set(data.subarray(at, at + part), buf);
    at += part;
  }
}
