import { startPlayground, type RunningPlayground } from './playground-api.ts';
import { answerProxyRequests } from './proxy-bridge.ts';
import './views/kube-playground.ts';

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
