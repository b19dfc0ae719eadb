import {
  fetchUrl,
  FetchError,
  headerName,
  parseUrl,
  reasonPhrase,
  type FetchFailure,
  type ParsedUrl,
} from '../net/http-fetch.ts';
import type { CommandContext, ShellCommand } from './command.ts';

const userAgent = 'curl/8.5.0';
const tryHelp = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** Options that take a value (long names, and their one-letter forms). */
const valued: Record<string, string> = {
  X: 'request',
  H: 'header',
  d: 'data',
  o: 'output',
  m: 'max-time',
  w: 'write-out',
  A: 'user-agent',
  u: 'user',
  e: 'referer',
  b: 'cookie',
  c: 'cookie-jar',
  T: 'upload-file',
  F: 'form',
  r: 'range',
  x: 'proxy',
};
const valuedLong = new Set([
  ...Object.values(valued),
  'data-raw',
  'data-binary',
  'data-urlencode',
  'json',
  'connect-timeout',
  'resolve',
  'retry',
  'retry-delay',
  'max-redirs',
  'cacert',
  'cert',
  'key',
  'url',
]);
const flags: Record<string, string> = {
  s: 'silent',
  S: 'show-error',
  i: 'include',
  I: 'head',
  v: 'verbose',
  L: 'location',
  f: 'fail',
  k: 'insecure',
  O: 'remote-name',
  G: 'get',
  N: 'no-buffer',
  4: 'ipv4',
  6: 'ipv6',
};
const flagLong = new Set([
  ...Object.values(flags),
  'fail-with-body',
  'compressed',
  'http1.1',
  'globoff',
  'no-progress-meter',
  'progress-bar',
  'raw',
  'no-keepalive',
  'tcp-nodelay',
]);

interface Options {
  urls: string[];
  values: Map<string, string[]>;
  flags: Set<string>;
}

function parse(args: string[]): Options | string {
  const values = new Map<string, string[]>();
  const set = new Set<string>();
  const urls: string[] = [];
  const add = (name: string, value: string) =>
    values.set(name, [...(values.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      if (valuedLong.has(name)) {
        if (eq >= 0) add(name, a.slice(eq + 1));
        else if (i + 1 < args.length) add(name, args[++i]);
        else return `option ${a}: requires parameter`;
      } else if (flagLong.has(name)) set.add(name);
      else return `option ${a}: is unknown`;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const letter = a[j];
        if (valued[letter]) {
          const rest = a.slice(j + 1);
          if (rest) add(valued[letter], rest);
          else if (i + 1 < args.length) add(valued[letter], args[++i]);
          else return `option -${letter}: requires parameter`;
          break;
        }
        if (flags[letter]) set.add(flags[letter]);
        else return `option -${letter}: is unknown`;
      }
    } else urls.push(a);
  }
  for (const u of values.get('url') ?? []) urls.push(u);
  return { urls, values, flags: set };
}

/** curl's numbers in 5 columns (`  612`, ` 597k`, `1024M`). */
function fiveColumns(n: number): string {
  if (n < 100000) return String(Math.round(n)).padStart(5);
  if (n < 10000 * 1024) return `${String(Math.round(n / 1024)).padStart(4)}k`;
  if (n < 10000 * 1024 * 1024) return `${String(Math.round(n / 1024 / 1024)).padStart(4)}M`;
  return `${String(Math.round(n / 1024 / 1024 / 1024)).padStart(4)}G`;
}

const meterHeader =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
  '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

/** The progress meter curl prints on stderr when its output is not the terminal, once done. */
function progressMeter(bytes: number, uploaded: number, ms: number): string {
  const speed = ms > 0 ? (bytes * 1000) / ms : bytes * 1000;
  const dashes = '--:--:--';
  return `${meterHeader}\r100 ${fiveColumns(bytes)}  100 ${fiveColumns(bytes)}  ${uploaded > 0 ? '100' : '  0'} ${fiveColumns(uploaded)}  ${fiveColumns(speed)}  ${fiveColumns(0)} ${dashes} ${dashes} ${dashes} ${fiveColumns(speed)}\n`;
}

