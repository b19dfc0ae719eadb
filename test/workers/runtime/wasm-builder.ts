/**
 * Just enough of a WebAssembly binary encoder to craft test modules byte by byte: sections,
 * LEB128 numbers, names, limits, and a few ready-made modules.
 */

export type Bytes = number[];

/** Unsigned LEB128; `padTo` forces a longer (still valid) encoding, as some tools emit. */
export function uleb(value: number, padTo = 0): Bytes {
  const out: Bytes = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0 || out.length + 1 < padTo) byte |= 0x80;
    out.push(byte);
  } while (rest > 0 || out.length < padTo);
  return out;
}

export function name(text: string): Bytes {
  const utf8 = [...new TextEncoder().encode(text)];
  return [...uleb(utf8.length), ...utf8];
}

export function vec(items: Bytes[]): Bytes {
  return [...uleb(items.length), ...items.flat()];
}

export function section(id: number, payload: Bytes, sizePadTo = 0): Bytes {
  return [id, ...uleb(payload.length, sizePadTo), ...payload];
}

export function customSection(sectionName: string, content: Bytes): Bytes {
  return section(0, [...name(sectionName), ...content]);
}

/** Memory limits; flags beyond "has max" (shared 0x02, memory64 0x04) via `flags`. */
export function limits(min: number, max?: number, flags = 0): Bytes {
  const f = flags | (max !== undefined ? 1 : 0);
  return [f, ...uleb(min), ...(max !== undefined ? uleb(max) : [])];
}

export function wasmModule(...sections: Bytes[]): Uint8Array<ArrayBuffer> {
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
}

const I32 = 0x7f;
const I64 = 0x7e;
const FUNC = 0x60;

export function funcType(params: number[], results: number[]): Bytes {
  return [FUNC, ...uleb(params.length), ...params, ...uleb(results.length), ...results];
}

export function body(code: Bytes, locals: Bytes[] = []): Bytes {
  const content = [...vec(locals), ...code];
  return [...uleb(content.length), ...content];
}

export const types = { i32: I32, i64: I64 };

/**
 * A module with one defined memory of these limits, exporting it as `memory` and a function
 * `grow(pages) -> previous size or -1`.
 */
export function memoryModule(
  memoryLimits: Bytes,
  extra: { before?: Bytes[] } = {},
): Uint8Array<ArrayBuffer> {
  return wasmModule(
    ...(extra.before ?? []),
    section(1, vec([funcType([I32], [I32])])),
    section(3, vec([uleb(0)])),
    section(5, vec([memoryLimits])),
    section(
      7,
      vec([
        [...name('memory'), 0x02, 0],
        [...name('grow'), 0x00, 0],
      ]),
    ),
    section(10, vec([body([0x20, 0x00, 0x40, 0x00, 0x0b])])),
  );
}

/**
 * A module importing `env.memory` with these limits, after a function, a global and a table
 * import (so the import walk crosses every kind), and exporting `grow`.
 */
export function importedMemoryModule(memoryLimits: Bytes): Uint8Array<ArrayBuffer> {
  return wasmModule(
    section(1, vec([funcType([I32], [I32]), funcType([], [])])),
    section(
      2,
      vec([
        [...name('env'), ...name('f'), 0x00, 1],
        [...name('env'), ...name('g'), 0x03, I32, 0x00],
        [...name('env'), ...name('t'), 0x01, 0x70, 0x00, 1],
        [...name('env'), ...name('memory'), 0x02, ...memoryLimits],
      ]),
    ),
    section(3, vec([uleb(0)])),
    section(7, vec([[...name('grow'), 0x00, 1]])),
    section(10, vec([body([0x20, 0x00, 0x40, 0x00, 0x0b])])),
  );
}

/**
 * A WASI command that prints `text` to stdout, then sleeps `sleepMs` through poll_oneoff on
 * CLOCK_MONOTONIC, forever: a ticker with no libc, one page of memory.
 */
