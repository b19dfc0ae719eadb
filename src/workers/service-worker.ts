import {
  isApiServerPath,
  type ProxyBridgeMessage,
  type ProxyBridgeResponse,
} from './net/page-proxy-protocol.ts';
import { AppCache, skipWaitingMessage } from './offline/app-cache.ts';
import { stampedManifest } from './offline/precache-manifest.ts';

/**
 * The page's service worker: serves the API server's paths (`/api/...`, `/apis/...`,
 * `/version`) from the tab that runs the cluster, so that a Service opened in a new tab
 * (`/api/v1/namespaces/NS/services/NAME:PORT/proxy/`) or a plain API URL works as it does
 * behind `kubectl proxy`. Everything else comes from the app's offline copy (offline/app-cache.ts)
 * when the build has one, else from the network as usual.
 */
declare const self: ServiceWorkerGlobalScope;

/** How long a tab has to say it runs a cluster. */
const helloTimeoutMs = 500;

// The precache list is stamped after this module's code, so it is read once evaluation ends.
let appCache: AppCache | undefined;
const offline = () =>
  (appCache ??= new AppCache(self.registration.scope, stampedManifest(self), caches));

self.addEventListener('install', (event) =>
  event.waitUntil(
    offline()
      .install()
      .then((takeOver) => (takeOver ? self.skipWaiting() : undefined)),
  ),
);
self.addEventListener('activate', (event) =>
  event.waitUntil(Promise.all([offline().activate(), self.clients.claim()])),
);
self.addEventListener('message', (event) => {
  if (event.data === skipWaitingMessage) void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin === self.location.origin && isApiServerPath(url.pathname)) {
    event.respondWith(answer(event, `${url.pathname}${url.search}`));
    return;
  }
  if (event.request.mode === 'navigate' && self.registration.waiting?.state === 'installed') {
    event.respondWith(reloadIntoNewBuild(event.request));
    return;
  }
  const cached = offline().respond(event.request);
  if (cached) event.respondWith(cached);
});

/**
 * A new build is installed and waits while this older one serves open pages. When the page
 * being (re)loaded is the only one, the new build takes over and the browser is told to load
 * the page again, now from it; with other tabs open, this build keeps serving.
 */
async function reloadIntoNewBuild(request: Request): Promise<Response> {
  const windows = await self.clients.matchAll({ type: 'window' });
  const waiting = self.registration.waiting;
  if (windows.length > 1 || !waiting) {
    return offline().respond(request) ?? fetch(request);
  }
  waiting.postMessage(skipWaitingMessage);
  return new Response('', { headers: { Refresh: '0', 'Cache-Control': 'no-store' } });
}

async function answer(event: FetchEvent, path: string): Promise<Response> {
  const page = await findPlayground(event.resultingClientId);
  if (!page) {
    return new Response(
      'No tab of this site is running the playground: open it, then reload this page.\n',
      { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } },
    );
  }
  const request = event.request;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.text();
  const reply = await ask<ProxyBridgeResponse>(page, {
    type: 'kube-proxy-request',
    method: request.method,
    path,
    headers,
    body,
  });
  if (!reply) return new Response('The playground did not answer.\n', { status: 504 });
  return new Response(request.method === 'HEAD' ? null : reply.body, {
    status: reply.status,
    headers: reply.headers,
  });
}

/** The most recently focused window that runs a cluster (not the tab being opened). */
async function findPlayground(exclude: string): Promise<Client | undefined> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    if (client.id === exclude) continue;
    const hello = await ask<{ running: boolean }>(
      client,
      { type: 'kube-proxy-hello' },
      helloTimeoutMs,
    );
    if (hello?.running) return client;
  }
  return undefined;
}

function ask<T>(
  client: Client,
  message: ProxyBridgeMessage,
  timeoutMs?: number,
): Promise<T | undefined> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer =
      timeoutMs === undefined ? undefined : setTimeout(() => resolve(undefined), timeoutMs);
    channel.port1.onmessage = (reply) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(reply.data as T);
    };
    client.postMessage(message, [channel.port2]);
  });
}
