import { register } from '../command.ts';
import { flagString } from '../flags.ts';

/** The kubectl this is, reported as kubectl v1.34 reports itself. */
export const clientVersion = {
  major: '1',
  minor: '34',
  gitVersion: 'v1.34.0',
  gitCommit: 'kube-in-a-tab',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'go1.24.6',
  compiler: 'gc',
  platform: 'wasm/browser',
};
const kustomizeVersion = 'v5.7.1';

register({
  path: ['version'],
  short: 'Print the client and server version information',
  flags: [
    {
      name: 'client',
      type: 'bool',
      usage: 'If true, shows client version only (no server required).',
    },
    { name: 'output', short: 'o', type: 'string', usage: "One of 'yaml' or 'json'." },
  ],
  async run(ctx, args) {
    const clientOnly = args.flags.get('client') === true;
    let server: { gitVersion: string } | undefined;
    if (!clientOnly) {
      const res = await ctx.client.api.handle({ verb: 'GET', path: '/version' });
      server = res.body as { gitVersion: string };
    }
    const output = flagString(args, 'output');
    if (output === 'json') {
      const doc = { clientVersion, kustomizeVersion, ...(server ? { serverVersion: server } : {}) };
      ctx.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      return 0;
    }
    ctx.stdout.write(
      `Client Version: ${clientVersion.gitVersion}\nKustomize Version: ${kustomizeVersion}\n`,
    );
    if (server) ctx.stdout.write(`Server Version: ${server.gitVersion}\n`);
    return 0;
  },
});
