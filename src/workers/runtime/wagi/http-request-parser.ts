/** One HTTP/1.x request as a server reads it off a connection. */
export interface HttpRequest {
  method: string;
  /** The request target as sent: origin-form (`/a/b?x=1`), absolute-form, or `*`. */
  target: string;
  version: 'HTTP/1.0' | 'HTTP/1.1';
  /** Header fields in order, names as sent, values without surrounding whitespace. */
  headers: [string, string][];
  /** The body, after any chunked transfer coding has been removed. */
  body: Uint8Array;
  /**
   * Whether the connection may carry another request after this one's response: HTTP/1.1
   * unless `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`.
   */
  keepAlive: boolean;
}

/** A request the server must refuse, with the status to answer before closing. */
export interface HttpRequestError {
  status: number;
  message: string;
}

export interface HttpRequestParserLimits {
  /** Longest request line plus header section, in bytes (431 past it). */
  maxHeadBytes: number;
  /** Largest body, in bytes (413 past it). */
  maxBodyBytes: number;
}

export const defaultParserLimits: HttpRequestParserLimits = {
  maxHeadBytes: 64 * 1024,
  maxBodyBytes: 16 * 1024 * 1024,
};

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^([^ ]+) ([^ ]+) (HTTP\/\d+\.\d+)$/;
const CR = 13;
const LF = 10;
// Field values are opaque bytes to HTTP; as UTF-8 they reach a CGI program's environment intact.
const decoder = new TextDecoder('utf-8');

type Head = Omit<HttpRequest, 'body'>;

type State =
  | { kind: 'head' }
  | { kind: 'body'; head: Head; remaining: number; parts: Uint8Array[] }
  | { kind: 'chunk-size'; head: Head; parts: Uint8Array[]; size: number }
  | { kind: 'chunk-data'; head: Head; parts: Uint8Array[]; size: number; remaining: number }
  | { kind: 'chunk-end'; head: Head; parts: Uint8Array[]; size: number }
  | { kind: 'trailers'; head: Head; parts: Uint8Array[] }
  | { kind: 'failed' };

/**
 * Reads HTTP/1.0 and HTTP/1.1 requests (RFC 9112) from a connection's bytes, as they come:
 * `push` what arrived, then take whole requests with `next` (pipelined requests come out one
 * by one). Bodies are delimited by Content-Length or the chunked coding (trailers dropped).
 * Lines may end in CRLF or a bare LF; empty lines before a request line are skipped. A request
 * that cannot be read gives an error with the status to answer (400, 413, 431, 501, 505),
 * after which the parser takes nothing more: the server answers and closes.
 */
export class HttpRequestParser {
  private buffer = new Uint8Array(0);
  private state: State = { kind: 'head' };
  private continueSent = false;

  constructor(private readonly limits: HttpRequestParserLimits = defaultParserLimits) {}

  /** Adds bytes read from the connection. */
  push(bytes: Uint8Array): void {
    if (this.state.kind === 'failed' || bytes.length === 0) return;
    const merged = new Uint8Array(this.buffer.length + bytes.length);
    merged.set(this.buffer);
    merged.set(bytes, this.buffer.length);
    this.buffer = merged;
  }

  /** The next whole request, an error, or undefined until more bytes come. */
  next(): HttpRequest | HttpRequestError | undefined {
    try {
      return this.step();
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      this.state = { kind: 'failed' };
      this.buffer = new Uint8Array(0);
      return { status: err.status, message: err.message };
    }
  }

  /**
   * True once for a request whose head has been read, whose body has not all come, and that
   * sent `Expect: 100-continue`: the server should answer `100 Continue` so the client sends
   * the body.
   */
  wantsContinue(): boolean {
    const state = this.state;
    if (state.kind === 'head' || state.kind === 'failed' || this.continueSent) return false;
    const expect = header(state.head.headers, 'expect');
    if (expect?.toLowerCase() !== '100-continue') return false;
    this.continueSent = true;
    return true;
  }

  /** Bytes received beyond the requests taken so far. */
  get buffered(): number {
    return this.buffer.length;
  }

