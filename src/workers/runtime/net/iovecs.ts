/**
 * WASI's scatter/gather buffers: `iovs` points at `count` pairs (u32 buffer address, u32
 * length) in the module's memory. These run at every socket read and write, so they read the
 * pairs in place rather than building a list of them.
 */

/** How many bytes the buffers hold in all. */
export function iovecsCapacity(memory: WebAssembly.Memory, iovs: number, count: number): number {
  const view = new DataView(memory.buffer);
  let sum = 0;
  for (let i = 0; i < count; i++) sum += view.getUint32(iovs + i * 8 + 4, true);
  return sum;
}

/** Copies the bytes the buffers hold, in order, into one new array (of its own buffer). */
export function gatherIovecs(memory: WebAssembly.Memory, iovs: number, count: number): Uint8Array {
  const view = new DataView(memory.buffer);
  const bytes = new Uint8Array(memory.buffer);
  if (count === 1) {
    const buf = view.getUint32(iovs, true);
    return bytes.slice(buf, buf + view.getUint32(iovs + 4, true));
  }
  const out = new Uint8Array(iovecsCapacity(memory, iovs, count));
  let at = 0;
  for (let i = 0; i < count; i++) {
    const buf = view.getUint32(iovs + i * 8, true);
    const len = view.getUint32(iovs + i * 8 + 4, true);
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
  const view = new DataView(memory.buffer);
  const bytes = new Uint8Array(memory.buffer);
  let at = 0;
  for (let i = 0; i < count && at < data.byteLength; i++) {
    const buf = view.getUint32(iovs + i * 8, true);
    const len = view.getUint32(iovs + i * 8 + 4, true);
    const part = Math.min(len, data.byteLength - at);
    bytes.set(at === 0 && part === data.byteLength ? data : data.subarray(at, at + part), buf);
    at += part;
  }
}
