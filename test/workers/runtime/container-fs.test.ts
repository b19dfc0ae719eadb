import { expect } from '@esm-bundle/chai';
import type { MountSpec, VolumeEntry } from '../../../src/workers/runtime/fs/fs-protocol.ts';
import type { ContainerFilesystem } from '../../../src/workers/runtime/types.ts';
import { VolumeHost } from '../../../src/workers/node/volumes/volume-host.ts';
import { run, type Run } from './run-helpers.ts';

const text = (s: string) => new TextEncoder().encode(s);
const decoded = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

/**
 * Starts toolbox `args` with the given mounts of `host`'s volumes, wired as a node wires a
 * container: a snapshot at start, its changes to the host, others' changes to it.
 */
async function start(host: VolumeHost, mounts: MountSpec[], args: string[]): Promise<Run> {
  const attachment = host.attach([...new Set(mounts.map((m) => m.volume))]);
  const filesystem: ContainerFilesystem = {
    volumes: attachment.contents(),
    mounts,
    changed: (volume, change) => attachment.changed(volume, change),
  };
  const started = await run('toolbox:1.0', args, { filesystem });
  attachment.bind(started.container);
  void started.container.exited.then(() => attachment.detach());
  return started;
}

const file = (path: string, content: string, mode = 0o644): VolumeEntry => ({
  kind: 'file',
  path,
  mode,
  data: text(content),
});

