/** An HTTP response made from a CGI program's output. */
export interface CgiResponse {
  status: number;
  /** The reason phrase the Status header gave; empty for the standard one. */
  reason: string;
  /** Header fields to send, in order (Status, framing and connection fields removed). */
  headers: [string, string][];
  body: Uint8Array;
  /** What was wrong but could be passed over (a line that is no header field), for the log. */
  warnings: string[];
}

/** Output that makes no response: the server answers `status` and logs `message`. */
export interface CgiResponseError {
  status: 500 | 502;
  message: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LF = 10;
const CR = 13;

/**
 * Header fields a CGI program may not set: the server frames the response (Content-Length
 * is computed from the body) and manages the connection itself.
 */
const SERVER_FIELDS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
]);

/**
 * Reads a CGI program's standard output as its response (RFC 3875 section 6, as WAGI does):
 * header lines (CRLF or LF), a blank line, then the body, sent as it is. Output with no blank
 * line is all header lines and no body. `Status: 404 Not Found` sets the status (a status that
 * is not three digits from 100 to 599 gives 502); `Location` without a Status is a redirect,
 * 302; other fields pass through in order. At least one of Content-Type, Location and Status
 * must be there, or the answer is 500.
 */
export function parseCgiResponse(output: Uint8Array): CgiResponse | CgiResponseError {
  const { head, body } = splitOutput(output);
  const lines = new TextDecoder().decode(head).split('\n');
  const warnings: string[] = [];
  const headers: [string, string][] = [];
  let status: { code: number; reason: string } | undefined;
  let location = false;
  let contentType = false;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) {
      warnings.push(`ignored a line that is no header field: ${JSON.stringify(line)}`);
      continue;
    }
    const value = line.slice(colon + 1).trim();
    const lower = name.toLowerCase();
    if (lower === 'status') {
      const match = /^(\d{3})(?:\s+(.*))?$/.exec(value);
      const code = match ? Number(match[1]) : NaN;
      if (!(code >= 100 && code <= 599)) {
        return { status: 502, message: `the handler sent a malformed Status header: "${value}"` };
      }
      status = { code, reason: match?.[2]?.trim() ?? '' };
      continue;
    }
    if (SERVER_FIELDS.has(lower)) continue;
    if (lower === 'location') location = true;
    if (lower === 'content-type') contentType = true;
    headers.push([name, value]);
  }
  if (!status && !location && !contentType) {
    return {
      status: 500,
      message:
        output.length === 0
          ? 'the handler wrote nothing to stdout'
          : 'the handler’s output has none of the Content-Type, Location and Status headers',
    };
  }
  return {
    status: status?.code ?? (location ? 302 : 200),
    reason: status?.reason ?? '',
    headers,
    body,
    warnings,
  };
}

/** True when the output made no response. */
export function isCgiError(result: CgiResponse | CgiResponseError): result is CgiResponseError {
  return !('body' in result);
}

/** The header lines and the body, split at the first blank line. */
function splitOutput(output: Uint8Array): { head: Uint8Array; body: Uint8Array } {
  // A blank line may open the output: no headers at all.
  if (output[0] === LF) return { head: output.subarray(0, 0), body: output.subarray(1) };
  if (output[0] === CR && output[1] === LF) {
    return { head: output.subarray(0, 0), body: output.subarray(2) };
  }
  for (let i = output.indexOf(LF); i >= 0; i = output.indexOf(LF, i + 1)) {
    if (output[i + 1] === LF) return { head: output.subarray(0, i), body: output.subarray(i + 2) };
    if (output[i + 1] === CR && output[i + 2] === LF) {
      return { head: output.subarray(0, i), body: output.subarray(i + 3) };
    }
  }
  return { head: output, body: output.subarray(output.length) };
}
