/**
 * How the service worker asks the page that runs a cluster to answer an HTTP request for an
 * API path (so that `/api/v1/namespaces/default/services/web:80/proxy/` opens in a tab, as
 * it would through `kubectl proxy`). Each message carries a MessagePort for the answer.
 */
export type ProxyBridgeMessage =
  /** Does this page run a cluster? Answered `{ running: true }` by one that does. */
  | { type: 'kube-proxy-hello' }
  | {
      type: 'kube-proxy-request';
      method: string;
      /** Path and query, as requested. */
      path: string;
      headers: Record<string, string>;
      body?: string;
    };

export interface ProxyBridgeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The paths the service worker hands to the page: the API server's, as kubectl proxy serves
 * them, `/localhost:PORT/...` for a port that `kubectl port-forward` listens on, and
 * `/ingress/HOST/...` for the ingress controller as a browser asking for HOST reaches it.
 */
export function isApiServerPath(pathname: string): boolean {
  return (
    /^\/(api|apis)(\/|$)/.test(pathname) ||
    pathname === '/version' ||
    /^\/localhost:\d{1,5}(\/|$)/.test(pathname) ||
    /^\/ingress\/[^/]+(\/|$)/.test(pathname)
  );
}
