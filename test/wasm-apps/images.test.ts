import { expect } from '@esm-bundle/chai';
import { capModuleMemory } from '../../src/workers/runtime/module-memory.ts';
import { runWasi } from './run-wasi.ts';

// The built-in images compiled from wasm-apps/ by `npm run build:images`.
const apps = ['crasher', 'hello', 'hog', 'ticker'];

interface ImageEntry {
  file: string;
  digest: string;
  description: string;
}

async function index(): Promise<Record<string, ImageEntry>> {
  const response = await fetch('/dist/images/index.json');
  expect(response.ok, 'dist/images/index.json (run npm run build:images)').to.equal(true);
  return ((await response.json()) as { images: Record<string, ImageEntry> }).images;
}

async function bytesOf(app: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(`/dist/images/${app}.wasm`);
  expect(response.ok, `dist/images/${app}.wasm`).to.equal(true);
  return new Uint8Array(await response.arrayBuffer());
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const modules = new Map<string, WebAssembly.Module>();
async function moduleOf(app: string): Promise<WebAssembly.Module> {
  let module = modules.get(app);
  if (!module) {
    module = await WebAssembly.compile(await bytesOf(app));
    modules.set(app, module);
  }
  return module;
}

describe('built-in images', () => {
  describe('index.json', () => {
    it('lists every app as <name>:1.0 and <name>:latest, with a description', async () => {
      const images = await index();
      for (const app of apps) {
        for (const tag of ['1.0', 'latest']) {
          const entry = images[`${app}:${tag}`];
          expect(entry, `${app}:${tag}`).to.not.equal(undefined);
          expect(entry.file).to.equal(`${app}.wasm`);
          expect(entry.description).to.be.a('string').and.not.equal('');
        }
      }
    });

    it('gives each image the sha256 digest of its module bytes', async () => {
      const images = await index();
      for (const [reference, entry] of Object.entries(images)) {
        expect(entry.digest, reference).to.match(/^sha256:[0-9a-f]{64}$/);
        const response = await fetch(`/dist/images/${entry.file}`);
        const actual = await sha256(new Uint8Array(await response.arrayBuffer()));
        expect(actual, reference).to.equal(entry.digest);
      }
    });
  });

  for (const app of apps) {
    it(`${app} is a WASI preview1 command module`, async () => {
      const module = await moduleOf(app);
      for (const item of WebAssembly.Module.imports(module)) {
        expect(`${item.module}.${item.name}:${item.kind}`).to.match(
          /^wasi_snapshot_preview1\.\w+:function$/,
        );
      }
      const exports = WebAssembly.Module.exports(module).map((e) => `${e.name}:${e.kind}`);
      expect(exports).to.include.members(['_start:function', 'memory:memory']);
    });
  }

  describe('hello', () => {
    it('greets with its HOSTNAME and GREETING, lists its environment and exits 0', async () => {
      const run = runWasi(await moduleOf('hello'), {
        env: { HOSTNAME: 'web-7d9f', GREETING: 'hi there' },
      });
      expect(run.error).to.equal(undefined);
      expect(run.exitCode).to.equal(0);
      expect(run.stdout).to.deep.equal([
        'Hello from web-7d9f! GREETING=hi there',
        'My environment:',
        '  HOSTNAME=web-7d9f',
        '  GREETING=hi there',
      ]);
    });

    it('says so when its environment is empty', async () => {
      const run = runWasi(await moduleOf('hello'));
      expect(run.exitCode).to.equal(0);
      expect(run.stdout[0]).to.equal('Hello from an unnamed container! GREETING=(unset)');
    });
  });

  describe('crasher', () => {
    const cases = [
      { args: ['--after', '0s', '--code', '3'], sleep: 0, code: 3 },
      { args: [], sleep: 1000, code: 1 },
      { args: ['--after', '2s', '--code', '0'], sleep: 2000, code: 0 },
      { args: ['--after', '250ms', '--code', '137'], sleep: 250, code: 137 },
    ];
    for (const { args, sleep, code } of cases) {
      it(`${args.join(' ') || '(no args)'} waits ${sleep}ms and exits with ${code}`, async () => {
        const run = runWasi(await moduleOf('crasher'), { args, sleeps: 1 });
        expect(run.error).to.equal(undefined);
        expect(run.exitCode).to.equal(code);
        expect(run.sleeps).to.deep.equal([sleep]);
        expect(run.stdout).to.deep.equal([
          `crasher: started; exiting with code ${code} in ${sleep}ms`,
          `crasher: exiting with code ${code}`,
        ]);
      });
    }

    it('rejects a code outside 0-255 with exit code 2', async () => {
      const run = runWasi(await moduleOf('crasher'), { args: ['--code', '300'] });
      expect(run.exitCode).to.equal(2);
      expect(run.stderr).to.deep.equal(['crasher: usage: crasher [--after 2s] [--code 1]']);
    });
  });

  describe('ticker', () => {
    it('imports poll_oneoff, which its sleeps become', async () => {
      const names = WebAssembly.Module.imports(await moduleOf('ticker')).map((i) => i.name);
      expect(names).to.include('poll_oneoff');
    });

    const cases: { args: string[]; env: Record<string, string>; sleep: number; text: string }[] = [
      { args: [], env: {}, sleep: 1000, text: 'hello' },
      { args: ['--every', '500ms'], env: { GREETING: 'hi' }, sleep: 500, text: 'hi' },
      { args: ['--every', '2s'], env: { GREETING: 'hey' }, sleep: 2000, text: 'hey' },
    ];
    for (const { args, env, sleep, text } of cases) {
      it(`${args.join(' ') || '(no args)'} logs a numbered line every ${sleep}ms`, async () => {
        const run = runWasi(await moduleOf('ticker'), { args, env, sleeps: 2 });
        expect(run.stopped).to.equal(true);
        expect(run.stdout).to.deep.equal([`tick 1: ${text}`, `tick 2: ${text}`, `tick 3: ${text}`]);
        expect(run.sleeps).to.deep.equal([sleep, sleep, sleep]);
      });
    }

    it('exits 2 on a malformed interval', async () => {
      const run = runWasi(await moduleOf('ticker'), { args: ['--every', 'soon'] });
      expect(run.exitCode).to.equal(2);
      expect(run.stderr).to.deep.equal(['ticker: --every wants a duration like 500ms or 2s']);
    });
  });

  describe('hog', () => {
    it('--cpu spins without sleeping, printing progress every --report iterations', async () => {
      const run = runWasi(await moduleOf('hog'), { args: ['--cpu', '--report', '1000'], lines: 3 });
      expect(run.stopped).to.equal(true);
      expect(run.sleeps).to.deep.equal([]);
      expect(run.stdout[0]).to.equal('hog: burning CPU');
      expect(run.stdout[1]).to.match(/^hog: 1000 iterations \(x=[0-9a-f]{8}\)$/);
      expect(run.stdout[2]).to.match(/^hog: 2000 iterations /);
    });

    it('--memory allocates and touches the size asked for, then holds it asleep', async () => {
      const run = runWasi(await moduleOf('hog'), { args: ['--memory', '4Mi'] });
      expect(run.stopped).to.equal(true);
      expect(run.stdout).to.deep.equal([
        'hog: allocating 4 MiB',
        'hog: allocated 1 MiB',
        'hog: allocated 2 MiB',
        'hog: allocated 3 MiB',
        'hog: allocated 4 MiB',
        'hog: holding 4 MiB',
      ]);
      expect(run.memory.buffer.byteLength).to.be.at.least(4 * 2 ** 20);
    });

    it('prints "out of memory" and traps when memory cannot grow any further', async () => {
      const result = capModuleMemory(await bytesOf('hog'), 160); // 10 MiB
      if (!result.ok) throw new Error('hog starts above 10 MiB');
      const capped = result.bytes;
      const run = runWasi(await WebAssembly.compile(capped), { args: ['--memory', '64Mi'] });
      expect(run.error).to.be.instanceOf(WebAssembly.RuntimeError);
      expect(run.stderr).to.deep.equal(['out of memory']);
      expect(run.stdout.at(-1)).to.match(/^hog: allocated [6-9] MiB$/);
      expect(run.memory.buffer.byteLength).to.be.at.most(10 * 2 ** 20);
    });

    it('with neither flag burns CPU', async () => {
      const run = runWasi(await moduleOf('hog'), { args: ['--report', '10'], lines: 2 });
      expect(run.stopped).to.equal(true);
      expect(run.stdout).to.have.length(2);
      expect(run.stdout[0]).to.equal('hog: burning CPU');
      expect(run.stdout[1]).to.match(/^hog: 10 iterations /);
    });
  });
});
