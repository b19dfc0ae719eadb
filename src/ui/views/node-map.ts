import { LitElement, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Node, Pod } from '../../kernel/types/core.ts';
import '../components/node-box.ts';
import '../components/unscheduled-pods.ts';
import { define } from '../components/define.ts';
import { nodeRoles } from '../format/node-display.ts';
import type { NodeInfo } from '../playground-api.ts';

const byName = new Intl.Collator('en', { numeric: true });

/** Nodes in reading order: control-plane nodes first, then by name (worker-2 before worker-10). */
export function sortNodes(names: string[], nodes: Map<string, Node>): string[] {
  const rank = (name: string) => {
    const node = nodes.get(name);
    return node && nodeRoles(node).includes('control-plane') ? 0 : 1;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || byName.compare(a, b));
}

/** Pods in reading order: by namespace, then name. */
export function sortPods(pods: Pod[]): Pod[] {
  return [...pods].sort(
    (a, b) =>
      byName.compare(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
      byName.compare(a.metadata.name ?? '', b.metadata.name ?? ''),
  );
}

/**
 * The cluster map: one box per node holding the pods bound to it (spec.nodeName), a box for
 * any node name pods point at that has no Node object, and the unscheduled pods below.
 */
export class NodeMap extends LitElement {
  static override properties = {
    nodes: { attribute: false },
    pods: { attribute: false },
    alive: { attribute: false },
    now: { type: Number },
    selectedKey: { attribute: false },
    rates: { attribute: false },
    chaos: { attribute: false },
  };

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
    }
    .nodes {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(23rem, 1fr));
      gap: 0.75rem;
      align-items: start;
    }
    .none {
      color: var(--kp-muted, #59636e);
      font-size: 0.9rem;
      margin: 0.5rem 0;
    }
  `;

  declare nodes: Node[];
  declare pods: Pod[];
  /** Names of the nodes whose workers the page runs now (playground.nodes()). */
  declare alive: ReadonlySet<string>;
  declare now: number;
  declare selectedKey: string | undefined;
  /** Connections per second per pod (`namespace/name`). */
  declare rates: ReadonlyMap<string, number>;
  /** The chaos in force per running node: frozen, network fault (playground.nodes()). */
  declare chaos: ReadonlyMap<string, NodeInfo>;

  constructor() {
    super();
    this.chaos = new Map();
    this.rates = new Map();
    this.nodes = [];
    this.pods = [];
    this.alive = new Set();
    this.now = 0;
    this.selectedKey = undefined;
  }

  override render() {
    const byNode = new Map<string, Node>();
    for (const node of this.nodes) byNode.set(node.metadata.name ?? '', node);
    const podsOn = new Map<string, Pod[]>();
    for (const name of byNode.keys()) podsOn.set(name, []);
    const unscheduled: Pod[] = [];
    for (const pod of this.pods) {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName) {
        unscheduled.push(pod);
        continue;
      }
      let list = podsOn.get(nodeName);
      if (!list) podsOn.set(nodeName, (list = []));
      list.push(pod);
    }
    const names = sortNodes([...podsOn.keys()], byNode);
    return html`
      ${names.length === 0 ? html`<p class="none">No nodes have registered yet.</p>` : ''}
      <div class="nodes">
        ${repeat(
          names,
          (name) => name,
          (name) =>
            html`<kube-node-box
              .name=${name}
              .node=${byNode.get(name)}
              .pods=${sortPods(podsOn.get(name)!)}
              .alive=${this.alive.has(name)}
              .now=${this.now}
              .selectedKey=${this.selectedKey}
              .rates=${this.rates}
              .frozen=${this.chaos.get(name)?.frozen ?? false}
              .fault=${this.chaos.get(name)?.networkFault}
            ></kube-node-box>`,
        )}
      </div>
      <kube-unscheduled-pods
        .pods=${sortPods(unscheduled)}
        .now=${this.now}
        .selectedKey=${this.selectedKey}
      ></kube-unscheduled-pods>
    `;
  }
}

define('kube-node-map', NodeMap);

declare global {
  interface HTMLElementTagNameMap {
    'kube-node-map': NodeMap;
  }
}
