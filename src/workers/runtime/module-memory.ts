/**
 * Reads and caps the linear memories declared in a WebAssembly binary. A memory limit is
 * enforced by rewriting each memory's maximum (in the memory section, id 5, or in a memory
 * import, section 2) before the module is compiled, so the engine itself refuses to grow past
 * it. The parser walks only the sections it needs and copies every other byte unchanged.
 */

/** Bytes per WebAssembly page (the only page size this parser accepts). */
export const WASM_PAGE_BYTES = 65536;

const SECTION_IMPORT = 2;
const SECTION_MEMORY = 5;
const LIMITS_HAS_MAX = 0x01;
const LIMITS_SHARED = 0x02;
const LIMITS_MEMORY64 = 0x04;
const LIMITS_KNOWN_FLAGS = LIMITS_HAS_MAX | LIMITS_SHARED | LIMITS_MEMORY64;

/** One linear memory as the module declares it, sizes in 64 KiB pages. */
export interface ModuleMemory {
  /** Where the module imports it from, or null when the module defines it. */
  imported: { module: string; name: string } | null;
  minPages: number;
  maxPages: number | null;
  shared: boolean;
  memory64: boolean;
}

/** The module rewritten so no memory can exceed `maxPages`, or why that cannot be. */
export type MemoryCapResult =
  | { ok: true; bytes: Uint8Array<ArrayBuffer>; memories: ModuleMemory[] }
  /** A memory's initial size alone is over the cap: the module could never start within it. */
  | { ok: false; initialPages: number; memories: ModuleMemory[] };

/** Lists the module's memories (imports first, then the memory section, in index order). */
export function readModuleMemories(bytes: Uint8Array): ModuleMemory[] {
  return walk(bytes, null).memories;
}

/**
 * Returns a copy of the module whose every memory has maximum min(its own maximum, maxPages),
 * adding a maximum where there was none. Throws an Error for a malformed or unsupported binary
 * (for example the custom-page-sizes proposal).
 */
export function capModuleMemory(bytes: Uint8Array, maxPages: number): MemoryCapResult {
  if (!Number.isInteger(maxPages) || maxPages < 0) throw new Error(`bad page cap ${maxPages}`);
  const { memories, output } = walk(bytes, maxPages);
  const tooBig = memories.find((m) => m.minPages > maxPages);
  if (tooBig) return { ok: false, initialPages: tooBig.minPages, memories };
  return { ok: true, bytes: output, memories };
}

/** Walks the binary; with a cap, also builds the rewritten copy. */
function walk(
  bytes: Uint8Array,
  cap: number | null,
): { memories: ModuleMemory[]; output: Uint8Array<ArrayBuffer> } {
  const reader = new Reader(bytes);
  const magic = reader.bytes(8);
  if (magic[0] !== 0 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d) {
    throw new Error('not a WebAssembly module (bad magic)');
  }
  if (magic[4] !== 1 || magic[5] !== 0 || magic[6] !== 0 || magic[7] !== 0) {
    throw new Error('unsupported WebAssembly binary version (only 1 is supported)');
  }
  const out = new Writer();
  out.push(magic);
  const memories: ModuleMemory[] = [];
  while (!reader.done()) {
    const sectionStart = reader.pos;
    const id = reader.byte();
    const size = reader.u32();
    const payloadStart = reader.pos;
    const payloadEnd = payloadStart + size;
    if (payloadEnd > bytes.length) throw new Error(`section ${id} runs past the end`);
    if (id === SECTION_IMPORT || id === SECTION_MEMORY) {
      const section = new Reader(bytes.subarray(payloadStart, payloadEnd));
      const payload = new Writer();
      if (id === SECTION_IMPORT) importSection(section, payload, memories, cap);
      else memorySection(section, payload, memories, cap);
      if (!section.done()) throw new Error(`section ${id} has trailing bytes`);
      out.byte(id);
      out.u64(payload.length);
      out.push(payload.finish());
    } else {
      out.push(bytes.subarray(sectionStart, payloadEnd));
    }
    reader.pos = payloadEnd;
  }
  return { memories, output: out.finish() };
}

