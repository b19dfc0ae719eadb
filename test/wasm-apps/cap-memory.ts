/**
 * Returns a copy of a WebAssembly module whose (single, 32-bit) defined memory may grow to at most
 * `maxPages` 64 KiB pages, the way a runtime can enforce a container's memory limit: past it,
 * memory.grow fails and malloc returns NULL.
 */
export function capMemory(module: Uint8Array, maxPages: number): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [module.subarray(0, 8)];
  let at = 8;
  while (at < module.length) {
    const id = module[at];
    const [size, sizeEnd] = readU32(module, at + 1);
    const body = module.subarray(sizeEnd, sizeEnd + size);
    at = sizeEnd + size;
    if (id !== 5) {
      parts.push(Uint8Array.of(id, ...writeU32(size)), body);
      continue;
    }
    const [count, countEnd] = readU32(body, 0);
    if (count !== 1 || (body[countEnd] & ~1) !== 0) throw new Error('unexpected memory section');
    const [min] = readU32(body, countEnd + 1);
    const limits = [1, ...writeU32(min), ...writeU32(maxPages)];
    const section = [...writeU32(1), ...limits];
    parts.push(Uint8Array.of(id, ...writeU32(section.length), ...section));
  }
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function readU32(bytes: Uint8Array, start: number): [number, number] {
  let value = 0;
  let shift = 0;
  let at = start;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, at];
    shift += 7;
  }
}

function writeU32(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}
