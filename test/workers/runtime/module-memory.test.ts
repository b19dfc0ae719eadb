import { expect } from '@esm-bundle/chai';
import { capModuleMemory, readModuleMemories } from '../../../src/workers/runtime/module-memory.ts';
import {
  customSection,
  importedMemoryModule,
  limits,
  memoryModule,
  section,
  vec,
  wasmModule,
} from './wasm-builder.ts';

const SHARED = 0x02;
const MEMORY64 = 0x04;

async function instantiate(bytes: Uint8Array<ArrayBuffer>, imports: WebAssembly.Imports = {}) {
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  return instance.exports as { memory?: WebAssembly.Memory; grow: (pages: number) => number };
}

function capped(bytes: Uint8Array, pages: number): Uint8Array<ArrayBuffer> {
  const result = capModuleMemory(bytes, pages);
  if (!result.ok) throw new Error(`unexpectedly too big: ${result.initialPages}`);
  expect(WebAssembly.validate(result.bytes), 'rewritten module validates').to.equal(true);
  return result.bytes;
}

describe('capModuleMemory', () => {
  const cases: {
    name: string;
    limits: number[];
    cap: number;
    min: number;
    max: number;
    shared?: boolean;
    memory64?: boolean;
  }[] = [
    { name: 'adds a maximum where there was none', limits: limits(2), cap: 16, min: 2, max: 16 },
    { name: 'keeps a smaller maximum', limits: limits(2, 8), cap: 16, min: 2, max: 8 },
    { name: 'lowers a larger maximum', limits: limits(2, 100), cap: 16, min: 2, max: 16 },
    { name: 'allows initial == cap', limits: limits(16), cap: 16, min: 16, max: 16 },
    {
      name: 'writes a cap that needs a longer LEB',
      limits: limits(1),
      cap: 65536,
      min: 1,
      max: 65536,
    },
    {
      name: 'keeps a shared memory shared',
      limits: limits(1, 10, SHARED),
      cap: 4,
      min: 1,
      max: 4,
      shared: true,
    },
    {
      name: 'caps a 64-bit memory',
      limits: limits(1, undefined, MEMORY64),
      cap: 8,
      min: 1,
      max: 8,
      memory64: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // memory.grow on a 64-bit memory takes an i64: that case declares the memory alone.
      const module = c.memory64 ? wasmModule(section(5, vec([c.limits]))) : memoryModule(c.limits);
      const bytes = capped(module, c.cap);
      expect(readModuleMemories(bytes)).to.deep.equal([
        {
          imported: null,
          minPages: c.min,
          maxPages: c.max,
          shared: c.shared ?? false,
          memory64: c.memory64 ?? false,
        },
      ]);
    });
  }

  it('makes the engine refuse to grow past the cap', async () => {
    const exports = await instantiate(capped(memoryModule(limits(2)), 5));
    expect(exports.grow(3)).to.equal(2);
    expect(exports.grow(1)).to.equal(-1);
    expect(exports.memory!.buffer.byteLength).to.equal(5 * 65536);
  });

  it('reports a module whose initial memory is over the cap', () => {
    const result = capModuleMemory(memoryModule(limits(20)), 16);
    expect(result.ok).to.equal(false);
    expect(result).to.include({ initialPages: 20 });
  });

  it('caps an imported memory, so only a memory within the cap links', async () => {
    const bytes = capped(importedMemoryModule(limits(1)), 4);
    const [memory] = readModuleMemories(bytes);
    expect(memory).to.deep.equal({
      imported: { module: 'env', name: 'memory' },
      minPages: 1,
      maxPages: 4,
      shared: false,
      memory64: false,
    });
    const env = (m: WebAssembly.Memory) => ({
      env: {
        f: () => {},
        g: 1,
        t: new WebAssembly.Table({ initial: 1, element: 'anyfunc' }),
        memory: m,
      },
    });
    const fits = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const exports = await instantiate(bytes, env(fits));
    expect(exports.grow(3)).to.equal(1);
    expect(exports.grow(1)).to.equal(-1);
    let error: unknown;
    try {
      await instantiate(bytes, env(new WebAssembly.Memory({ initial: 1 })));
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(WebAssembly.LinkError);
  });

  it('keeps custom sections and copes with padded section sizes', () => {
    const before = customSection('before', [1, 2, 3]);
    const padded = section(5, vec([limits(1)]), 5);
    const bytes = wasmModule(before, padded, customSection('after', [4, 5]));
    const result = capped(bytes, 3);
    const module = new WebAssembly.Module(result);
    const content = (n: string) => [
      ...new Uint8Array(WebAssembly.Module.customSections(module, n)[0]),
    ];
    expect(content('before')).to.deep.equal([1, 2, 3]);
    expect(content('after')).to.deep.equal([4, 5]);
    expect(readModuleMemories(result)[0]).to.include({ minPages: 1, maxPages: 3 });
  });

  it('leaves a module without memory unchanged', () => {
    const bytes = wasmModule(customSection('x', [9]));
    const result = capModuleMemory(bytes, 1);
    expect(result.ok && [...result.bytes]).to.deep.equal([...bytes]);
    expect(result.memories).to.deep.equal([]);
  });

  const malformed: [string, Uint8Array][] = [
    ['bad magic', Uint8Array.from([0, 0x61, 0x73, 0x6e, 1, 0, 0, 0])],
    ['a truncated section', wasmModule(section(5, vec([limits(1)]))).subarray(0, 11)],
    ['unknown limits flags', wasmModule(section(5, vec([[0x10, 1]])))],
  ];
  for (const [what, bytes] of malformed) {
    it(`throws on ${what}`, () => {
      expect(() => capModuleMemory(bytes, 1)).to.throw(Error);
    });
  }
});
