/**
 * The one script a docs page loads to embed playgrounds: defines <k8s-playground>
 * (docs/embedding.md). Its workers and images are found next to this script, wherever the page is.
 */
export { K8sPlayground } from './embed/k8s-playground.ts';
export type { K8sCommandDetail, K8sReadyDetail } from './embed/k8s-playground.ts';
