import type { StreamConnection } from './connection.ts';

export interface HttpRequest {
  method?: string;
  /** The request target: a path with its query (`/healthz?full=1`). */
  path: string;
  /** The Host header. */
  host: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The server's reply could not be read as HTTP/1.x. */
export class HttpProtocolError extends Error {}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Sends one HTTP/1.1 request over an established connection (with `Connection: close`, so
 * the server ends the stream after its reply) and reads the response: its body delimited by
 * Content-Length, chunked transfer coding, or the end of the stream.
 */
export async function httpExchange(
  connection: StreamConnection,
  request: HttpRequest,
): Promise<HttpResponse> {
  const method = request.method ?? 'GET';
  const body =
    typeof request.body === 'string' ? encoder.encode(request.body) : (request.body ?? undefined);
  const headers: Record<string, string> = {
    Host: request.host,
    'User-Agent': 'kubernetes-in-a-tab',
    Accept: '*/*',
    Connection: 'close',
    ...request.headers,
  };
  if (body) headers['Content-Length'] = String(body.length);
  const head =
    `${method} ${request.path} HTTP/1.1\r\n` +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    '\r\n';
  connection.write(head);
  if (body) connection.write(body);

  const reader = new BufferedReader(connection);
  const statusLine = await reader.line();
  const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine ?? '');
  if (!match) throw new HttpProtocolError(`malformed HTTP response: ${JSON.stringify(statusLine)}`);
  const responseHeaders: Record<string, string> = {};
  for (;;) {
    const line = await reader.line();
    if (line === undefined) throw new HttpProtocolError('the connection closed inside the headers');
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    responseHeaders[name] = name in responseHeaders ? `${responseHeaders[name]}, ${value}` : value;
  }
  const status = Number(match[1]);
  let content: Uint8Array;
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    content = new Uint8Array(0);
  } else if (/chunked/i.test(responseHeaders['transfer-encoding'] ?? '')) {
    content = await readChunked(reader);
  } else if (responseHeaders['content-length'] !== undefined) {
    content = await reader.bytes(Number(responseHeaders['content-length']));
  } else {
    content = await reader.rest();
  }
  return { status, statusText: match[2] ?? '', headers: responseHeaders, body: content };
}

async function readChunked(reader: BufferedReader): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const sizeLine = await reader.line();
    if (sizeLine === undefined) throw new HttpProtocolError('the connection closed inside a chunk');
    const size = parseInt(sizeLine.split(';')[0], 16);
    if (Number.isNaN(size))
      throw new HttpProtocolError(`malformed chunk size ${JSON.stringify(sizeLine)}`);
    if (size === 0) {
      // Trailers, up to the blank line.
      for (let line = await reader.line(); line; line = await reader.line());
      return concat(parts);
    }
    parts.push(await reader.bytes(size));
    await reader.line();
  }
}

/** Reads lines and byte counts from a connection's chunks. */
class BufferedReader {
  private buffer: Uint8Array = new Uint8Array(0);
  private ended = false;

  constructor(private readonly connection: StreamConnection) {}

  /** A line without its CRLF (or LF); undefined at end of stream with nothing buffered. */
  async line(): Promise<string | undefined> {
    for (;;) {
      const newline = this.buffer.indexOf(10);
      if (newline >= 0) {
        const end = newline > 0 && this.buffer[newline - 1] === 13 ? newline - 1 : newline;
        const text = decoder.decode(this.buffer.subarray(0, end));
        this.buffer = this.buffer.subarray(newline + 1);
        return text;
      }
      if (!(await this.fill())) {
        if (this.buffer.length === 0) return undefined;
        const text = decoder.decode(this.buffer);
        this.buffer = new Uint8Array(0);
        return text;
      }
    }
  }

  async bytes(count: number): Promise<Uint8Array> {
    while (this.buffer.length < count) {
      if (!(await this.fill()))
        throw new HttpProtocolError('the connection closed inside the body');
    }
    const out = this.buffer.slice(0, count);
    this.buffer = this.buffer.subarray(count);
    return out;
  }

  async rest(): Promise<Uint8Array> {
    while (await this.fill());
    const out = this.buffer;
    this.buffer = new Uint8Array(0);
    return out;
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const chunk = await this.connection.read();
    if (!chunk) {
      this.ended = true;
      return false;
    }
    this.buffer = concat([this.buffer, chunk]);
    return true;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
