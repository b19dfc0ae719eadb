import { Errno } from '../../net/protocol.ts';
import type { ConnectionSocket } from '../net/connection-socket.ts';
import type { ContainerNet } from '../net/container-net.ts';
import type { ListenerSocket } from '../net/listener-socket.ts';
import { WOULD_BLOCK } from '../net/wake-signal.ts';
import { cgiInvocation, type CgiInvocation } from './cgi-environment.ts';
import { isCgiError, parseCgiResponse } from './cgi-response.ts';
import { HttpRequestParser, isRequestError, type HttpRequest } from './http-request-parser.ts';
import {
  serializeResponse,
  statusResponse,
  type HttpResponse,
  type ResponseFraming,
} from './http-response.ts';
import type { HandlerOutcome } from './wagi-handler.ts';

/** Largest read from a connection at once. */
const READ_BYTES = 64 * 1024;

const encoder = new TextEncoder();

export interface WagiServerOptions {
  /** The server's network: its listeners and the connections they accept. */
  net: ContainerNet;
  /** The container's environment (`NAME=value`), which every handler run starts from. */
  env: readonly string[];
  /** Runs the handler for one request. */
  handle(invocation: CgiInvocation, body: Uint8Array): Promise<HandlerOutcome>;
  /** Writes to the container's log. */
  log(stream: 'stdout' | 'stderr', text: string): void;
}

/**
 * The HTTP/1.1 front of a WAGI container: accepts the connections that come to its
 * listeners, reads requests (keep-alive and pipelined ones in order, `Expect: 100-continue`
 * answered), has each one handled by a run of the module and sends back what its CGI output
 * says, with Content-Length computed. `GET /healthz` is answered `OK` without running the
 * module, as WAGI does. A run that fails (a trap, a non-zero exit) or output that makes no
 * response gives 500 (502 for a malformed Status) and a line on stderr saying why; a request
 * that cannot be read gives its 4xx/5xx and the connection closes. Each request is logged on
 * stdout: `<client> "<method> <target> <version>" <status> <body bytes>`.
 */
export class WagiServer {
  constructor(private readonly options: WagiServerOptions) {}

  /** Accepts connections on `listener` for as long as the container runs. */
  async serve(listener: ListenerSocket): Promise<void> {
    const { net } = this.options;
    for (;;) {
      const connection = listener.accept();
      if (connection) {
        void this.converse(connection);
        continue;
      }
      await net.signal.next();
    }
  }

  /** Serves one connection's requests until either side ends it. */
  private async converse(connection: ConnectionSocket): Promise<void> {
    const parser = new HttpRequestParser();
    try {
      for (;;) {
        for (let result = parser.next(); result; result = parser.next()) {
          if (isRequestError(result)) {
            this.options.log(
              'stderr',
              `wagi: bad request from ${connection.peer.ip}: ${result.message}\n`,
            );
            const framing = { head: false, close: true, keepAlive10: false };
            connection.write(serializeResponse(statusResponse(result.status), framing));
            return;
          }
          if (!(await this.respond(connection, result))) return;
        }
        if (parser.wantsContinue())
          connection.write(encoder.encode('HTTP/1.1 100 Continue\r\n\r\n'));
        const chunk = await this.read(connection);
        if (!chunk) return;
        parser.push(chunk);
      }
    } finally {
      connection.end('fin');
    }
  }

  /** Answers one request; false when the connection must close after it. */
  private async respond(connection: ConnectionSocket, request: HttpRequest): Promise<boolean> {
    const { log } = this.options;
    const line = `${request.method} ${request.target}`;
    let response: HttpResponse;
    if (request.target === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
      response = {
        status: 200,
        headers: [['Content-Type', 'text/plain']],
        body: encoder.encode('OK'),
      };
    } else {
      const invocation = cgiInvocation(
        request,
        { local: connection.local, peer: connection.peer },
        this.options.env,
      );
      const outcome = await this.options.handle(invocation, request.body);
      if (!outcome.ok) {
        log('stderr', `wagi: ${line}: ${outcome.reason}\n`);
        response = statusResponse(500);
      } else {
        const parsed = parseCgiResponse(outcome.output);
        if (isCgiError(parsed)) {
          log('stderr', `wagi: ${line}: ${parsed.message}\n`);
          response = statusResponse(parsed.status);
        } else {
          for (const warning of parsed.warnings) log('stderr', `wagi: ${line}: ${warning}\n`);
          response = parsed;
        }
      }
    }
    const framing: ResponseFraming = {
      head: request.method === 'HEAD',
      close: !request.keepAlive,
      keepAlive10: request.version === 'HTTP/1.0' && request.keepAlive,
    };
    const written = connection.write(serializeResponse(response, framing));
    log(
      'stdout',
      `${connection.peer.ip} "${line} ${request.version}" ${response.status} ${response.body.length}\n`,
    );
    return written === Errno.SUCCESS && !framing.close;
  }

  /** The next bytes from the client; undefined once it has finished or reset. */
  private async read(connection: ConnectionSocket): Promise<Uint8Array | undefined> {
    for (;;) {
      const result = connection.read(READ_BYTES);
      if (result !== WOULD_BLOCK) {
        return result.errno === Errno.SUCCESS && result.bytes.length > 0 ? result.bytes : undefined;
      }
      await this.options.net.signal.next();
    }
  }
}