  private step(): HttpRequest | undefined {
    for (;;) {
      const state = this.state;
      switch (state.kind) {
        case 'failed':
          return undefined;
        case 'head': {
          const head = this.readHead();
          if (!head) return undefined;
          this.continueSent = false;
          this.beginBody(head);
          break;
        }
        case 'body': {
          if (state.remaining > 0) {
            const part = this.take(Math.min(state.remaining, this.buffer.length));
            if (part.length === 0) return undefined;
            state.parts.push(part);
            state.remaining -= part.length;
          }
          if (state.remaining > 0) return undefined;
          return this.finish(state.head, state.parts);
        }
        case 'chunk-size': {
          const line = this.readLine(this.limits.maxHeadBytes);
          if (line === undefined) return undefined;
          const digits = line.split(';', 1)[0].trim();
          if (!/^[0-9A-Fa-f]{1,8}$/.test(digits)) throw new RequestError(400, 'bad chunk size');
          const chunk = parseInt(digits, 16);
          if (chunk === 0) {
            this.state = { kind: 'trailers', head: state.head, parts: state.parts };
            break;
          }
          const size = state.size + chunk;
          if (size > this.limits.maxBodyBytes) throw tooLarge();
          this.state = { ...state, kind: 'chunk-data', size, remaining: chunk };
          break;
        }
        case 'chunk-data': {
          const part = this.take(Math.min(state.remaining, this.buffer.length));
          if (part.length === 0) return undefined;
          state.parts.push(part);
          state.remaining -= part.length;
          if (state.remaining === 0) {
            this.state = {
              kind: 'chunk-end',
              head: state.head,
              parts: state.parts,
              size: state.size,
            };
          }
          break;
        }
        case 'chunk-end': {
          const line = this.readLine(2);
          if (line === undefined) return undefined;
          if (line !== '') throw new RequestError(400, 'chunk data longer than its size');
          this.state = {
            kind: 'chunk-size',
            head: state.head,
            parts: state.parts,
            size: state.size,
          };
          break;
        }
        case 'trailers': {
          const line = this.readLine(this.limits.maxHeadBytes);
          if (line === undefined) return undefined;
          if (line === '') return this.finish(state.head, state.parts);
          break;
        }
      }
    }
  }

  /** The request line and header fields, once the blank line after them has come. */
  private readHead(): Head | undefined {
    // Empty lines before a request line are skipped (RFC 9112 section 2.2).
    let start = 0;
    while (start < this.buffer.length) {
      if (this.buffer[start] === LF) start++;
      else if (this.buffer[start] === CR && this.buffer[start + 1] === LF) start += 2;
      else break;
    }
    const end = headEnd(this.buffer, start);
    if (end === undefined) {
      if (this.buffer.length - start > this.limits.maxHeadBytes) {
        throw new RequestError(431, 'request header fields too large');
      }
      this.buffer = this.buffer.subarray(start);
      return undefined;
    }
    if (end.textEnd - start > this.limits.maxHeadBytes) {
      throw new RequestError(431, 'request header fields too large');
    }
    const text = decoder.decode(this.buffer.subarray(start, end.textEnd));
    this.buffer = this.buffer.subarray(end.next);
    const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    const match = REQUEST_LINE.exec(lines[0]);
    if (!match || !TOKEN.test(match[1])) throw new RequestError(400, 'malformed request line');
    const [, method, target, protocol] = match;
    if (protocol !== 'HTTP/1.1' && protocol !== 'HTTP/1.0') {
      throw new RequestError(505, `${protocol} is not supported`);
    }
    const headers: [string, string][] = [];
    for (const line of lines.slice(1)) {
      if (line.startsWith(' ') || line.startsWith('\t')) {
        throw new RequestError(400, 'obsolete header line folding');
      }
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      if (!TOKEN.test(name)) throw new RequestError(400, `malformed header line "${line}"`);
      headers.push([name, line.slice(colon + 1).trim()]);
    }
    const version = protocol;
    if (version === 'HTTP/1.1' && header(headers, 'host') === undefined) {
      throw new RequestError(400, 'an HTTP/1.1 request must have a Host header');
    }
    const connection = (allValues(headers, 'connection') ?? '').toLowerCase().split(/\s*,\s*/);
    const keepAlive =
      version === 'HTTP/1.1' ? !connection.includes('close') : connection.includes('keep-alive');
    return { method, target, version, headers, keepAlive };
  }

