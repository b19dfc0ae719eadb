import { expect } from '@esm-bundle/chai';
import { humanDuration } from '../../../src/shell/commands/docker.ts';
import { shellFixture, type ShellFixture } from '../shell-fixture.ts';

describe('docker over the nodes (kind runs each node as a container)', () => {
  let sh: ShellFixture;
  let up: Set<string>;
  let calls: string[];

  beforeEach(async () => {
    sh = await shellFixture();
    // The cluster's clock: the API server's time, read from an object it stamps.
    const probe = await sh.host.api({
      verb: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'clock-probe' } },
    });
    const stamped = (probe.body as { metadata: { creationTimestamp: string } }).metadata;
    const now = Date.parse(stamped.creationTimestamp) + 600_000;
    const at = (ms: number) => new Date(now - ms).toISOString();
    for (const [name, age, control] of [
      ['playground-control-plane', 600_000, true],
      ['playground-worker', 590_000, false],
      ['playground-worker2', 590_000, false],
    ] as const) {
      const created = await sh.host.api({
        verb: 'POST',
        path: '/api/v1/nodes',
        body: {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {
            name,
            labels: control ? { 'node-role.kubernetes.io/control-plane': '' } : {},
          },
        },
      });
      expect(created.status).to.equal(201);
      // The node turned Ready a while ago and last reported 40 s ago.
      const status = await sh.host.api({
        verb: 'PATCH',
        path: `/api/v1/nodes/${name}/status`,
        contentType: 'application/merge-patch+json',
        body: {
          status: {
            conditions: [
              {
                type: 'Ready',
                status: 'True',
                lastTransitionTime: at(age - 5_000),
                lastHeartbeatTime: at(40_000),
              },
            ],
          },
        },
      });
      expect(status.status, JSON.stringify(status.body)).to.equal(200);
    }
    up = new Set(['playground-control-plane', 'playground-worker', 'playground-worker2']);
    calls = [];
    sh.host.machines = {
      running: () => [...up],
      now: () => now,
      kill: async (name) => {
        calls.push(`kill ${name}`);
        up.delete(name);
      },
      start: async (name) => {
        calls.push(`start ${name}`);
        up.add(name);
      },
    };
  });

  it('docker stop kills the node, docker ps -a shows it exited, docker start brings it back', async () => {
    expect(await sh.run('docker stop playground-worker')).to.deep.equal({
      stdout: 'playground-worker\n',
      stderr: '',
      status: 0,
    });
    expect(calls).to.deep.equal(['kill playground-worker']);

    const running = (await sh.run('docker ps')).stdout.split('\n');
    expect(running[0]).to.match(
      /^CONTAINER ID {3}IMAGE {18}COMMAND {18}CREATED {10}STATUS {9}PORTS {23}NAMES$/,
    );
    expect(running.slice(1, -1).map((l) => l.split(/\s{3,}/).at(-1))).to.deep.equal([
      'playground-worker2',
      'playground-control-plane',
    ]);
    expect(running[2]).to.match(
      /^[0-9a-f]{12} {3}kindest\/node:v1\.34\.0 {3}"\/usr\/local\/bin\/entr…" {3}10 minutes ago {3}Up 9 minutes {3}127\.0\.0\.1:40261->6443\/tcp {3}playground-control-plane$/,
    );

    const all = (await sh.run('docker ps -a')).stdout;
    expect(all).to.match(/Exited \(137\) 40 seconds ago\s+playground-worker\n/);
    expect((await sh.run('docker ps -q')).stdout.trim().split('\n')).to.have.length(2);

    expect((await sh.run('docker start playground-worker')).stdout).to.equal('playground-worker\n');
    expect(calls).to.deep.equal(['kill playground-worker', 'start playground-worker']);
    // Starting a running container does nothing, as docker does.
    await sh.run('docker start playground-worker');
    expect(calls).to.have.length(2);
    await sh.run('docker restart playground-worker2');
    expect(calls.at(-1)).to.equal('start playground-worker2');
  });

  it("answers docker's errors for an unknown container, no argument and an unknown command", async () => {
    expect(await sh.run('docker stop nosuch playground-worker')).to.deep.equal({
      stdout: 'playground-worker\n',
      stderr: 'Error response from daemon: No such container: nosuch\n',
      status: 1,
    });
    const bare = await sh.run('docker kill');
    expect(bare.status).to.equal(1);
    expect(bare.stderr).to.match(/^"docker kill" requires at least 1 argument\./);
    expect(await sh.run('docker pull nginx')).to.deep.equal({
      stdout: '',
      stderr: "docker: 'pull' is not a docker command.\nSee 'docker --help'\n",
      status: 1,
    });
  });

  it("words durations as docker's HumanDuration does", () => {
    const cases: [number, string][] = [
      [500, 'Less than a second'],
      [1_000, '1 second'],
      [45_000, '45 seconds'],
      [90_000, 'About a minute'],
      [10 * 60_000, '10 minutes'],
      [3_600_000, 'About an hour'],
      [5 * 3_600_000, '5 hours'],
      [3 * 86_400_000, '3 days'],
    ];
    for (const [ms, text] of cases) expect(humanDuration(ms), String(ms)).to.equal(text);
  });
});
