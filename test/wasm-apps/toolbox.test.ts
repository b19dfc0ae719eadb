import { expect } from '@esm-bundle/chai';
import { imageModule, runNet, type NetRunOptions, type NetRunResult } from './net-harness.ts';

// The toolbox image (wasm-apps/toolbox), built by `npm run build:images`, on the in-memory
// network of net-harness.ts. The harness names the program `main`, which is no applet, so
// argv[1] picks the applet as for `toolbox sh ...`.
async function toolbox(
  args: string[],
  env: Record<string, string> = {},
  options: NetRunOptions = {},
): Promise<NetRunResult> {
  return runNet(await imageModule('toolbox'), { args, env, sleeps: 10, ...options });
}

const sh = (script: string, env: Record<string, string> = {}) => toolbox(['sh', '-c', script], env);

describe('toolbox image', () => {
  it('is listed as the toolbox image in index.json (busybox names reach it as a stand-in)', async () => {
    const { images } = (await (await fetch('/dist/images/index.json')).json()) as {
      images: Record<string, { file: string }>;
    };
    for (const name of ['toolbox:1.0', 'toolbox:latest']) {
      expect(images[name]?.file, name).to.equal('toolbox.wasm');
    }
  });

  const cases: { script: string; env?: Record<string, string>; stdout: string[]; code?: number }[] =
    [
      { script: 'echo hi', stdout: ['hi'] },
      { script: 'echo a; echo "b  c" \'$HOME\'', stdout: ['a', 'b  c $HOME'] },
      {
        script: 'echo "$HOSTNAME says ${GREETING}!"',
        env: { HOSTNAME: 'web-1', GREETING: 'hello' },
        stdout: ['web-1 says hello!'],
      },
      { script: 'X=5; echo $X$UNSET.', stdout: ['5.'] },
      { script: 'false || echo fallback $?; true && echo yes', stdout: ['fallback 1', 'yes'] },
      {
        script: 'hostname; whoami; id',
        env: { HOSTNAME: 'tmp' },
        stdout: ['tmp', 'root', 'uid=0(root) gid=0(root) groups=0(root)'],
      },
      { script: 'printenv A B', env: { A: '1', B: '2' }, stdout: ['1', '2'] },
      { script: 'env', env: { A: '1' }, stdout: ['A=1'] },
      { script: 'pwd; ls /', stdout: ['/'] },
      {
        script: 'uname; uname -a',
        env: { HOSTNAME: 'h' },
        stdout: ['WASI', 'WASI h preview1 #1 wasm32 WASI'],
      },
      { script: 'echo before; exit 3; echo after', stdout: ['before'], code: 3 },
      { script: 'false', stdout: [], code: 1 },
    ];
  for (const c of cases) {
    it(`sh -c '${c.script}'`, async () => {
      const result = await sh(c.script, c.env);
      expect(result.stdout).to.deep.equal(c.stdout);
      expect(result.exitCode).to.equal(c.code ?? 0);
    });
  }

  it('cat of a missing file fails as busybox words it', async () => {
    const result = await sh('cat x; echo status $?');
    expect(result.stderr).to.deep.equal(["cat: can't open 'x': No such file or directory"]);
    expect(result.stdout).to.deep.equal(['status 1']);
  });

  it('reports unknown commands and unterminated quotes', async () => {
    const unknown = await sh('nosuch arg');
    expect(unknown.stderr).to.deep.equal(['sh: nosuch: not found']);
    expect(unknown.exitCode).to.equal(127);
    const quote = await sh("echo 'open");
    expect(quote.stderr).to.deep.equal(['sh: syntax error: unterminated quoted string']);
    expect(quote.exitCode).to.equal(2);
  });

  it('sleeps for the given seconds', async () => {
    const result = await sh('sleep 2; sleep 0.5; echo done');
    expect(result.sleeps).to.deep.equal([2000, 500]);
    expect(result.stdout).to.deep.equal(['done']);
  });

  it('prints the date from the WASI clock', async () => {
    const result = await toolbox(['date']);
    expect(result.stdout[0]).to.match(
      /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$/,
    );
  });

  it('runs applets standalone, lists them, and rejects unknown ones', async () => {
    expect((await toolbox(['echo', '-n', 'a', 'b'])).exitCode).to.equal(0);
    const list = await toolbox(['--list']);
    expect(list.stdout).to.include.members(['sh', 'echo', 'cat', 'ls', 'nc', 'nslookup', 'wget']);
    const unknown = await toolbox(['bogus']);
    expect(unknown.stderr).to.deep.equal(['bogus: applet not found']);
    expect(unknown.exitCode).to.equal(127);
  });

  it('runs sh on empty stdin when given no applet, as the busybox image does', async () => {
    const result = await toolbox([]);
    expect(result.exitCode).to.equal(0);
    expect(result.stdout).to.deep.equal([]);
  });
});
