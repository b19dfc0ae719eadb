import { register } from '../command.ts';
import { KubectlError } from '../errors.ts';
import { flagBool, flagInt, flagString, UsageError } from '../flags.ts';

/** kubectl's MakeRegexpArray: comma-separated regular expressions (Go RE2, read as JS). */
function regexps(spec: string): RegExp[] {
  if (spec === '') return [];
  return spec.split(',').map((p) => {
    try {
      return new RegExp(p);
    } catch (err) {
      throw new KubectlError(`error parsing regexp: ${(err as Error).message}`);
    }
  });
}

const matches = (text: string, list: RegExp[]) => list.some((re) => re.test(text));

/**
 * `kubectl proxy`: serves the API server on a local port of the page (`Starting to serve on
 * 127.0.0.1:8001`) until Ctrl-C, with kubectl's request filter: a path in --reject-paths or a
 * method in --reject-methods is refused, otherwise the path must match --accept-paths and the
 * Host one of --accept-hosts.
 */
register({
  path: ['proxy'],
  short: 'Run a proxy to the Kubernetes API server',
  examples: `  # To proxy all of the Kubernetes API and nothing else
  kubectl proxy --api-prefix=/

  # Run a proxy to the Kubernetes API server on port 8011, serving static content from ./local/www/
  kubectl proxy --port=8011 --www=./local/www/

  # Run a proxy to the Kubernetes API server on an arbitrary local port
  # The chosen port for the server will be output to stdout
  kubectl proxy --port=0

  # Run a proxy to the Kubernetes API server, changing the API prefix to k8s-api
  # This makes e.g. the pods API available at localhost:8001/k8s-api/v1/pods/
  kubectl proxy --api-prefix=/k8s-api`,
  flags: [
    {
      name: 'port',
      short: 'p',
      type: 'int',
      default: 8001,
      usage: 'The port on which to run the proxy. Set to 0 to pick a random port.',
    },
    {
      name: 'address',
      type: 'string',
      default: '127.0.0.1',
      usage: 'The IP address on which to serve on.',
    },
    {
      name: 'accept-hosts',
      type: 'string',
      default: '^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$',
      usage: 'Regular expression for hosts that the proxy should accept.',
    },
    {
      name: 'accept-paths',
      type: 'string',
      default: '^.*',
      usage: 'Regular expression for paths that the proxy should accept.',
    },
    {
      name: 'reject-paths',
      type: 'string',
      default: '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach',
      usage:
        'Regular expression for paths that the proxy should reject. Paths specified here will be rejected even accepted by --accept-paths.',
    },
    {
      name: 'reject-methods',
      type: 'string',
      default: '^$',
      usage:
        "Regular expression for HTTP methods that the proxy should reject (example --reject-methods='POST,PUT,PATCH'). ",
    },
    {
      name: 'api-prefix',
      type: 'string',
      default: '/',
      usage: 'Prefix to serve the proxied API under.',
    },
    {
      name: 'disable-filter',
      type: 'bool',
      usage:
        'If true, disable request filtering in the proxy. This is dangerous, and can leave you vulnerable to XSRF attacks, when used with an accessible port.',
    },
    {
      name: 'www',
      short: 'w',
      type: 'string',
      usage: 'Also serve static files from the given directory under the specified prefix.',
    },
    {
      name: 'www-prefix',
      short: 'P',
      type: 'string',
      default: '/static/',
      usage: 'Prefix to serve static files under, if static file directory is specified.',
    },
    {
      name: 'unix-socket',
      short: 'u',
      type: 'string',
      usage: 'Unix socket on which to run the proxy.',
    },
    {
      name: 'keepalive',
      type: 'string',
      default: '0s',
      usage:
        'keepalive specifies the keep-alive period for an active network connection. Set to 0 to disable keepalive.',
    },
  ],
  async run(ctx, args) {
    if (args.positionals.length > 0) {
      throw new UsageError(`unknown command "${args.positionals[0]}" for "kubectl proxy"`);
    }
    if (flagString(args, 'unix-socket')) {
      throw new KubectlError('unix sockets are not available in the playground: use --port');
    }
    const port = flagInt(args, 'port');
    const address = flagString(args, 'address');
    let prefix = flagString(args, 'api-prefix');
    if (!prefix.startsWith('/')) prefix = `/${prefix}`;
    if (!prefix.endsWith('/')) prefix = `${prefix}/`;
    const disabled = flagBool(args, 'disable-filter');
    const acceptHosts = regexps(flagString(args, 'accept-hosts'));
    const acceptPaths = regexps(flagString(args, 'accept-paths'));
    const rejectPaths = regexps(flagString(args, 'reject-paths'));
    const rejectMethods = regexps(flagString(args, 'reject-methods'));
    if (disabled) {
      ctx.stderr.write(
        'W0000 00:00:00.000000       1 proxy.go:175] Request filter disabled, your proxy is vulnerable to XSRF attacks, please be cautious\n',
      );
    }
    const accept = (method: string, path: string, host: string) => {
      if (disabled) return true;
      const hostname = host.replace(/:\d+$/, '');
      if (matches(path, rejectPaths) || matches(method, rejectMethods)) return false;
      return matches(path, acceptPaths) && matches(hostname, acceptHosts);
    };
    if (!ctx.proxy) throw new KubectlError('proxy is not available here');
    let bound: { port: number };
    try {
      bound = await ctx.proxy({ port, address, apiPrefix: prefix, accept, signal: ctx.signal });
    } catch (err) {
      throw new KubectlError(`listen tcp ${address}:${port}: bind: ${(err as Error).message}`);
    }
    const shown = address === '0.0.0.0' || address === '' ? '[::]' : address;
    ctx.stdout.write(`Starting to serve on ${shown}:${bound.port}\n`);
    // Serving runs until Ctrl-C, as kubectl's does.
    await new Promise<void>((resolve) => {
      if (!ctx.signal) return;
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return 0;
  },
});
