import { startPlayground, type Playground } from './playground-api.ts';
import './views/kube-playground.ts';

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

const view = document.querySelector('kube-playground');
void view?.attach(playground);
