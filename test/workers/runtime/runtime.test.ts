import { expect } from '@esm-bundle/chai';
import {
  body,
  funcType,
  limits,
  name,
  section,
  uleb,
  vec,
  memoryEaterModule,
  wasiTickerModule,
  wasmModule,
} from './wasm-builder.ts';
import { craftedImage, run } from './run-helpers.ts';

const MiB = 1024 * 1024;

/** A command whose `_start` runs `code` (a function body, `end` included) with 1 page of memory. */
function command(code: number[], imports: number[][] = []) {
  return wasmModule(
    section(1, vec([funcType([], [])])),
    ...(imports.length ? [section(2, vec(imports))] : []),
    section(3, vec([uleb(0)])),
    section(5, vec([limits(1)])),
    section(
      7,
      vec([
        [...name('memory'), 0x02, 0],
        [...name('_start'), 0x00, imports.length],
      ]),
    ),
    section(10, vec([body(code)])),
  );
}

describe('WorkerContainerRuntime', function () {
  this.timeout(30_000);

  it('runs hello: its stdout arrives and it completes with exit 0', async () => {
    const hello = await run('hello:1.0', [], {
      env: [
        ['HOSTNAME', 'hello-pod'],
        ['GREETING', 'hi there'],
      ],
    });
    const exit = await hello.container.exited;
    expect(exit).to.include({ exitCode: 0, reason: 'Completed' });
    expect(exit.signal).to.equal(undefined);
    expect(hello.output.stdout).to.contain('Hello from hello-pod! GREETING=hi there\n');
    expect(hello.output.stdout).to.contain('  GREETING=hi there\n');
    expect(hello.container.startedAt).to.be.within(Date.now() - 10_000, exit.finishedAt);
    expect(exit.finishedAt).to.be.at.most(Date.now());
  });

  it('passes args: crasher exits with the code it was given, as an Error', async () => {
    const crasher = await run('crasher:1.0', ['--after', '100ms', '--code', '3']);
    const exit = await crasher.container.exited;
    expect(exit).to.include({ exitCode: 3, reason: 'Error' });
    expect(exit.finishedAt - crasher.container.startedAt).to.be.at.least(90);
  });

  it('delivers a line printed before a long sleep, and kill() ends the sleep at once', async () => {
    const ticker = await run('ticker:1.0', ['--every', '60m']);
    await ticker.until((r) => r.lines.length >= 1);
    // printf hands fd_write its text and its newline as two buffers: one chunk all the same.
    expect(ticker.chunks[0]).to.deep.equal({ stream: 'stdout', text: 'tick 1: hello\n' });
    ticker.container.kill();
    const exit = await ticker.container.exited;
    expect(exit).to.include({ exitCode: 137, reason: 'Error', signal: 9 });
  });

  it('ticks in real time through poll_oneoff while the page stays responsive; kill gives 137', async () => {
    let pageTicks = 0;
    const interval = setInterval(() => pageTicks++, 20);
    const begun = performance.now();
    const ticker = await run('ticker:1.0', ['--every', '500ms'], { env: [['GREETING', 'hey']] });
    await ticker.until((r) => r.lines.length >= 5);
    const elapsed = performance.now() - begun;
    clearInterval(interval);
    ticker.container.kill('stopped by the test');
    const exit = await ticker.container.exited;

    expect(ticker.lines.slice(0, 5).map((l) => l.text)).to.deep.equal(
      [1, 2, 3, 4, 5].map((n) => `tick ${n}: hey`),
    );
    // Four sleeps of 500 ms between five lines: never early, and not wildly late.
    expect(elapsed).to.be.within(1900, 4000);
    for (let i = 1; i < 5; i++) {
      expect(ticker.lines[i].at - ticker.lines[i - 1].at).to.be.within(400, 1000);
    }
    // The page's own timer kept firing all along (at least a third of its nominal rate).
    expect(pageTicks).to.be.at.least(elapsed / 20 / 3);
    expect(exit).to.deep.include({
      exitCode: 137,
      reason: 'Error',
      signal: 9,
      message: 'stopped by the test',
    });
  });

  it('resolves exited once: a second kill, or a kill after the end, changes nothing', async () => {
    const hello = await run('hello:1.0');
    const first = await hello.container.exited;
    hello.container.kill();
    expect(await hello.container.exited).to.equal(first);
    expect(first.reason).to.equal('Completed');
  });

  it('keeps a ticker on time beside a container spinning forever, and kills the spinner', async () => {
    const hog = await run('hog:1.0', ['--cpu', '--report', '0']);
    const ticker = await run('ticker:1.0', ['--every', '200ms']);
    await ticker.until((r) => r.lines.length >= 6);
    for (let i = 1; i < 6; i++) {
      expect(ticker.lines[i].at - ticker.lines[i - 1].at).to.be.within(150, 600);
    }
    expect(hog.output.stdout).to.contain('hog: burning CPU');
    hog.container.kill();
    ticker.container.kill();
    expect(await hog.container.exited).to.include({ exitCode: 137, reason: 'Error', signal: 9 });
    expect(await ticker.container.exited).to.include({ exitCode: 137, signal: 9 });
  });

  it('reports hog allocating past its memory limit as OOMKilled (137)', async () => {
    const hog = await run('hog:1.0', ['--memory', '64Mi'], { memoryLimitBytes: 32 * MiB });
    const exit = await hog.container.exited;
    expect(exit).to.include({ exitCode: 137, reason: 'OOMKilled' });
    expect(exit.message).to.equal(undefined);
    expect(hog.output.stderr).to.equal('out of memory\n');
    expect(hog.output.stdout).to.contain('hog: allocated 30 MiB\n');
    expect(hog.container.memoryBytes()).to.be.within(30 * MiB, 32 * MiB);
  });

  it('lets hog hold the same 64 MiB under a bigger limit', async () => {
    const hog = await run('hog:1.0', ['--memory', '64Mi'], { memoryLimitBytes: 96 * MiB });
    await hog.until((r) => r.output.stdout.includes('hog: holding 64 MiB\n'));
    expect(hog.output.stderr).to.equal('');
    expect(hog.container.memoryBytes()).to.be.within(64 * MiB, 96 * MiB);
    hog.container.kill();
    expect(await hog.container.exited).to.include({ exitCode: 137, reason: 'Error', signal: 9 });
  });

  it('reports a module that runs out of memory at its limit as OOMKilled (137)', async () => {
    // Grows 1 MiB at a time towards 64 MiB, under a 32 MiB limit.
    const image = await craftedImage('eater', memoryEaterModule(1024, 16));
    const eater = await run(image, [], { memoryLimitBytes: 32 * MiB });
    const exit = await eater.container.exited;
    expect(exit).to.include({ exitCode: 137, reason: 'OOMKilled' });
    expect(eater.output.stderr).to.equal('out of memory\n');
    // It starts at 2 pages and grows 16 at a time: the last grow that fit left it at 498 pages.
    expect(eater.container.memoryBytes()).to.equal(498 * 65536);
  });

  it('lets the same module grow as far under a bigger limit, and complete', async () => {
    const image = await craftedImage('eater', memoryEaterModule(1024, 16));
    const eater = await run(image, [], { memoryLimitBytes: 96 * MiB });
    const exit = await eater.container.exited;
    expect(exit).to.include({ exitCode: 0, reason: 'Completed' });
    expect(eater.container.memoryBytes()).to.equal(1026 * 65536);
  });

  it('caps memory at whole pages below a limit that is not a page multiple', async () => {
    const image = await craftedImage('eater', memoryEaterModule(1024, 1));
    const eater = await run(image, [], { memoryLimitBytes: 10 * MiB + 1000 });
    const exit = await eater.container.exited;
    expect(exit).to.include({ exitCode: 137, reason: 'OOMKilled' });
    expect(eater.container.memoryBytes()).to.equal(10 * MiB);
  });

  it('reports a trap far below the memory limit as an Error, not OOMKilled', async () => {
    const image = await craftedImage('trapper', command([0x00, 0x0b]));
    const exit = await (await run(image, [], { memoryLimitBytes: 64 * MiB })).container.exited;
    expect(exit).to.include({ exitCode: 134, reason: 'Error' });
  });

  it('fails a container at once as OOMKilled when its initial memory exceeds the limit', async () => {
    const hello = await run('hello:1.0', [], { memoryLimitBytes: 100 * 1024 });
    const exit = await hello.container.exited;
    expect(exit).to.include({ exitCode: 137, reason: 'OOMKilled' });
    expect(exit.message).to.match(/initial memory \(131072 bytes\) exceeds .* limit \(65536 bytes/);
    expect(hello.output.stdout).to.equal('');
  });

  it('reports a trap as an Error with exit code 134 and the trap message', async () => {
    const image = await craftedImage('trapper', command([0x00, 0x0b]));
    const trapper = await run(image);
    const exit = await trapper.container.exited;
    expect(exit).to.include({ exitCode: 134, reason: 'Error' });
    expect(exit.message).to.match(/^wasm trap: .*unreachable/);
  });

  it('reports a module that cannot be instantiated as a StartError (128)', async () => {
    const needsHost = [...name('wasi_snapshot_preview1'), ...name('host_only'), 0x00, 0];
    const image = await craftedImage('unlinkable', command([0x0b], [needsHost]));
    const container = (await run(image)).container;
    const exit = await container.exited;
    expect(exit).to.include({ exitCode: 128, reason: 'StartError' });
    expect(exit.message).to.contain('host_only');
    expect(container.startedAt).to.equal(0);
  });

  it('runs a hand-made WASI ticker that needs no libc', async () => {
    const image = await craftedImage('mini', wasiTickerModule('tick\n', 50));
    const mini = await run(image);
    await mini.until((r) => r.lines.length >= 3);
    mini.container.kill();
    expect(mini.lines.slice(0, 3).map((l) => l.text)).to.deep.equal(['tick', 'tick', 'tick']);
    expect(mini.lines[2].at - mini.lines[0].at).to.be.at.least(90);
  });

  it('runs containers from inside a worker (nested workers)', async () => {
    const worker = new Worker(new URL('./nested-runtime.worker.ts', import.meta.url), {
      type: 'module',
    });
    const answer = await new Promise<{ stdout: string; exitCode: number; reason: string }>(
      (resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message));
      },
    );
    worker.terminate();
    expect(answer).to.deep.include({ exitCode: 0, reason: 'Completed' });
    expect(answer.stdout).to.contain('Hello from nested!');
  });
});
