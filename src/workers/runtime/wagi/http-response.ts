/** A response to send: the server adds Content-Length, Date and Connection. */
export interface HttpResponse {
  status: number;
  /** The reason phrase; the standard one for the status when empty or absent. */
  reason?: string;
  headers: [string, string][];
  body: Uint8Array;
}

/** How the response goes out on its connection. */
export interface ResponseFraming {
  /** The request was HEAD: the headers describe the body, which is not sent. */
  head: boolean;
  /** The connection closes after this response (`Connection: close`). */
  close: boolean;
  /** The client is HTTP/1.0 and keeps the connection: say `Connection: keep-alive`. */
  keepAlive10: boolean;
  /** The Date header's value; the current time by default. */
  date?: string;
}

const REASONS: Record<number, string> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
};

/** The standard reason phrase for `status` (RFC 9110), or `Unknown` for an unlisted code. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Unknown';
}

/** A plain-text response for a status the server itself answers: `404 Not Found\n`. */
export function statusResponse(status: number): HttpResponse {
  return {
    status,
    headers: [['Content-Type', 'text/plain; charset=utf-8']],
    body: new TextEncoder().encode(`${status} ${reasonPhrase(status)}\n`),
  };
}

/**
 * The bytes of an HTTP/1.1 response: status line, the response's headers, then Date,
 * Content-Length (the body's length, also for HEAD; none for 1xx, 204 and 304) and
 * Connection as `framing` says, a blank line and the body (none for HEAD, 1xx, 204, 304).
 */
export function serializeResponse(response: HttpResponse, framing: ResponseFraming): Uint8Array {
  const { status } = response;
  const bodiless = status < 200 || status === 204 || status === 304;
  const lines = [`HTTP/1.1 ${status} ${response.reason || reasonPhrase(status)}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  lines.push(`Date: ${framing.date ?? new Date().toUTCString()}`);
  if (!bodiless) lines.push(`Content-Length: ${response.body.length}`);
  if (framing.close) lines.push('Connection: close');
  else if (framing.keepAlive10) lines.push('Connection: keep-alive');
  const head = new TextEncoder().encode(`${lines.join('\r\n')}\r\n\r\n`);
  if (framing.head || bodiless || response.body.length === 0) return head;
  const out = new Uint8Array(head.length + response.body.length);
  out.set(head);
  out.set(response.body, head.length);
  return out;
}