export function wasiTickerModule(text: string, sleepMs: number): Uint8Array<ArrayBuffer> {
  const message = [...new TextEncoder().encode(text)];
  // Memory layout: iovec at 0 {buf 16, len}, text at 16, subscription at 256, event at 320,
  // nwritten at 360, nevents at 364.
  const iovec = [...le32(16), ...le32(message.length)];
  const subscription = [
    ...le64(0x1234), // userdata
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0, // tag: clock, padding
    ...le32(1),
    0,
    0,
    0,
    0, // clock id: monotonic, padding
    ...le64(sleepMs * 1e6), // timeout in ns
    ...le64(0), // precision
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0, // flags: relative, padding
  ];
  const i32const = (v: number) => [0x41, ...sleb(v)];
  const code = [
    0x03,
    0x40, // loop
    ...i32const(1),
    ...i32const(0),
    ...i32const(1),
    ...i32const(360),
    0x10,
    0x00,
    0x1a, // call fd_write; drop
    ...i32const(256),
    ...i32const(320),
    ...i32const(1),
    ...i32const(364),
    0x10,
    0x01,
    0x1a, // call poll_oneoff; drop
    0x0c,
    0x00, // br 0
    0x0b, // end loop
    0x0b, // end
  ];
  const data = (offset: number, bytes: Bytes) => [
    0x00,
    ...i32const(offset),
    0x0b,
    ...vec(bytes.map((b) => [b])),
  ];
  return wasmModule(
    section(1, vec([funcType([I32, I32, I32, I32], [I32]), funcType([], [])])),
    section(
      2,
      vec([
        [...name('wasi_snapshot_preview1'), ...name('fd_write'), 0x00, 0],
        [...name('wasi_snapshot_preview1'), ...name('poll_oneoff'), 0x00, 0],
      ]),
    ),
    section(3, vec([uleb(1)])),
    section(5, vec([limits(1)])),
    section(
      7,
      vec([
        [...name('memory'), 0x02, 0],
        [...name('_start'), 0x00, 2],
      ]),
    ),
    section(10, vec([body(code)])),
    section(11, vec([data(0, iovec), data(16, message), data(256, subscription)])),
  );
}

/**
 * A WASI command that grows its memory `stepPages` at a time until it holds `targetPages`,
 * then returns (exit 0). When a grow fails it writes `out of memory` to stderr and traps, as
 * a C program whose malloc failed would abort.
 */
export function memoryEaterModule(targetPages: number, stepPages: number): Uint8Array<ArrayBuffer> {
  const message = [...new TextEncoder().encode('out of memory\n')];
  const i32const = (v: number) => [0x41, ...sleb(v)];
  // prettier-ignore
  const code = [
    0x03, 0x40, // loop
    0x3f, 0x00, ...i32const(targetPages), 0x49, // memory.size < target (unsigned)
    0x04, 0x40, // if
    ...i32const(stepPages), 0x40, 0x00, ...i32const(-1), 0x46, // memory.grow(step) == -1
    0x04, 0x40, // if
    ...i32const(2), ...i32const(0), ...i32const(1), ...i32const(64),
    0x10, 0x00, 0x1a, // call fd_write(2, iovec 0, 1, nwritten 64); drop
    0x00, // unreachable
    0x0b, // end if
    0x0c, 0x01, // br loop
    0x0b, // end if
    0x0b, // end loop
    0x0b, // end
  ];
  const iovec = [...le32(16), ...le32(message.length)];
  const data = (offset: number, bytes: Bytes) => [
    0x00,
    ...i32const(offset),
    0x0b,
    ...vec(bytes.map((b) => [b])),
  ];
  return wasmModule(
    section(1, vec([funcType([I32, I32, I32, I32], [I32]), funcType([], [])])),
    section(2, vec([[...name('wasi_snapshot_preview1'), ...name('fd_write'), 0x00, 0]])),
    section(3, vec([uleb(1)])),
    section(5, vec([limits(2)])),
    section(
      7,
      vec([
        [...name('memory'), 0x02, 0],
        [...name('_start'), 0x00, 1],
      ]),
    ),
    section(10, vec([body(code)])),
    section(11, vec([data(0, iovec), data(16, message)])),
  );
}

function sleb(value: number): Bytes {
  const out: Bytes = [];
  let rest = value;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function le32(value: number): Bytes {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

function le64(value: number): Bytes {
  return [...le32(value % 2 ** 32), ...le32(Math.floor(value / 2 ** 32))];
}