function failureMessage(failure: FetchFailure, url: ParsedUrl): { code: number; message: string } {
  switch (failure.kind) {
    case 'resolve':
      return { code: 6, message: `Could not resolve host: ${failure.host}` };
    case 'refused':
      return {
        code: 7,
        message: `Failed to connect to ${url.host} port ${url.port} after ${Math.round(failure.elapsed)} ms: Couldn't connect to server`,
      };
    case 'timeout':
      return {
        code: 28,
        message: `Failed to connect to ${url.host} port ${url.port} after ${Math.round(failure.elapsed)} ms: Timeout was reached`,
      };
    case 'reset':
      return { code: 56, message: 'Recv failure: Connection reset by peer' };
    case 'empty':
      return { code: 52, message: 'Empty reply from server' };
    case 'aborted':
      return { code: 130, message: '' };
  }
}

/** `-w`'s variables and escapes. */
function writeOut(format: string, vars: Record<string, string>): string {
  return format
    .replace(/%\{(\w+)\}/g, (_m, name: string) => vars[name] ?? '')
    .replace(/\\([nrt\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', '\\': '\\' })[c]!);
}

async function transfer(ctx: CommandContext, options: Options, text: string): Promise<number> {
  const { values, flags } = options;
  const silent = flags.has('silent') && !flags.has('show-error');
  const quiet = flags.has('silent') || flags.has('no-progress-meter');
  const verbose = flags.has('verbose');
  const meter =
    !quiet &&
    !verbose &&
    (values.has('output') || flags.has('remote-name') || !ctx.stdout.isTerminal);
  const report = (code: number, message: string) => {
    if (meter) ctx.stderr.write(`${meterHeader}\n`);
    if (!silent) ctx.stderr.write(`curl: (${code}) ${message}\n`);
    return code;
  };
  let url = parseUrl(text);
  if (!url) return report(3, 'URL rejected: Malformed input to a URL function');
  const last = (name: string) => values.get(name)?.[values.get(name)!.length - 1];
  const data = [
    ...(values.get('data') ?? []),
    ...(values.get('data-raw') ?? []),
    ...(values.get('data-binary') ?? []),
    ...(values.get('data-urlencode') ?? []).map((d) => encodeURIComponent(d).replace(/%3D/, '=')),
  ];
  const json = values.get('json');
  let method =
    last('request') ?? (flags.has('head') ? 'HEAD' : data.length > 0 || json ? 'POST' : 'GET');
  const body = json ? json.join('') : data.length > 0 ? data.join('&') : undefined;
  const resolve = new Map<string, string>();
  for (const r of values.get('resolve') ?? []) {
    const m = /^([^:]+):(\d+):(.+)$/.exec(r);
    if (m) resolve.set(`${m[1]}:${m[2]}`, m[3]);
  }
  const maxTime = last('max-time');
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  if (maxTime) {
    ctx.session.host.sleep(Number(maxTime) * 1000, controller.signal).then(
      () => {
        timedOut = true;
        controller.abort();
      },
      () => undefined,
    );
  }
  const started = ctx.session.host.now();
  try {
    for (let redirects = 0; ; redirects++) {
      if (url.scheme !== 'http') {
        return report(1, `Protocol "${url.scheme}" not supported`);
      }
      const headers: Record<string, string> = {
        Host: url.authority,
        'User-Agent': last('user-agent') ?? userAgent,
        Accept: json ? 'application/json' : '*/*',
      };
      if (body !== undefined)
        headers['Content-Type'] = json ? 'application/json' : 'application/x-www-form-urlencoded';
      for (const h of values.get('header') ?? []) {
        const colon = h.indexOf(':');
        if (colon <= 0) continue;
        const name = h.slice(0, colon).trim();
        const value = h.slice(colon + 1).trim();
        for (const existing of Object.keys(headers))
          if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
        if (value !== '' || !h.trim().endsWith(':')) headers[name] = value;
      }
      if (verbose) ctx.stderr.write(`*   Trying ${url.host}:${url.port}...\n`);
      let result;
      try {
        result = await fetchUrl(
          { url, method, headers, body, resolve, signal: controller.signal },
          ctx.session.workspace,
          ctx.session.host,
        );
      } catch (err) {
        if (!(err instanceof FetchError)) throw err;
        if (timedOut)
          return report(
            28,
            `Operation timed out after ${Math.round(ctx.session.host.now() - started)} milliseconds with 0 bytes received`,
          );
        if (err.failure.kind === 'aborted') return 130;
        const { code, message } = failureMessage(err.failure, url);
        return report(code, message);
      }
      const { response } = result;
      const statusLine =
        `HTTP/1.1 ${response.status} ${reasonPhrase(response.status, response.statusText)}`.trimEnd();
      const headerLines = Object.entries(response.headers).map(
        ([k, v]) => `${headerName(k)}: ${v}`,
      );
      if (verbose) {
        ctx.stderr.write(`* Connected to ${url.host} (${result.ip}) port ${url.port}\n`);
        ctx.stderr.write(`> ${method} ${url.target} HTTP/1.1\n`);
        for (const [k, v] of Object.entries(headers)) ctx.stderr.write(`> ${k}: ${v}\n`);
        ctx.stderr.write('> \n');
        if (body !== undefined)
          ctx.stderr.write(`} [${new TextEncoder().encode(body).length} bytes data]\n`);
        ctx.stderr.write(`< ${statusLine}\n${headerLines.map((l) => `< ${l}\n`).join('')}< \n`);
      }
      const location = response.headers.location;
      if (flags.has('location') && location && response.status >= 300 && response.status < 400) {
        if (redirects >= 50) return report(47, 'Maximum (50) redirects followed');
        const next = parseUrl(
          new URL(location, `${url.scheme}://${url.authority}${url.target}`).href,
        );
        if (!next) return report(3, 'URL rejected: Malformed input to a URL function');
        if (verbose) ctx.stderr.write(`* Issue another request to this URL: '${location}'\n`);
        if (response.status === 301 || response.status === 302 || response.status === 303)
          if (method === 'POST') method = 'GET';
        url = next;
        continue;
      }
      const failOnError = flags.has('fail') || flags.has('fail-with-body');
      if (failOnError && response.status >= 400) {
        if (flags.has('fail-with-body')) ctx.stdout.write(new TextDecoder().decode(response.body));
        return report(22, `The requested URL returned error: ${response.status}`);
      }
      let output = '';
      if (flags.has('include') || flags.has('head'))
        output += `${statusLine}\r\n${headerLines.map((l) => `${l}\r\n`).join('')}\r\n`;
      const content = new TextDecoder().decode(response.body);
      if (method !== 'HEAD') output += content;
      const outFile =
        last('output') ??
        (flags.has('remote-name')
          ? url.target.split('?')[0].split('/').pop() || 'index.html'
          : undefined);
      if (outFile && outFile !== '-') {
        const { workspace, cwd } = ctx.session;
        const path = workspace.resolve(cwd, outFile);
        if (!workspace.canCreate(path) && !workspace.isFile(path))
          return report(
            23,
            `Failure writing output to destination, passed ${content.length} returned 0`,
          );
        workspace.write(path, output);
      } else ctx.stdout.write(output);
      if (meter)
        ctx.stderr.write(
          progressMeter(
            response.body.length,
            body ? body.length : 0,
            ctx.session.host.now() - started,
          ),
        );
      if (verbose) ctx.stderr.write(`* Connection #0 to host ${url.host} left intact\n`);
      const format = last('write-out');
      if (format) {
        const seconds = ((ctx.session.host.now() - started) / 1000).toFixed(6);
        ctx.stdout.write(
          writeOut(format, {
            http_code: String(response.status).padStart(3, '0'),
            response_code: String(response.status),
            size_download: String(response.body.length),
            size_header: String(
              statusLine.length + 2 + headerLines.reduce((n, l) => n + l.length + 2, 0) + 2,
            ),
            time_total: seconds,
            time_connect: seconds,
            url_effective: `${url.scheme}://${url.authority}${url.target}`,
            content_type: response.headers['content-type'] ?? '',
            remote_ip: result.ip,
            remote_port: String(result.port),
            method,
            num_redirects: String(redirects),
            exitcode: '0',
          }),
        );
      }
      return 0;
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    controller.abort();
  }
}

/**
 * curl from the learner's machine: `http://` URLs to NodePorts on node addresses (`minikube
 * ip`), ClusterIPs, load balancer and Ingress addresses, `kubectl proxy`'s and `kubectl
 * port-forward`'s localhost ports; with -s, -S, -i, -I, -v, -o, -O, -L, -X, -H, -d, --json,
 * -f, -m, --resolve and -w, curl's progress meter and its `curl: (N) ...` errors.
 */
export const curl: ShellCommand = {
  name: 'curl',
  summary: 'Transfer a URL: curl http://$(minikube ip):$NODE_PORT, curl localhost:8001/api',
  async run(ctx) {
    const options = parse(ctx.argv.slice(1));
    if (typeof options === 'string') {
      ctx.stderr.write(`curl: ${options}\n${tryHelp}`);
      return 2;
    }
    if (options.urls.length === 0) {
      ctx.stderr.write(tryHelp);
      return 2;
    }
    let status = 0;
    for (const url of options.urls) {
      status = await transfer(ctx, options, url);
      if (status === 130) return 130;
    }
    return status;
  },
};
