import { expect } from '@esm-bundle/chai';
import { containerProcess } from '../../../src/workers/runtime/container-process.ts';
import { findStandIn } from '../../../src/workers/runtime/find-stand-in.ts';
import type { ContainerStartSpec, ResolvedImage } from '../../../src/workers/runtime/types.ts';

const emptyModule = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));

/** The toolbox, as the registry resolves a stand-in's utilities. */
const toolbox: ResolvedImage = {
  image: 'toolbox:1.0',
  imageID: 'builtin://toolbox@sha256:1',
  module: emptyModule,
  bytes: new Uint8Array(8),
};

/** An image as the registry resolves a stand-in for it (stand-ins.ts). */
function standInImage(image: string): ResolvedImage {
  const match = findStandIn(image)!;
  return {
    image,
    imageID: `builtin://stand-in/${match.standIn.name}@sha256:2`,
    module: emptyModule,
    bytes: new Uint8Array(8),
    config: {
      standIn: match.standIn.name,
      ...match.config,
      ...(match.standIn.shell ? { utilities: () => Promise.resolve(toolbox) } : {}),
    },
  };
}

function spec(
  image: ResolvedImage,
  container: { command?: string[]; args?: string[]; env?: [string, string][] } = {},
): ContainerStartSpec {
  return {
    containerID: 'wasi://test',
    image,
    args: [...(container.command ?? []), ...(container.args ?? [])],
    process: { command: container.command, args: container.args },
    env: container.env ?? [['HOSTNAME', 'pod-1']],
  };
}

async function run(image: string | ResolvedImage, container: Parameters<typeof spec>[1] = {}) {
  const resolved = typeof image === 'string' ? standInImage(image) : image;
  const process = await containerProcess(spec(resolved, container));
  if ('exit' in process) throw new Error(process.exit.message);
  return {
    argv: process.argv,
    env: new Map(process.env),
    module: process.image === toolbox ? 'toolbox' : 'own',
    stdout: process.stdout,
    stopsOnSigterm: process.stopsOnSigterm === true,
  };
}

