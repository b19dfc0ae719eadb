/**
 * Stand-ins for the well-known images that Kubernetes tutorials use (nginx, busybox, redis,
 * the guestbook's images...): each maps the image's names to a built-in WASI program that
 * behaves as the tutorial relies on (ports, pages, replies, logs, environment), and models the
 * real image's ENTRYPOINT, CMD and ENV so that a pod's `command` and `args` mean what they
 * mean on a real cluster. docs/images.md lists them for users.
 */

import { matchesVersionTags, type VersionTagRule } from './version-tags.ts';

/** A model of an image's entrypoint script: what it execs, and what it prints first. */
export type EntrypointScript = (
  argv: readonly string[],
  env: ReadonlyMap<string, string>,
) => { argv: string[]; stdout?: string };

/** The parts of an image's config a stand-in sets for one tag. */
export interface StandInConfig {
  entrypoint: string[];
  cmd: string[];
  env: [string, string][];
}

export interface StandIn {
  /** Its name in image IDs (`builtin://stand-in/<name>@sha256:...`) and in the docs. */
  name: string;
  /** What it does, in a sentence, for the docs and error messages. */
  summary: string;
  /**
   * The repositories it answers to, in canonical form (find-stand-in.ts: `docker.io/library/
   * nginx`, `registry.k8s.io/echoserver`, `gcr.io/google-samples/hello-app`); any tag or
   * digest matches.
   */
  repositories: string[];
  /** The built-in image (wasm-apps/<module>) whose module runs it. */
  module: string;
  /**
   * The programs the module runs, by argv[0]'s basename (`perl*` matches any name starting
   * with `perl`). A container whose argv[0] names none of them runs the toolbox when it names
   * one of its applets and the image has a shell, and otherwise fails to start as runc does.
   */
  programs: readonly string[];
  /** Whether the real image has a shell and the usual utilities (sh, echo, sleep, cat...). */
  shell: boolean;
  /**
   * The only tags the real repositories have, when a tutorial relies on others failing to pull
   * (the Basics tutorial's `:v10`); unset: any tag matches. A digest always matches.
   */
  tags?: readonly string[];
  /**
   * Whether the real `repository` (canonical, one of `repositories`) has `tag`, when a tag a
   * tutorial could mistype must fail to pull as it does on a real cluster (`nginx:1.161`);
   * unset: any tag matches. Plausible tags are accepted rather than break a user's manifest.
   */
  tagExists?(tag: string, repository: string): boolean;
  /**
   * Its programs (by basename, as in `programs`) that, as the container's PID 1, handle the
   * kubelet's stop signal by shutting down and exiting 0: nginx, Apache and redis-server do;
   * a program without a handler (node, a Go server, a shell, `sleep`) ignores it as PID 1 and
   * is killed when the grace period ends (137). Unset: none does.
   */
  stopsOnSigterm?: readonly string[];
  /** The image's ENTRYPOINT, CMD and ENV for a tag (undefined: the reference has a digest only). */
  config(tag: string | undefined): StandInConfig;
  /** Its entrypoint scripts by basename, run before the program (docker-entrypoint.sh...). */
  scripts?: Readonly<Record<string, EntrypointScript>>;
  /**
   * The programs of fuller (Debian-based) images that the toolbox also provides, when the real
   * image has them: `bash` and `curl`. busybox and alpine have neither.
   */
  distroUtilities?: readonly DistroUtility[];
  /**
   * Files of the real image's tag that tutorials show (`cat server.js`), by path from the root
   * of its filesystem, where a container's processes find them (their working directory is `/`).
   */
  files?(tag: string | undefined): Readonly<Record<string, string>>;
}

/** Programs of Debian-based images that the toolbox runs too (bash is its sh). */
export type DistroUtility = 'bash' | 'curl';

/** Every DistroUtility: the toolbox runs them only in images whose stand-in lists them. */
export const distroUtilities: readonly DistroUtility[] = ['bash', 'curl'];

/** True when `program` is one of the toolbox's programs that `standIn`'s image has. */
export function hasUtility(standIn: StandIn | undefined, program: string): boolean {
  if (toolboxApplets.includes(program)) return standIn === undefined || standIn.shell;
  return (standIn?.distroUtilities ?? []).some((u) => u === program);
}

/**
 * The toolbox's busybox applets, which a busybox-like image runs (wasm-apps/toolbox `--list`
 * prints these and the distroUtilities).
 */