  /** Decides how the body is delimited (RFC 9112 section 6.3). */
  private beginBody(head: Head): void {
    const coding = allValues(head.headers, 'transfer-encoding');
    if (coding !== undefined) {
      const codings = coding.toLowerCase().split(/\s*,\s*/);
      if (codings.at(-1) !== 'chunked' || codings.slice(0, -1).some((c) => c !== 'identity')) {
        throw new RequestError(501, `transfer coding "${coding}" is not supported`);
      }
      // With both framings a message may be smuggled: answer it, then close (RFC 9112 6.1).
      if (header(head.headers, 'content-length') !== undefined) head.keepAlive = false;
      this.state = { kind: 'chunk-size', head, parts: [], size: 0 };
      return;
    }
    const lengths = head.headers
      .filter(([name]) => name.toLowerCase() === 'content-length')
      .flatMap(([, value]) => value.split(/\s*,\s*/));
    if (lengths.length === 0) {
      this.state = { kind: 'body', head, remaining: 0, parts: [] };
      return;
    }
    if (!lengths.every((l) => /^\d+$/.test(l)) || new Set(lengths).size !== 1) {
      throw new RequestError(400, 'bad Content-Length');
    }
    const length = Number(lengths[0]);
    if (length > this.limits.maxBodyBytes) throw tooLarge();
    this.state = { kind: 'body', head, remaining: length, parts: [] };
  }

  private finish(head: Head, parts: Uint8Array[]): HttpRequest {
    this.state = { kind: 'head' };
    return { ...head, body: concatBytes(parts) };
  }

  /** Up to `count` bytes off the front of the buffer (a copy). */
  private take(count: number): Uint8Array {
    const part = this.buffer.slice(0, count);
    this.buffer = this.buffer.subarray(count);
    return part;
  }

  /** A line without its line end, once it has all come; 400 when it is longer than `max`. */
  private readLine(max: number): string | undefined {
    const newline = this.buffer.indexOf(LF);
    if (newline < 0) {
      if (this.buffer.length > max + 1) throw new RequestError(400, 'line too long');
      return undefined;
    }
    const end = newline > 0 && this.buffer[newline - 1] === CR ? newline - 1 : newline;
    if (end > max) throw new RequestError(400, 'line too long');
    const line = decoder.decode(this.buffer.subarray(0, end));
    this.buffer = this.buffer.subarray(newline + 1);
    return line;
  }
}

/** The first value of header `name` (any case), if present. */
export function header(headers: readonly [string, string][], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === wanted)?.[1];
}

/** Every value of header `name` joined with `, ` (how repeated fields combine), if present. */
export function allValues(headers: readonly [string, string][], name: string): string | undefined {
  const wanted = name.toLowerCase();
  const values = headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
  return values.length > 0 ? values.join(', ') : undefined;
}

/** True when `result` is an error rather than a request. */
export function isRequestError(result: HttpRequest | HttpRequestError): result is HttpRequestError {
  return 'status' in result;
}

/** Concatenates byte arrays into one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Where the header section that starts at `from` ends: `textEnd` is the line end of its last
 * line (exclusive), `next` the first byte after its blank line.
 */
function headEnd(bytes: Uint8Array, from: number): { textEnd: number; next: number } | undefined {
  for (let i = bytes.indexOf(LF, from); i >= 0; i = bytes.indexOf(LF, i + 1)) {
    if (bytes[i + 1] === LF) return { textEnd: i, next: i + 2 };
    if (bytes[i + 1] === CR && bytes[i + 2] === LF) return { textEnd: i, next: i + 3 };
  }
  return undefined;
}

function tooLarge(): RequestError {
  return new RequestError(413, 'request body too large');
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
