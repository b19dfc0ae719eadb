import type { ApiResponse } from '../kernel/api/types.ts';
import type {
  ProxyBridgeMessage,
  ProxyBridgeResponse,
} from '../workers/net/page-proxy-protocol.ts';
import type { Playground } from './playground-api.ts';

/**
 * Answers the service worker's requests for API paths with this page's cluster: a proxied
 * HTTP reply is passed through with its headers; an API object or Status goes back as
 * indented JSON, as the API server sends it to a browser.
 */
export function answerProxyRequests(
  playground: Pick<Playground, 'request'>,
  target: EventTarget,
): void {
  target.addEventListener('message', (event) => {
    const { data, ports } = event as MessageEvent<ProxyBridgeMessage>;
    const port = ports[0];
    if (!port || typeof data !== 'object' || data === null) return;
    if (data.type === 'kube-proxy-hello') {
      port.postMessage({ running: true });
      return;
    }
    if (data.type !== 'kube-proxy-request') return;
    void playground
      .request({ verb: data.method, path: data.path, body: data.body, headers: data.headers })
      .then(toHttp, (err: unknown) => ({
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: `${err instanceof Error ? err.message : String(err)}\n`,
      }))
      .then((response) => port.postMessage(response));
  });
}

/** An API response as the HTTP reply a browser gets. */
export function toHttp(response: ApiResponse): ProxyBridgeResponse {
  if (typeof response.body === 'string') {
    const headers = { ...response.headers };
    // The body was decoded to text; its length and coding no longer describe it.
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    delete headers.connection;
    return { status: response.status, headers, body: response.body };
  }
  return {
    status: response.status,
    headers: { 'content-type': 'application/json' },
    body: `${JSON.stringify(response.body, null, 2)}\n`,
  };
}
