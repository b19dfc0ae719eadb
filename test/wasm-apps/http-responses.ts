import { expect } from '@esm-bundle/chai';

/** One HTTP response as a client reads it. */
export interface HttpResponse {
  status: string;
  /** Header names lowercased; the raw lines are in `lines`, in the order sent. */
  headers: Record<string, string>;
  lines: string[];
  body: string;
}

/**
 * Splits what a server sent on one connection into its responses (Content-Length framing);
 * `head` marks the answers to HEAD requests, which have no body.
 */
export function httpResponses(sent: string, head: boolean[] = []): HttpResponse[] {
  const out: HttpResponse[] = [];
  let rest = sent;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    expect(end, `a complete head in ${JSON.stringify(rest)}`).to.be.greaterThan(0);
    const [status, ...lines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = head[out.length] ? 0 : Number(headers['content-length']);
    const bodyBytes = new TextEncoder().encode(rest.slice(end + 4)).subarray(0, length);
    const body = new TextDecoder().decode(bodyBytes);
    out.push({ status, headers, lines, body });
    rest = rest.slice(end + 4 + body.length);
  }
  return out;
}

/** A GET request as curl sends it. */
export const curlGet = (path: string, host = 'web', extra = '') =>
  `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n${extra}\r\n`;
