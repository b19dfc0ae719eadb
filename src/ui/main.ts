import { KubePlayground } from './cluster-status.ts';
import { startPlayground, type Playground } from './playground-api.ts';

declare global {
  interface Window {
    playground: Playground;
  }
}

const params = new URLSearchParams(location.search);
const playground = startPlayground({
  database: params.get('cluster') ?? 'kube-in-a-tab',
  timing: params.get('timing') === 'kubernetes' ? 'kubernetes' : 'tutorial',
  inMemory: params.has('memory'),
});
window.playground = playground;

customElements.define('kube-playground', KubePlayground);
const view = document.querySelector('kube-playground') as KubePlayground | null;
void view?.attach(playground);
