import { runKubectlArgs } from '../../src/kernel/kubectl/kubectl.ts';
import type { ApiRequest, ApiResponse } from '../../src/kernel/api/types.ts';
import { ConnectionError, StreamConnection } from '../../src/workers/net/connection.ts';
import type { HttpRequest, HttpResponse } from '../../src/workers/net/http-client.ts';
import { Errno } from '../../src/workers/net/protocol.ts';
import type { PageAction, ShellHost } from '../../src/shell/host.ts';
import { Capture, textInput } from '../../src/shell/io/streams.ts';
import { ShellSession } from '../../src/shell/session.ts';
import { Workspace } from '../../src/shell/workspace.ts';
import { startKubectl, type KubectlHarness } from '../helpers/kubectl.ts';

/** A fake HTTP server at an address of the cluster network. */
export type FakeServer = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;

/** Serves one HTTP exchange on the far end of a MessageChannel pair, as a pod's server would. */
function serveOver(server: FakeServer): { data: MessagePort; reset: MessagePort } {
  const data = new MessageChannel();
  const reset = new MessageChannel();
  const far = data.port2;
  let buffer = '';
  far.onmessage = async (event: MessageEvent) => {
    if (!(event.data instanceof ArrayBuffer)) return;
    buffer += new TextDecoder().decode(event.data);
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const [requestLine, ...headerLines] = buffer.slice(0, end).split('\r\n');
    const [method, path] = requestLine.split(' ');
    const headers: Record<string, string> = {};
    for (const line of headerLines)
      headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line
        .slice(line.indexOf(':') + 1)
        .trim();
    const length = Number(headers['content-length'] ?? 0);
    if (buffer.length < end + 4 + length) return;
    const body = buffer.slice(end + 4, end + 4 + length);
    const response = await server({ method, path, host: headers.host ?? '', headers, body });
    const content =
      typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body);
    const head = `HTTP/1.1 ${response.status} ${response.statusText}\r\n${Object.entries(
      response.headers,
    )
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}Content-Length: ${new TextEncoder().encode(content).length}\r\n\r\n`;
    const bytes = new TextEncoder().encode(head + content).buffer;
    far.postMessage(bytes, [bytes]);
    far.postMessage({ t: 'fin' });
  };
  queueMicrotask(() =>
    far.postMessage({
      t: 'ok',
      peer: { ip: '10.0.0.1', port: 80 },
      local: { ip: '172.18.0.1', port: 40000 },
    }),
  );
  return { data: data.port1, reset: reset.port1 };
}

export interface ShellFixture {
  kube: KubectlHarness;
  workspace: Workspace;
  host: ShellHost;
  session: ShellSession;
  /** Servers by `ip:port` in the cluster network. */
  servers: Map<string, FakeServer>;
  /** Servers on the page's localhost ports. */
  local: Map<number, FakeServer>;
  /** Requests made to the API through `api`. */
  pageActions: PageAction[];
  /** Total time slept (virtual). */
  slept(): number;
  /** Runs a command line in the session; stdout, stderr and the status. */
  run(line: string, stdin?: string): Promise<{ stdout: string; stderr: string; status: number }>;
}

/** A shell over a test API server (with its real kubectl) and fake networks; sleeps take no real time. */
export async function shellFixture(): Promise<ShellFixture> {
  const kube = await startKubectl();
  const workspace = new Workspace();
  const servers = new Map<string, FakeServer>();
  const local = new Map<number, FakeServer>();
  const pageActions: PageAction[] = [];
  let virtualNow = Date.UTC(2026, 0, 1);
  let slept = 0;
  const host: ShellHost = {
    kubectl: (words, io) =>
      runKubectlArgs(words, {
        ...kube.context,
        stdin: io.stdin,
        readFile: io.readFile,
        stdout: { write: io.stdout },
        stderr: { write: io.stderr },
        signal: io.signal,
      }),
    api: (request: ApiRequest): Promise<ApiResponse> => kube.server.handle(request),
    connect: async (ip, port) => {
      const server = servers.get(`${ip}:${port}`);
      if (!server) {
        const data = new MessageChannel();
        const reset = new MessageChannel();
        queueMicrotask(() => data.port2.postMessage({ t: 'refused' }));
        return new StreamConnection(data.port1, reset.port1);
      }
      const ends = serveOver(server);
      return new StreamConnection(ends.data, ends.reset);
    },
    localHttp: async (port, request) => {
      const server = local.get(port);
      if (!server) throw new ConnectionError(Errno.CONNREFUSED, 'Connection refused');
      return server(request);
    },
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(new Error('aborted'));
          return;
        }
        slept += ms;
        virtualNow += ms;
        // A turn of the event loop, so loops of sleeps still let others run.
        setTimeout(resolve, 0);
      }),
    now: () => virtualNow,
    columns: () => 80,
    page: (action) => pageActions.push(action),
  };
  const session = new ShellSession(host, workspace);
  return {
    kube,
    workspace,
    host,
    session,
    servers,
    local,
    pageActions,
    slept: () => slept,
    async run(line, stdin) {
      const stdout = new Capture();
      const stderr = new Capture();
      const status = await session.run(
        line,
        { stdin: stdin === undefined ? textInput('') : textInput(stdin), stdout, stderr },
        new AbortController().signal,
      );
      return { stdout: stdout.text, stderr: stderr.text, status };
    },
  };
}