describe('container files: volumes as WASI preopened directories', function () {
  this.timeout(30_000);
  let host: VolumeHost;
  beforeEach(() => {
    host = new VolumeHost();
    host.ensure('root');
    host.ensure('shared');
  });
  const rootMounts = (): MountSpec[] => [
    { path: '/', volume: 'root', readOnly: false },
    { path: '/tmp', volume: 'root', subPath: 'tmp', readOnly: false },
  ];

  it('writes a file in a mount that another container of the pod then reads', async () => {
    const mounts: MountSpec[] = [{ path: '/data', volume: 'shared', readOnly: false }];
    const writer = await start(host, mounts, ['sh', '-c', 'echo hello > /data/greeting; ls /data']);
    expect(await writer.container.exited).to.include({ exitCode: 0 });
    expect(writer.output.stdout).to.equal('greeting\n');
    expect(decoded(host.data('shared')!.file('greeting'))).to.equal('hello\n');

    const reader = await start(host, mounts, ['cat', '/data/greeting']);
    expect(await reader.container.exited).to.include({ exitCode: 0 });
    expect(reader.output.stdout).to.equal('hello\n');
  });

  it("sees another writer's change while it runs (once its worker has handled it)", async () => {
    const mounts: MountSpec[] = [{ path: '/data', volume: 'shared', readOnly: false }];
    const reader = await start(host, mounts, ['sh', '-c', 'sleep 0.5; cat /data/late']);
    const writer = host.attach(['shared']);
    writer.changed('shared', { op: 'write', path: 'late', offset: 0, data: text('news\n') });
    expect(await reader.container.exited).to.include({ exitCode: 0 });
    expect(reader.output.stdout).to.equal('news\n');
  });

  it('appends with >>, each write at the end as it is', async () => {
    host.replace('shared', [file('log', 'one\n')]);
    const mounts: MountSpec[] = [{ path: '/data', volume: 'shared', readOnly: false }];
    const appender = await start(host, mounts, [
      'sh',
      '-c',
      'echo two >> /data/log; echo three >> /data/log; cat /data/log',
    ]);
    await appender.container.exited;
    expect(appender.output.stdout).to.equal('one\ntwo\nthree\n');
    expect(decoded(host.data('shared')!.file('log'))).to.equal('one\ntwo\nthree\n');
  });

  it('gives a writable /tmp and a root that lists the mount points', async () => {
    const mounts = [...rootMounts(), { path: '/data', volume: 'shared', readOnly: false }];
    const shell = await start(host, mounts, [
      'sh',
      '-c',
      'echo scratch > /tmp/a; cat /tmp/a; echo top > /note; cat note; ls /',
    ]);
    expect(await shell.container.exited).to.include({ exitCode: 0 });
    const [scratch, top, ...listed] = shell.output.stdout.trimEnd().split('\n');
    expect([scratch, top]).to.deep.equal(['scratch', 'top']);
    // Directory order is insertion order (toolbox's ls does not sort).
    expect(listed.sort()).to.deep.equal(['data', 'note', 'tmp']);
    expect(decoded(host.data('root')!.file('tmp/a'))).to.equal('scratch\n');
  });

  it('refuses writes to a read-only mount with EROFS, and reads it', async () => {
    host.ensure('config', () => [file('app.conf', 'color=blue\n')]);
    const mounts: MountSpec[] = [{ path: '/config', volume: 'config', readOnly: true }];
    const shell = await start(host, mounts, [
      'sh',
      '-c',
      'cat /config/app.conf; echo x > /config/new; echo y > /config/app.conf',
    ]);
    expect(await shell.container.exited).to.include({ exitCode: 1 });
    expect(shell.output.stdout).to.equal('color=blue\n');
    expect(shell.output.stderr).to.equal(
      "sh: can't create /config/new: Read-only file system\n" +
        "sh: can't create /config/app.conf: Read-only file system\n",
    );
    expect(
      host
        .data('config')!
        .entries()
        .map((e) => e.path),
    ).to.deep.equal(['app.conf']);
  });

  it('mounts a single file (a subPath naming a file) inside the mount that holds its path', async () => {
    host.ensure('config', () => [file('app.conf', 'color=blue\n'), file('other', 'x')]);
    const mounts: MountSpec[] = [
      ...rootMounts(),
      { path: '/etc/app.conf', volume: 'config', subPath: 'app.conf', readOnly: true },
      { path: '/srv', volume: 'config', subPath: 'missing-dir', readOnly: false },
    ];
    const shell = await start(host, mounts, ['sh', '-c', 'cat /etc/app.conf; ls /etc; ls /srv']);
    expect(await shell.container.exited).to.include({ exitCode: 0 });
    expect(shell.output.stdout).to.equal('color=blue\napp.conf\n');
    // A subPath that does not exist yet is made, as the kubelet makes it.
    expect(host.data('config')!.entry('missing-dir')?.kind).to.equal('dir');
  });

  it('keeps the listeners right after the preopened directories', async () => {
    const mounts: MountSpec[] = [{ path: '/data', volume: 'shared', readOnly: false }];
    const attachment = host.attach(['shared']);
    const env = await run('toolbox:1.0', ['env'], {
      filesystem: { volumes: attachment.contents(), mounts, changed: () => {} },
    });
    await env.container.exited;
    // No network here: no listeners, but the directory is fd 3 and a program finds it.
    expect(env.output.stdout).to.not.contain('LISTEN_FDS');
    const ls = await start(host, mounts, ['ls', '/data']);
    expect(await ls.container.exited).to.include({ exitCode: 0 });
  });

  it('measures: appends written through to the node', async () => {
    const mounts: MountSpec[] = [{ path: '/data', volume: 'shared', readOnly: false }];
    const script = (target: string) =>
      Array.from({ length: 400 }, (_, i) => `echo line ${i} >> ${target}`).join('; ');
    const begun = performance.now();
    const local = await start(
      host,
      [...rootMounts(), ...mounts],
      ['sh', '-c', script('/data/log')],
    );
    await local.container.exited;
    const elapsed = performance.now() - begun;
    expect(host.data('shared')!.file('log')!.length).to.equal(
      Array.from({ length: 400 }, (_, i) => `line ${i}\n`).join('').length,
    );
    console.warn(
      `write-through: 400 appends (open, write, close each) in ${elapsed.toFixed(0)} ms, ` +
        `${((elapsed / 400) * 1000).toFixed(0)} µs per append including the shell`,
    );
  });
});