describe('containerProcess', () => {
  // Kubernetes' rule: command replaces the ENTRYPOINT, args the CMD; args alone keep the
  // ENTRYPOINT; neither runs ENTRYPOINT + CMD.
  const cases: {
    name: string;
    image: string;
    container?: { command?: string[]; args?: string[]; env?: [string, string][] };
    argv: string[];
    module?: 'own' | 'toolbox';
  }[] = [
    {
      name: "busybox's shell for command: [sh, -c, ...]",
      image: 'busybox',
      container: { command: ['sh', '-c', 'echo hi; sleep 3600'] },
      argv: ['sh', '-c', 'echo hi; sleep 3600'],
    },
    {
      name: 'busybox args alone (the exec-liveness Pod)',
      image: 'registry.k8s.io/busybox',
      container: { args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 600'] },
      argv: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 600'],
    },
    { name: "busybox's CMD", image: 'busybox:1.28', argv: ['sh'] },
    {
      name: "the docs' pi Job on perl",
      image: 'perl:5.34.0',
      container: { command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] },
      argv: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
    },
    {
      name: "nginx's entrypoint script, then its CMD",
      image: 'nginx:1.27.3',
      argv: ['nginx', '-g', 'daemon off;'],
    },
    {
      name: 'nginx 1.14, which has no script',
      image: 'nginx:1.14.2',
      argv: ['nginx', '-g', 'daemon off;'],
    },
    {
      name: 'a shell in an nginx container',
      image: 'nginx',
      container: { command: ['/bin/sh', '-c', 'echo hi'] },
      argv: ['/bin/sh', '-c', 'echo hi'],
      module: 'toolbox',
    },
    {
      name: "nginx's entrypoint with args that are a shell",
      image: 'nginx',
      container: { args: ['sh', '-c', 'sleep 1'] },
      argv: ['sh', '-c', 'sleep 1'],
      module: 'toolbox',
    },
    {
      name: "http-echo's args after its ENTRYPOINT",
      image: 'hashicorp/http-echo:0.2.3',
      container: { args: ['-text=apple'] },
      argv: ['/http-echo', '-stand-in-version=0.2.3', '-text=apple'],
    },
    {
      name: "redis options through the image's docker-entrypoint.sh",
      image: 'redis',
      container: { args: ['--appendonly', 'yes'] },
      argv: ['redis-server', '--appendonly', 'yes'],
    },
    {
      name: 'redis-server with a config file as the command (Configure Redis)',
      image: 'redis:5.0.4',
      container: { command: ['redis-server', '/redis-master/redis.conf'] },
      argv: ['redis-server', '/redis-master/redis.conf'],
    },
    {
      name: "the guestbook follower's run.sh, by DNS",
      image: 'gcr.io/google_samples/gb-redis-follower:v2',
      container: { env: [['GET_HOSTS_FROM', 'dns']] },
      argv: ['redis-server', '--replicaof', 'redis-leader', '6379'],
    },
    {
      name: "the guestbook follower's run.sh, by env",
      image: 'gcr.io/google_samples/gb-redis-follower:v2',
      container: {
        env: [
          ['GET_HOSTS_FROM', 'env'],
          ['REDIS_LEADER_SERVICE_HOST', '10.96.4.4'],
        ],
      },
      argv: ['redis-server', '--replicaof', '10.96.4.4', '6379'],
    },
    {
      name: "the guestbook front end's CMD",
      image: 'gcr.io/google_samples/gb-frontend:v5',
      argv: ['apache2-foreground'],
    },
    {
      name: "the liveness example's args",
      image: 'registry.k8s.io/liveness',
      container: { args: ['/server'] },
      argv: ['/server'],
    },
  ];
  for (const c of cases) {
    it(`runs ${c.name}`, async () => {
      const process = await run(c.image, c.container);
      expect(process.argv).to.deep.equal(c.argv);
      expect(process.module).to.equal(c.module ?? 'own');
    });
  }

  // Whether the container's PID 1 exits 0 on the kubelet's SIGTERM (nginx, Apache and
  // redis-server handle it) or, without a handler, is killed when the grace period ends.
  const stops: [image: string, container: Parameters<typeof spec>[1], exits0: boolean][] = [
    ['nginx:1.14.2', {}, true],
    ['nginx', { command: ['nginx', '-g', 'daemon off;'] }, true],
    ['nginx', { command: ['sh', '-c', 'sleep 3600'] }, false],
    ['httpd:2.4', {}, true],
    ['redis', { args: ['--appendonly', 'yes'] }, true],
    ['redis:5.0.4', { command: ['redis-server', '/redis-master/redis.conf'] }, true],
    // run.sh starts redis-server without exec: bash stays PID 1 and ignores SIGTERM.
    ['gcr.io/google_samples/gb-redis-follower:v2', {}, false],
    ['gcr.io/google_samples/gb-frontend:v5', {}, true],
    ['registry.k8s.io/hpa-example', {}, true],
    ['busybox', { command: ['sleep', '3600'] }, false],
    ['gcr.io/google-samples/kubernetes-bootcamp:v1', {}, false],
    ['registry.k8s.io/liveness', { args: ['/server'] }, false],
  ];
  for (const [image, container, exits0] of stops) {
    it(`says whether ${image} ${JSON.stringify(container)} exits 0 on SIGTERM (${exits0})`, async () => {
      expect((await run(image, container)).stopsOnSigterm).to.equal(exits0);
    });
  }

  it("prints what nginx's docker-entrypoint.sh prints before nginx starts", async () => {
    const { stdout } = await run('nginx');
    expect(stdout?.split('\n')[0]).to.equal(
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    );
    expect(stdout).to.contain(
      '/docker-entrypoint.sh: Configuration complete; ready for start up\n',
    );
    expect((await run('nginx', { command: ['nginx'] })).stdout).to.equal(undefined);
  });

  it("puts the image's ENV first and lets the container's own variables win", async () => {
    const { env } = await run('nginx:1.16.1', {
      env: [
        ['HOSTNAME', 'web-1'],
        ['NGINX_VERSION', 'mine'],
      ],
    });
    expect([...env.keys()]).to.deep.equal(['PATH', 'HOSTNAME', 'NGINX_VERSION']);
    expect(env.get('NGINX_VERSION')).to.equal('mine');
  });

  const failures: { image: string; command: string[]; message: string }[] = [
    {
      image: 'nginx',
      command: ['mysqld'],
      message:
        'failed to create containerd task: failed to create shim task: OCI runtime create failed: ' +
        'runc create failed: unable to start container process: exec: "mysqld": executable file ' +
        'not found in $PATH (the built-in stand-in for this image runs nginx, nginx-debug and the ' +
        'busybox applets): unknown',
    },
    {
      image: 'kicbase/echo-server:1.0',
      command: ['sh', '-c', 'echo hi'],
      message:
        'failed to create containerd task: failed to create shim task: OCI runtime create failed: ' +
        'runc create failed: unable to start container process: exec: "sh": executable file ' +
        'not found in $PATH (the built-in stand-in for this image runs echo-server): unknown',
    },
  ];
  for (const f of failures) {
    it(`fails to start ${f.command[0]} in ${f.image} as runc does`, async () => {
      const process = await containerProcess(spec(standInImage(f.image), { command: f.command }));
      expect(process).to.deep.equal({
        exit: { exitCode: 128, reason: 'StartError', message: f.message },
      });
    });
  }

  describe('for an image without a config', () => {
    const ticker: ResolvedImage = {
      image: 'ticker:1.0',
      imageID: 'builtin://ticker@sha256:3',
      module: emptyModule,
      bytes: new Uint8Array(8),
    };
    const plain: [container: { command?: string[]; args?: string[] }, argv: string[]][] = [
      [{ args: ['--every', '2s'] }, ['ticker', '--every', '2s']],
      [{ command: ['ticker'], args: ['--every', '2s'] }, ['ticker', '--every', '2s']],
      [{ command: ['/bin/ticker', '--every', '2s'] }, ['/bin/ticker', '--every', '2s']],
      [{ command: ['--every'], args: ['2s'] }, ['ticker', '--every', '2s']],
      [{}, ['ticker']],
    ];
    for (const [container, argv] of plain) {
      it(`runs ${JSON.stringify(container)} as ${argv.join(' ')}`, async () => {
        expect((await run(ticker, container)).argv).to.deep.equal(argv);
      });
    }

    it('runs [program, ...args] when the caller gives argv only', async () => {
      const process = await containerProcess({
        containerID: 'wasi://x',
        image: ticker,
        args: ['--every', '1s'],
        env: [],
      });
      expect(process).to.deep.include({ argv: ['ticker', '--every', '1s'] });
    });
  });
});
