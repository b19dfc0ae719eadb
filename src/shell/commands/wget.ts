import { fetchUrl, FetchError, headerName, parseUrl, reasonPhrase } from '../net/http-fetch.ts';
import { isIPv4 } from '../net/resolve-host.ts';
import type { ShellCommand } from './command.ts';
import { formatDate } from './date-format.ts';

const stamp = (ms: number) => formatDate(ms, '%Y-%m-%d %H:%M:%S');

/** GNU wget's transfer rate: `58.4 MB/s`. */
function rate(bytes: number, ms: number): string {
  const perSecond = (bytes * 1000) / Math.max(ms, 0.1);
  const units = ['B/s', 'KB/s', 'MB/s', 'GB/s'];
  let value = perSecond;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(value >= 10 ? 1 : 2)} ${units[unit]}`;
}

/**
 * GNU wget from the learner's machine: `wget -qO- URL` and friends (-q, -O FILE|-, -S,
 * --spider, -T), saving into the workspace by default, with wget's log lines on stderr and
 * its exit codes (4 network failure, 8 server error).
 */
export const wget: ShellCommand = {
  name: 'wget',
  summary: 'Download a URL: wget -qO- http://$(minikube ip):$NODE_PORT',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let quiet = false;
    let output: string | undefined;
    let serverResponse = false;
    let spider = false;
    const urls: string[] = [];
    const headers: Record<string, string> = {};
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-O' || a === '--output-document') output = args[++i];
      else if (a.startsWith('--output-document=')) output = a.slice(18);
      else if (a === '--header') {
        const h = args[++i] ?? '';
        headers[h.slice(0, h.indexOf(':')).trim()] = h.slice(h.indexOf(':') + 1).trim();
      } else if (
        a === '-T' ||
        a === '--timeout' ||
        a === '-t' ||
        a === '--tries' ||
        a === '-U' ||
        a === '--user-agent'
      )
        i++;
      else if (a.startsWith('--')) {
        if (a === '--quiet') quiet = true;
        else if (a === '--server-response') serverResponse = true;
        else if (a === '--spider') spider = true;
        else if (
          !/^--(timeout|tries|user-agent|no-check-certificate|no-verbose|no-cache)=?/.test(a)
        ) {
          ctx.stderr.write(
            `wget: unrecognized option '${a}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`,
          );
          return 2;
        }
      } else if (a.startsWith('-') && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j];
          if (c === 'q') quiet = true;
          else if (c === 'S') serverResponse = true;
          else if (c === 'O') {
            output = a.slice(j + 1) || args[++i];
            break;
          } else if ('vnc'.includes(c)) continue;
          else {
            ctx.stderr.write(
              `wget: invalid option -- '${c}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`,
            );
            return 2;
          }
        }
      } else urls.push(a);
    }
    if (urls.length === 0) {
      ctx.stderr.write(
        "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n",
      );
      return 1;
    }
    const { host, workspace, cwd } = ctx.session;
    const log = (text: string) => {
      if (!quiet) ctx.stderr.write(text);
    };
    let status = 0;
    for (const text of urls) {
      const url = parseUrl(text);
      if (!url || url.scheme !== 'http') {
        ctx.stderr.write(
          url
            ? `${text}: Unsupported scheme ‘${url.scheme}’.\n`
            : `${text}: Invalid URL ${text}: Invalid host name\n`,
        );
        status = 1;
        continue;
      }
      const shown = `${url.scheme}://${url.authority}${url.target}`;
      const started = host.now();
      log(`--${stamp(started)}--  ${shown}\n`);
      const literal = isIPv4(url.host);
      if (!literal) log(`Resolving ${url.host} (${url.host})... `);
      let result;
      try {
        result = await fetchUrl(
          {
            url,
            method: spider ? 'HEAD' : 'GET',
            headers: {
              Host: url.authority,
              'User-Agent': 'Wget/1.21.4',
              Accept: '*/*',
              ...headers,
            },
            signal: ctx.signal,
          },
          workspace,
          host,
        );
      } catch (err) {
        if (!(err instanceof FetchError)) throw err;
        const f = err.failure;
        if (f.kind === 'aborted') return 130;
        if (f.kind === 'resolve') {
          log('failed: Name or service not known.\n');
          log(`wget: unable to resolve host address ‘${url.host}’\n`);
        } else {
          const ip = f.kind === 'refused' || f.kind === 'timeout' ? f.ip : url.host;
          if (!literal) log(`${ip}\n`);
          log(
            `Connecting to ${literal ? `${url.host}:${url.port}` : `${url.host} (${url.host})|${ip}|:${url.port}`}... `,
          );
          log(
            f.kind === 'refused'
              ? 'failed: Connection refused.\n'
              : f.kind === 'timeout'
                ? 'failed: Connection timed out.\n'
                : 'connected.\nHTTP request sent, awaiting response... No data received.\n',
          );
        }
        status = 4;
        continue;
      }
      const { response } = result;
      if (!literal) log(`${result.ip}\n`);
      log(
        `Connecting to ${literal ? `${url.host}:${url.port}` : `${url.host} (${url.host})|${result.ip}|:${url.port}`}... connected.\n`,
      );
      const reason = reasonPhrase(response.status, response.statusText);
      log(`HTTP request sent, awaiting response... ${serverResponse ? '\n' : ''}`);
      if (serverResponse) {
        log(
          `  HTTP/1.1 ${response.status} ${reason}\n${Object.entries(response.headers)
            .map(([k, v]) => `  ${headerName(k)}: ${v}\n`)
            .join('')}`,
        );
      } else log(`${response.status} ${reason}\n`);
      if (response.status >= 400) {
        log(`${stamp(host.now())} ERROR ${response.status}: ${reason}.\n\n`);
        status = 8;
        continue;
      }
      const length =
        response.headers['content-length'] ??
        (response.body.length > 0 ? String(response.body.length) : undefined);
      const type = response.headers['content-type']?.split(';')[0];
      log(`Length: ${length ?? 'unspecified'}${type ? ` [${type}]` : ''}\n`);
      if (spider) {
        log('Remote file exists.\n\n');
        continue;
      }
      const content = new TextDecoder().decode(response.body);
      const ms = host.now() - started;
      if (output === '-') {
        log('Saving to: ‘STDOUT’\n\n');
        ctx.stdout.write(content);
        log(
          `\n${stamp(host.now())} (${rate(response.body.length, ms)}) - written to stdout [${response.body.length}/${response.body.length}]\n\n`,
        );
        continue;
      }
      let name =
        output ??
        (decodeURIComponent(url.target.split('?')[0].split('/').pop() ?? '') || 'index.html');
      if (!output) {
        for (let n = 1; workspace.isFile(workspace.resolve(cwd, name)); n++)
          name = `${name.replace(/\.\d+$/, '')}.${n}`;
      }
      const path = workspace.resolve(cwd, name);
      if (!workspace.canCreate(path) && !workspace.isFile(path)) {
        ctx.stderr.write(`${name}: No such file or directory\n`);
        status = 3;
        continue;
      }
      workspace.write(path, content);
      log(`Saving to: ‘${name}’\n\n`);
      // A terminal gets wget's progress bar; a pipe or file its dot display.
      log(
        ctx.stderr.isTerminal
          ? `${name.padEnd(20).slice(0, 20)}100%[===================>] ${String(response.body.length).padStart(7)}  --.-KB/s    in 0s      \n\n`
          : `     0K${' '.repeat(55)}100% ${rate(response.body.length, ms).replace(/ ([KMG]?)B\/s$/, '$1')}=0s\n\n`,
      );
      log(
        `${stamp(host.now())} (${rate(response.body.length, ms)}) - ‘${name}’ saved [${response.body.length}/${response.body.length}]\n\n`,
      );
    }
    return status;
  },
};
