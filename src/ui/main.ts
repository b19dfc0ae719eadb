import { startPlayground, type RunningPlayground } from './playground-api.ts';
import { answerProxyRequests } from './proxy-bridge.ts';
import './views/kube-playground.ts';
import './components/bundle-dialog.ts';
import type { BundleActionDetail } from './components/cluster-header.ts';

declare global {
  interface Window {
    playground: RunningPlayground;
  }
}

const params = new URLSearchParams(location.search);
const playground = startPlayground({
  database: params.get('cluster') ?? 'kube-in-a-tab',
  timing: params.get('timing') === 'kubernetes' ? 'kubernetes' : 'tutorial',
  inMemory: params.has('memory'),
  // A reset wipes the cluster's storage; loading the page again boots a fresh one.
  onReset: () => location.reload(),
});
window.playground = playground;

// API paths opened in a tab (a Service's proxy URL) are answered by this page's cluster.
if ('serviceWorker' in navigator) {
  answerProxyRequests(playground, navigator.serviceWorker);
  navigator.serviceWorker.startMessages();
  navigator.serviceWorker.register('./sw.js', { type: 'module' }).catch((err: unknown) => {
    console.warn('the service worker did not register: API paths will not open in tabs', err);
  });
}

const view = document.querySelector('kube-playground');
void view?.attach(playground);

// The header's Cluster menu (export, import, share, reset) and shared links (#bundle=...).
const bundles = document.createElement('kube-bundle-dialog');
bundles.playground = playground;
document.body.append(bundles);
view?.addEventListener('bundle-action', (e) => {
  void bundles.run((e as CustomEvent<BundleActionDetail>).detail.action);
});
void bundles.applyPending().then(() => bundles.openSharedLink(location.href));