function importSection(
  section: Reader,
  payload: Writer,
  memories: ModuleMemory[],
  cap: number | null,
): void {
  const count = section.u32();
  payload.u64(count);
  for (let i = 0; i < count; i++) {
    const entryStart = section.pos;
    const module = section.name();
    const name = section.name();
    const kind = section.byte();
    if (kind === 0x02) {
      payload.push(section.slice(entryStart, section.pos));
      const memory = limits(section, payload, cap);
      memories.push({ imported: { module, name }, ...memory });
      continue;
    }
    if (kind === 0x00) section.u32();
    else if (kind === 0x01) {
      refType(section);
      tableLimits(section);
    } else if (kind === 0x03) {
      valType(section);
      section.byte();
    } else if (kind === 0x04) {
      section.byte();
      section.u32();
    } else throw new Error(`unknown import kind ${kind}`);
    payload.push(section.slice(entryStart, section.pos));
  }
}

function memorySection(
  section: Reader,
  payload: Writer,
  memories: ModuleMemory[],
  cap: number | null,
): void {
  const count = section.u32();
  payload.u64(count);
  for (let i = 0; i < count; i++) {
    memories.push({ imported: null, ...limits(section, payload, cap) });
  }
}

/** Reads one memory's limits and writes them back, capped when a cap is given. */
function limits(
  section: Reader,
  payload: Writer,
  cap: number | null,
): Omit<ModuleMemory, 'imported'> {
  const flags = section.byte();
  if ((flags & ~LIMITS_KNOWN_FLAGS) !== 0) {
    throw new Error(`unsupported memory limits flags 0x${flags.toString(16)}`);
  }
  const minPages = section.u64();
  const maxPages = flags & LIMITS_HAS_MAX ? section.u64() : null;
  const memory = {
    minPages,
    maxPages,
    shared: (flags & LIMITS_SHARED) !== 0,
    memory64: (flags & LIMITS_MEMORY64) !== 0,
  };
  if (cap === null) {
    payload.byte(flags);
    payload.u64(minPages);
    if (maxPages !== null) payload.u64(maxPages);
  } else {
    payload.byte(flags | LIMITS_HAS_MAX);
    payload.u64(minPages);
    payload.u64(maxPages === null ? cap : Math.min(maxPages, cap));
  }
  return memory;
}

function tableLimits(section: Reader): void {
  const flags = section.byte();
  section.u64();
  if (flags & LIMITS_HAS_MAX) section.u64();
}

/** Skips a reference type: a one-byte shorthand, or 0x63/0x64 and a heap type. */
function refType(section: Reader): void {
  const code = section.byte();
  if (code === 0x63 || code === 0x64) section.s33();
}

function valType(section: Reader): void {
  refType(section);
}

class Reader {
  pos = 0;
  constructor(private readonly data: Uint8Array) {}

  done(): boolean {
    return this.pos >= this.data.length;
  }

  byte(): number {
    if (this.pos >= this.data.length) throw new Error('unexpected end of module');
    return this.data[this.pos++];
  }

  bytes(n: number): Uint8Array {
    if (this.pos + n > this.data.length) throw new Error('unexpected end of module');
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  slice(start: number, end: number): Uint8Array {
    return this.data.subarray(start, end);
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32(): number {
    const value = this.u64();
    if (value > 0xffffffff) throw new Error('u32 out of range');
    return value;
  }

  /** An unsigned LEB128 of at most 64 bits, as a number (exact up to 2^53). */
  u64(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new Error('LEB128 too long');
  }

  /** A signed LEB128 of at most 33 bits; only skipped. */
  s33(): void {
    for (let i = 0; i < 5; i++) if ((this.byte() & 0x80) === 0) return;
    throw new Error('LEB128 too long');
  }

  name(): string {
    const length = this.u32();
    return new TextDecoder().decode(this.bytes(length));
  }
}

class Writer {
  private chunks: Uint8Array[] = [];
  length = 0;

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  byte(b: number): void {
    this.push(Uint8Array.of(b));
  }

  /** Writes an unsigned LEB128 in its shortest form. */
  u64(value: number): void {
    const out: number[] = [];
    let rest = value;
    do {
      const low = rest % 128;
      rest = Math.floor(rest / 128);
      out.push(rest > 0 ? low | 0x80 : low);
    } while (rest > 0);
    this.push(Uint8Array.from(out));
  }

  finish(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}