export const toolboxApplets: readonly string[] = [
  '[',
  'busybox',
  'cat',
  'date',
  'echo',
  'env',
  'exit',
  'false',
  'hostname',
  'id',
  'ls',
  'mkdir',
  'nc',
  'nslookup',
  'printenv',
  'pwd',
  'rm',
  'sh',
  'sleep',
  'test',
  'touch',
  'true',
  'uname',
  'wget',
  'whoami',
];

const PATH: [string, string] = [
  'PATH',
  '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
];

/** nginx's tags on Docker Hub: 1.x versions up to the newest mainline, and their variants. */
const nginxTags: VersionTagRule = {
  // nginx 1.31 is the newest mainline (May 2026); raise it when a newer one is published.
  newestMinor: { 1: 31 },
  names: ['latest', 'stable', 'mainline'],
  variants: [
    'alpine',
    'slim',
    'perl',
    'otel',
    'trixie',
    'bookworm',
    'bullseye',
    'buster',
    'stretch',
    'jessie',
  ],
};

/** httpd's tags on Docker Hub: 2.2 and 2.4 versions, and their variants. */
const httpdTags: VersionTagRule = {
  newestMinor: { 2: 4 },
  names: ['latest'],
  variants: ['alpine', 'trixie', 'bookworm', 'bullseye', 'buster', 'stretch', 'jessie'],
};

/** The version a tag names (`1.14.2` of `1.14.2-alpine`), or undefined for `latest`, `alpine`... */
export function tagVersion(tag: string | undefined): string | undefined {
  return tag === undefined ? undefined : /^v?(\d+(?:\.\d+){0,2})(?:[-_.].*)?$/.exec(tag)?.[1];
}

