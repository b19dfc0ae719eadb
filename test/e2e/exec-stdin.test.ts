import { expect } from '@esm-bundle/chai';
import type { Pod } from '../../src/kernel/types/core.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import { testUrls } from '../helpers/worker-urls.ts';

async function until<T>(fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Input a test types line by line, as a terminal would pass it on. */
function typist() {
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  return {
    type(text: string) {
      lines.push(text);
      wake?.();
    },
    end() {
      done = true;
      wake?.();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = lines.shift();
        if (next !== undefined) yield next;
        else if (done) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

describe('kubectl exec -it: an interactive shell in a pod', function () {
  this.timeout(60_000);
  let p: RunningPlayground;
  beforeEach(async () => {
    p = startPlayground({
      database: `exec-${crypto.randomUUID()}`,
      timing: 'tutorial',
      inMemory: true,
      urls: testUrls,
    });
    await p.ready;
  });
  afterEach(() => p.terminate());

  it('runs what is typed in the pod and ends with the shell', async () => {
    await p.apply(`
apiVersion: v1
kind: Pod
metadata: {name: box}
spec:
  containers:
  - {name: box, image: busybox, command: [sleep, "3600"], env: [{name: GREETING, value: hi}]}
`);
    await until(async () => {
      const res = await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/pods/box' });
      return (res.body as Pod).status?.phase === 'Running';
    });
    const keyboard = typist();
    let stdout = '';
    const session = p.kubectl('exec -it box -- sh', {
      input: keyboard,
      onOutput: (stream, text) => {
        if (stream === 'stdout') stdout += text;
      },
    });
    keyboard.type('echo $GREETING from $(hostname)\n');
    await until(async () => stdout.includes('hi from box\n'));
    keyboard.type('exit 4\n');
    const result = await session;
    expect(result.exitCode).to.equal(4);
    // On a terminal (-t) busybox's sh prompts, on stderr, before each line it reads.
    expect(result.stderr).to.equal('/ # / # command terminated with exit code 4\n');
  });

  it('gives a process run with -i but nothing typed an empty input', async () => {
    await p.apply(`
apiVersion: v1
kind: Pod
metadata: {name: box}
spec:
  containers:
  - {name: box, image: busybox, command: [sleep, "3600"]}
`);
    await until(async () => {
      const res = await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/pods/box' });
      return (res.body as Pod).status?.phase === 'Running';
    });
    const result = await p.kubectl('exec -i box -- cat');
    expect(result).to.deep.equal({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('kubectl run -it --rm gives a shell in a new pod and deletes it afterwards', async () => {
    const keyboard = typist();
    let stdout = '';
    const session = p.kubectl('run -it tmp --image=busybox --restart=Never --rm -- sh', {
      input: keyboard,
      onOutput: (stream, text) => {
        if (stream === 'stdout') stdout += text;
      },
    });
    keyboard.type('echo inside $(hostname)\n');
    await until(async () => stdout.includes('inside tmp\n'));
    keyboard.type('exit 0\n');
    const result = await session;
    expect(result.exitCode).to.equal(0);
    expect(result.stdout).to.include('pod "tmp" deleted');
    const gone = await p.request({ verb: 'GET', path: '/api/v1/namespaces/default/pods/tmp' });
    expect([404, 200]).to.include(gone.status);
  });
});
