import { LitElement, css, html } from 'lit';
import type { Playground } from './playground-api.ts';
import type { KubeObject, WatchEvent } from '../kernel/types/meta.ts';
import type { ApplyResult } from '../kernel/client/apply.ts';

/**
 * The first view of the cluster: live counts of namespaces, nodes and pods from watches, and
 * a box to apply YAML. It reads and writes only through the playground API.
 */
export class KubePlayground extends LitElement {
  static override properties = {
    state: { state: true },
    counts: { state: true },
    output: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
      padding: 1rem 1.5rem;
      max-width: 60rem;
    }
    h1 {
      font-size: 1.3rem;
    }
    .counts span {
      margin-right: 1.5rem;
    }
    textarea {
      width: 100%;
      min-height: 12rem;
      font-family: ui-monospace, monospace;
    }
    pre {
      background: #fff;
      border: 1px solid #d0d7de;
      padding: 0.5rem;
      white-space: pre-wrap;
    }
    .error {
      color: #cf222e;
    }
  `;

  // Reactive properties are `declare`d and set in the constructor: a class field would shadow
  // lit's accessors and nothing would re-render.
  declare state: string;
  declare counts: Record<string, number>;
  declare output: ApplyResult[];
  private playground?: Playground;

  constructor() {
    super();
    this.state = 'booting';
    this.counts = {};
    this.output = [];
  }

  /** Shows this playground's cluster. */
  async attach(playground: Playground): Promise<void> {
    this.playground = playground;
    try {
      await playground.ready;
      this.state = 'ready';
      for (const path of ['/api/v1/namespaces', '/api/v1/nodes', '/api/v1/pods'])
        this.follow(playground, path);
    } catch (err) {
      this.state = `failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private follow(playground: Playground, path: string): void {
    const names = new Set<string>();
    const label = path.split('/').pop()!;
    this.counts = { ...this.counts, [label]: 0 };
    void playground.watch({ verb: 'GET', path }, (event: WatchEvent<KubeObject>) => {
      const key = `${event.object.metadata.namespace ?? ''}/${event.object.metadata.name}`;
      if (event.type === 'DELETED') names.delete(key);
      else if (event.type !== 'BOOKMARK') names.add(key);
      this.counts = { ...this.counts, [label]: names.size };
    });
  }

  private async apply(): Promise<void> {
    const text = this.renderRoot.querySelector('textarea')?.value ?? '';
    try {
      this.output = await this.playground!.apply(text);
    } catch (err) {
      this.output = [
        { ref: 'manifest', error: { message: String((err as Error).message) } as never },
      ];
    }
  }

  override render() {
    return html`
      <h1>Kubernetes in a tab</h1>
      <p>Control plane: ${this.state}</p>
      <p class="counts">
        ${Object.entries(this.counts).map(([k, v]) => html`<span>${k}: ${v}</span>`)}
      </p>
      <textarea aria-label="YAML manifest" placeholder="Paste a manifest and apply it"></textarea>
      <button @click=${() => this.apply()}>Apply</button>
      <pre>
${this.output.map((r) =>
          r.error
            ? html`<span class="error"
                >Error from server (${r.error.reason ?? 'Error'}): ${r.error.message}</span
              > `
            : `${r.ref} ${r.action}\n`,
        )}</pre>
    `;
  }
}