/** `1.27` → `1.27.0`: a version with all three parts. */
function fullVersion(version: string): string {
  const parts = version.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** A version's numbers compared: is `version` before `major.minor`? */
function before(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map(Number);
  return a < major || (a === major && (b ?? 0) < minor);
}

/** The nginx image's docker-entrypoint.sh: configures, says so, then execs its arguments. */
const nginxEntrypoint: EntrypointScript = (argv) => {
  const program = argv[1]?.slice(argv[1].lastIndexOf('/') + 1);
  if (program !== 'nginx' && program !== 'nginx-debug') return { argv: argv.slice(1) };
  const s = '/docker-entrypoint.sh';
  const d = '/docker-entrypoint.d';
  const conf = '/etc/nginx/conf.d/default.conf';
  return {
    argv: argv.slice(1),
    stdout:
      `${s}: ${d}/ is not empty, will attempt to perform configuration\n` +
      `${s}: Looking for shell scripts in ${d}/\n` +
      `${s}: Launching ${d}/10-listen-on-ipv6-by-default.sh\n` +
      `10-listen-on-ipv6-by-default.sh: info: Getting the checksum of ${conf}\n` +
      `10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in ${conf}\n` +
      `${s}: Sourcing ${d}/15-local-resolvers.envsh\n` +
      `${s}: Launching ${d}/20-envsubst-on-templates.sh\n` +
      `${s}: Launching ${d}/30-tune-worker-processes.sh\n` +
      `${s}: Configuration complete; ready for start up\n`,
  };
};

/** The redis image's docker-entrypoint.sh: options or a config file go to redis-server. */
const redisEntrypoint: EntrypointScript = (argv) => {
  const first = argv[1];
  if (first !== undefined && (first.startsWith('-') || first.endsWith('.conf'))) {
    return { argv: ['redis-server', ...argv.slice(1)] };
  }
  return { argv: argv.slice(1) };
};

/** The php images' docker-php-entrypoint: options go to apache2-foreground. */
const phpEntrypoint: EntrypointScript = (argv) =>
  argv[1]?.startsWith('-')
    ? { argv: ['apache2-foreground', ...argv.slice(1)] }
    : { argv: argv.slice(1) };

/** A guestbook follower's /run.sh: a redis-server replicating the leader it finds by DNS or env. */
function followerScript(leader: string, envName: string): EntrypointScript {
  return (_argv, env) => {
    const host = env.get('GET_HOSTS_FROM') === 'env' ? (env.get(envName) ?? '') : leader;
    return { argv: ['redis-server', '--replicaof', host, '6379'] };
  };
}

const busyboxLike = (
  name: string,
  summary: string,
  repositories: string[],
  cmd: string[],
): StandIn => ({
  name,
  summary,
  repositories,
  module: 'toolbox',
  programs: toolboxApplets,
  shell: true,
  config: () => ({ entrypoint: [], cmd, env: [PATH] }),
});

const redisConfig = (cmd: string[]) => (tag: string | undefined) => ({
  entrypoint: ['docker-entrypoint.sh'],
  cmd,
  env: [['REDIS_VERSION', fullVersion(tagVersion(tag) ?? '7.4.1')], PATH] as [string, string][],
});

/** Every stand-in, in the order the docs list them. */
export const standIns: readonly StandIn[] = [
  {
    name: 'nginx',
    summary:
      "nginx's default server on port 80: the Welcome to nginx! page, nginx's error pages and " +
      'headers, files from a volume mounted at /usr/share/nginx/html',
    repositories: ['docker.io/library/nginx', 'registry.k8s.io/nginx-slim'],
    module: 'nginx',
    programs: ['nginx', 'nginx-debug'],
    shell: true,
    distroUtilities: ['bash', 'curl'],
    config: (tag) => {
      const version = tagVersion(tag) ?? (tag?.startsWith('stable') ? '1.26.2' : '1.27.3');
      // The image gained its entrypoint script in 1.19.
      const script = !before(version, 1, 19);
      return {
        entrypoint: script ? ['/docker-entrypoint.sh'] : [],
        cmd: ['nginx', '-g', 'daemon off;'],
        env: [PATH, ['NGINX_VERSION', fullVersion(version)]],
      };
    },
    scripts: { 'docker-entrypoint.sh': nginxEntrypoint },
    tagExists: (tag, repository) =>
      repository !== 'docker.io/library/nginx' || matchesVersionTags(nginxTags, tag),
    // SIGTERM is nginx's fast shutdown (the image sends SIGQUIT, the graceful one, since 1.19):
    // either way it exits 0.
    stopsOnSigterm: ['nginx', 'nginx-debug'],
  },
  {
    name: 'httpd',
    summary: "Apache httpd's default server on port 80: It works!, or files from htdocs",
    repositories: ['docker.io/library/httpd'],
    module: 'httpd',
    programs: ['httpd-foreground', 'httpd'],
    shell: true,
    distroUtilities: ['bash'],
    tagExists: (tag) => matchesVersionTags(httpdTags, tag),
    // httpd-foreground execs httpd, which stops and exits 0 (the image's SIGWINCH is a graceful stop).
    stopsOnSigterm: ['httpd-foreground', 'httpd'],
    config: (tag) => ({
      entrypoint: [],
      cmd: ['httpd-foreground'],
      env: [
        ['HTTPD_PREFIX', '/usr/local/apache2'],
        PATH,
        ['HTTPD_VERSION', fullVersion(tagVersion(tag) ?? '2.4.62')],
      ],
    }),
  },
  busyboxLike(
    'busybox',
    'a busybox shell and applets: sh -c, echo, sleep, cat, env, wget, nslookup, nc...',
    [
      'docker.io/library/busybox',
      'registry.k8s.io/busybox',
      'registry.k8s.io/e2e-test-images/busybox',
      'docker.io/radial/busyboxplus',
    ],
    ['sh'],
  ),
  busyboxLike(
    'alpine',
    "Alpine's shell, as busybox's applets",
    ['docker.io/library/alpine'],
    ['/bin/sh'],
  ),
  busyboxLike(
    'dnsutils',
    'the DNS debugging image: sleep, and nslookup in busybox format',
    ['registry.k8s.io/e2e-test-images/jessie-dnsutils'],
    ['/bin/sh'],
  ),
  {
    name: 'redis',
    summary:
      'a Redis-protocol server on port 6379 (the commands the tutorials use); redis-server ' +
      'options and config files (port, dir, appendonly, replicaof)',
    repositories: ['docker.io/library/redis', 'registry.k8s.io/redis'],
    module: 'kv-store',
    programs: ['redis-server'],
    shell: true,
    distroUtilities: ['bash'],
    config: redisConfig(['redis-server']),
    scripts: { 'docker-entrypoint.sh': redisEntrypoint },
    // docker-entrypoint.sh execs redis-server, which saves if configured to and exits 0.
    stopsOnSigterm: ['redis-server'],
  },
  {
    name: 'gb-redis-follower',
    summary: "the guestbook's Redis follower: a read-only replica of redis-leader",
    repositories: ['gcr.io/google-samples/gb-redis-follower'],
    module: 'kv-store',
    programs: ['redis-server'],
    shell: true,
    distroUtilities: ['bash'],
    config: redisConfig(['/run.sh']),
    scripts: {
      'docker-entrypoint.sh': redisEntrypoint,
      'run.sh': followerScript('redis-leader', 'REDIS_LEADER_SERVICE_HOST'),
    },
  },
  {
    name: 'gb-redisslave',
    summary: "the older guestbook's Redis slave: a read-only replica of redis-master",
    repositories: ['gcr.io/google-samples/gb-redisslave'],
    module: 'kv-store',
    programs: ['redis-server'],
    shell: true,
    distroUtilities: ['bash'],
    config: redisConfig(['/run.sh']),
    scripts: {
      'docker-entrypoint.sh': redisEntrypoint,
      'run.sh': followerScript('redis-master', 'REDIS_MASTER_SERVICE_HOST'),
    },
  },
  {
    name: 'gb-frontend',
    summary: "the guestbook's PHP front end on port 80, storing entries in redis-leader",
    repositories: ['gcr.io/google-samples/gb-frontend'],
    module: 'guestbook',
    programs: ['apache2-foreground'],
    shell: true,
    distroUtilities: ['bash', 'curl'],
    config: () => ({
      entrypoint: ['docker-php-entrypoint'],
      cmd: ['apache2-foreground'],
      env: [PATH],
    }),
    scripts: { 'docker-php-entrypoint': phpEntrypoint },
    // apache2-foreground execs apache2, which stops and exits 0.
    stopsOnSigterm: ['apache2-foreground', 'apache2'],
  },
  {
    name: 'hpa-example',
    summary:
      'php-apache for the HorizontalPodAutoscaler walkthrough: OK! on port 80 after a CPU-heavy loop',
    repositories: ['registry.k8s.io/hpa-example'],
    module: 'php-apache',
    programs: ['apache2-foreground', 'apache2'],
    shell: true,
    distroUtilities: ['bash', 'curl'],
    config: () => ({
      entrypoint: ['docker-php-entrypoint'],
      cmd: ['apache2-foreground'],
      env: [PATH, ['PHP_VERSION', '5.6.40']],
    }),
    scripts: { 'docker-php-entrypoint': phpEntrypoint },
    // apache2-foreground execs apache2, which stops and exits 0.
    stopsOnSigterm: ['apache2-foreground', 'apache2'],
  },
  {
    name: 'echoserver',
    summary: "echoserver on port 8080: the pod and the request, in echoserver's text format",
    repositories: ['registry.k8s.io/echoserver'],
    module: 'echoserver',
    programs: ['echoserver', 'run.sh'],
    shell: true,
    config: (tag) => ({
      entrypoint: [],
      cmd: ['echoserver', '--version', tagVersion(tag) ?? '1.10'],
      env: [PATH],
    }),
  },
  {
    name: 'echo-server',
    summary: 'echo-server on port 8080: Request served by <pod>, then the request',
    repositories: ['docker.io/kicbase/echo-server', 'docker.io/jmalloc/echo-server'],
    module: 'echo-server',
    programs: ['echo-server'],
    shell: false,
    config: () => ({ entrypoint: ['/bin/echo-server'], cmd: [], env: [] }),
  },
  {
    name: 'http-echo',
    summary: 'hashicorp/http-echo: the -text on -listen (default :5678)',
    repositories: ['docker.io/hashicorp/http-echo'],
    module: 'hashicorp-http-echo',
    programs: ['http-echo'],
    shell: false,
    config: (tag) => ({
      entrypoint: ['/http-echo', `-stand-in-version=${fullVersion(tagVersion(tag) ?? '1.0.0')}`],
      cmd: [],
      env: [],
    }),
  },
  {
    name: 'kubernetes-bootcamp',
    summary:
      "the Kubernetes Basics tutorial's app on port 8080: Hello Kubernetes bootcamp! | Running on: <pod> | v=1",
    repositories: [
      'gcr.io/google-samples/kubernetes-bootcamp',
      'docker.io/jocatalin/kubernetes-bootcamp',
    ],
    module: 'bootcamp',
    programs: ['node'],
    shell: true,
    // The tutorial updates to v2, then to a v10 that does not exist and must fail to pull.
    tags: ['v1', 'v2'],
    config: (tag) => ({
      entrypoint: [],
      cmd: ['node', 'server.js', '--version', tagVersion(tag)?.split('.')[0] ?? '1'],
      env: [PATH, ['NPM_CONFIG_LOGLEVEL', 'info'], ['NODE_VERSION', '6.3.1']],
    }),
    distroUtilities: ['bash', 'curl'],
    files: (tag) => ({ 'server.js': bootcampServerJs(tagVersion(tag)?.split('.')[0] ?? '1') }),
  },
  {
    name: 'hello-app',
    summary: 'hello-app on port 8080: Hello, world!, its version and the pod name',
    repositories: ['gcr.io/google-samples/hello-app'],
    module: 'hello-app',
    programs: ['hello-app'],
    shell: false,
    config: (tag) => ({
      entrypoint: [],
      cmd: ['/hello-app', '--version', tagVersion(tag) ?? '1.0'],
      env: [],
    }),
  },
  {
    name: 'node-hello',
    summary: 'node-hello on port 8080: Hello Kubernetes!',
    repositories: ['gcr.io/google-samples/node-hello'],
    module: 'hello-app',
    programs: ['node'],
    shell: true,
    distroUtilities: ['bash', 'curl'],
    config: () => ({
      entrypoint: [],
      cmd: ['node', 'server.js', '--node-hello'],
      env: [PATH],
    }),
  },
  {
    name: 'serve_hostname',
    summary: "the Debug Services tutorial's app: the pod's hostname on port 9376",
    repositories: ['registry.k8s.io/serve_hostname'],
    module: 'serve-hostname',
    programs: ['serve_hostname'],
    shell: false,
    config: () => ({ entrypoint: ['/serve_hostname'], cmd: [], env: [] }),
  },
  {
    name: 'liveness',
    summary: 'the liveness-probe example: /healthz on 8080 answers 200 for 10 s, then 500',
    repositories: ['registry.k8s.io/liveness'],
    module: 'liveness',
    programs: ['server'],
    shell: false,
    config: () => ({ entrypoint: [], cmd: ['/server'], env: [] }),
  },
  {
    name: 'perl',
    summary: "perl for the docs' pi Job: print bpi(N) prints pi to N digits; nothing else",
    repositories: ['docker.io/library/perl'],
    module: 'pi',
    programs: ['perl*'],
    shell: true,
    distroUtilities: ['bash', 'curl'],
    config: (tag) => ({
      entrypoint: [],
      cmd: [`perl${fullVersion(tagVersion(tag) ?? '5.40.0')}`, '-de0'],
      env: [PATH],
    }),
  },
];

/** The stand-in with this name. */
export function standInByName(name: string): StandIn | undefined {
  return standIns.find((s) => s.name === name);
}

/** Whether the stand-in's module runs `program` (a basename) itself. */
export function runsProgram(standIn: StandIn, program: string): boolean {
  return standIn.programs.some((p) =>
    p.endsWith('*') ? program.startsWith(p.slice(0, -1)) : p === program,
  );
}

/** Whether `program` (a basename), run by the stand-in's own module, exits 0 on SIGTERM. */
export function stopsOnSigterm(standIn: StandIn, program: string): boolean {
  return (standIn.stopsOnSigterm ?? []).includes(program) && runsProgram(standIn, program);
}

/**
 * The bootcamp image's server.js as the stand-in shows it: a Node.js program doing what the
 * stand-in's module does (the reply and the log lines), for a learner who reads it.
 */
function bootcampServerJs(version: string): string {
  return `// The Kubernetes Basics app: answers every HTTP request on port 8080 with the name of the
// pod it runs in (HOSTNAME) and its version, and logs each request.
var http = require('http');

var version = ${version};
var podName = process.env.HOSTNAME;
var startedAt = new Date();
var served = 0;

function answer(request, response) {
  served += 1;
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('Hello Kubernetes bootcamp! | Running on: ' + podName + ' | v=' + version + '\\n');
  console.log('Running On:', podName, '| Total Requests:', served,
    '| App Uptime:', (new Date() - startedAt) / 1000, 'seconds', '| Log Time:', new Date());
}

http.createServer(answer).listen(8080, function () {
  console.log('Kubernetes Bootcamp App Started At:', startedAt, '| Running On: ', podName, '\\n');
});
`;
}
