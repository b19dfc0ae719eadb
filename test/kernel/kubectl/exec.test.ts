import { expect } from '@esm-bundle/chai';
import { badRequest } from '../../../src/kernel/api/errors.ts';
import { deployments, pods } from '../../../src/kernel/api/resources.ts';
import type { ExecRequest } from '../../../src/kernel/kubectl/context.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

interface Fixture {
  k: KubectlHarness;
  requests: Omit<ExecRequest, 'signal'>[];
}

/**
 * Pod `web-1` of Deployment `web`, a two-container pod `multi`, and a pod `done` that
 * Succeeded. ctx.exec records each request and answers as a kubelet running the toolbox
 * would: `echo` prints its words, `fail N` exits N after writing to stderr, container `db`
 * does not exist.
 */
async function fixture(): Promise<Fixture> {
  const k = await startKubectl();
  const requests: Omit<ExecRequest, 'signal'>[] = [];
  k.context.exec = async ({ signal: _signal, ...request }, onOutput) => {
    requests.push(request);
    if (request.container === 'db') {
      throw badRequest(`container db is not valid for pod ${request.pod}`);
    }
    const [program, ...args] = request.command;
    if (program === 'echo') {
      onOutput('stdout', `${args.join(' ')}\n`);
      return { exitCode: 0 };
    }
    if (program === 'fail') {
      onOutput('stderr', 'failing\n');
      return { exitCode: Number(args[0]) };
    }
    throw new Error('unable to upgrade connection: container not found ("app")');
  };
  const setStatus = async (name: string, status: unknown) => {
    const current = await k.client.get<Pod>(pods, 'default', name);
    await k.client.updateStatus(pods, { ...current, status });
  };
  const deploy = await k.client.create<KubeObject>(deployments, 'default', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'busybox' }] },
      },
    },
  });
  const pod = (name: string, containers: string[], labels?: Record<string, string>) =>
    k.client.create<KubeObject>(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        ...(labels
          ? {
              labels,
              ownerReferences: [
                {
                  apiVersion: 'apps/v1',
                  kind: 'Deployment',
                  name: 'web',
                  uid: deploy.metadata.uid ?? '',
                  controller: true,
                },
              ],
            }
          : {}),
      },
      spec: {
        nodeName: 'node-1',
        containers: containers.map((c) => ({ name: c, image: 'busybox' })),
      },
    });
  await pod('web-1', ['app'], { app: 'web' });
  await setStatus('web-1', { phase: 'Running' });
  await pod('multi', ['a', 'b']);
  await setStatus('multi', { phase: 'Running' });
  await pod('done', ['app']);
  await setStatus('done', { phase: 'Succeeded' });
  return { k, requests };
}

describe('kubectl exec', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await fixture();
  });

  const cases: {
    line: string;
    stdout?: string;
    stderr?: string;
    exitCode?: number;
    request?: Omit<ExecRequest, 'signal'>;
  }[] = [
    {
      line: 'exec web-1 -- echo hi there',
      stdout: 'hi there\n',
      request: {
        namespace: 'default',
        pod: 'web-1',
        container: 'app',
        command: ['echo', 'hi', 'there'],
      },
    },
    {
      line: 'exec pod/web-1 -c app -- echo x',
      stdout: 'x\n',
      request: { namespace: 'default', pod: 'web-1', container: 'app', command: ['echo', 'x'] },
    },
    {
      line: 'exec deploy/web -- echo from the deployment',
      stdout: 'from the deployment\n',
      request: {
        namespace: 'default',
        pod: 'web-1',
        container: 'app',
        command: ['echo', 'from', 'the', 'deployment'],
      },
    },
    {
      line: 'exec multi -- echo a',
      stdout: 'a\n',
      stderr: 'Defaulted container "a" out of: a, b\n',
      request: { namespace: 'default', pod: 'multi', container: 'a', command: ['echo', 'a'] },
    },
    {
      line: 'exec multi -q -- echo a',
      stdout: 'a\n',
    },
    {
      line: 'exec multi -c b -- echo b',
      stdout: 'b\n',
      request: { namespace: 'default', pod: 'multi', container: 'b', command: ['echo', 'b'] },
    },
    {
      line: 'exec -it web-1 -- echo tty',
      stdout: 'tty\n',
      // No terminal behind this run: kubectl warns about -t, and the process gets empty input.
      stderr: 'Unable to use a TTY - input is not a terminal or the right kind of file\n',
    },
    {
      line: 'exec web-1 -- fail 3',
      stderr: 'failing\ncommand terminated with exit code 3\n',
      exitCode: 3,
    },
    {
      line: 'exec web-1 sh',
      stderr:
        'error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n' +
        "See 'kubectl exec -h' for help and examples\n",
      exitCode: 1,
    },
    {
      line: 'exec web-1',
      stderr: 'error: you must specify at least one command for the container\n',
      exitCode: 1,
    },
    {
      line: 'exec web-1 --',
      stderr: 'error: you must specify at least one command for the container\n',
      exitCode: 1,
    },
    {
      line: 'exec -- sh',
      stderr: 'error: pod, type/name or --filename must be specified\n',
      exitCode: 1,
    },
    {
      line: 'exec nope -- sh',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    },
    {
      line: 'exec done -- sh',
      stderr:
        'error: cannot exec into a container in a completed pod; current phase is Succeeded\n',
      exitCode: 1,
    },
    {
      line: 'exec web-1 -c db -- sh',
      stderr: 'Error from server (BadRequest): container db is not valid for pod web-1\n',
      exitCode: 1,
    },
    {
      line: 'exec web-1 -- sh',
      stderr: 'error: unable to upgrade connection: container not found ("app")\n',
      exitCode: 1,
    },
  ];
  for (const c of cases) {
    it(c.line, async () => {
      const result = await f.k.run(c.line);
      expect(result.stdout).to.equal(c.stdout ?? '');
      expect(result.stderr).to.equal(c.stderr ?? '');
      expect(result.exitCode).to.equal(c.exitCode ?? 0);
      if (c.request) expect(f.requests).to.deep.equal([c.request]);
    });
  }

  it('passes Ctrl-C on as the request signal', async () => {
    const abort = new AbortController();
    let seen: AbortSignal | undefined;
    f.k.context.exec = async (request) => {
      seen = request.signal;
      return { exitCode: 0 };
    };
    f.k.context.signal = abort.signal;
    await f.k.run('exec web-1 -- sleep 100');
    expect(seen).to.equal(abort.signal);
  });
});
