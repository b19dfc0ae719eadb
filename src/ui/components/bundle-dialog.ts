import { LitElement, css, html, nothing } from 'lit';
import { parseManifest, type ApplyResult } from '../../kernel/client/apply.ts';
import { sharedManifests, withoutSharedManifests } from '../bundle/share-link.ts';
import { applyResultLine, errorMessage } from '../format/apply-output.ts';
import type { RunningPlayground } from '../playground-api.ts';
import type { BundleAction } from './cluster-header.ts';
import { define } from './define.ts';
import { buttons, palette } from './theme.ts';

/** Where a shared bundle waits, across the reload, to be applied to the fresh cluster. */
export const pendingBundleKey = 'kube-in-a-tab:pending-bundle';

/** The file name an export downloads as. */
export const exportFileName = 'kube-in-a-tab-cluster.yaml';

type View =
  | { kind: 'closed' }
  | { kind: 'working'; text: string }
  | { kind: 'share'; url: string; copied: boolean }
  | { kind: 'incoming'; manifests: string; refs: string[] }
  | { kind: 'results'; title: string; results: ApplyResult[] }
  | { kind: 'confirm-reset' }
  | { kind: 'error'; text: string };

/**
 * The page's export, import, share and reset (the header's Cluster menu), and the arrival of
 * a shared link: a modal dialog that shows a share link with a Copy button, asks whether a
 * shared link's objects go to this cluster or to a fresh one, asks before a reset, and lists
 * what an import did, object by object. Everything goes through `playground`'s script API
 * (exportBundle, importBundle, shareLink, reset); the page's reset reloads it.
 */
export class BundleDialog extends LitElement {
  static override properties = {
    view: { state: true },
  };

  static override styles = [
    palette,
    buttons,
    css`
      dialog {
        max-width: min(40rem, 92vw);
        border: 1px solid var(--kp-border);
        border-radius: 8px;
        padding: 1rem 1.2rem;
        color: var(--kp-fg);
        font:
          0.9rem system-ui,
          sans-serif;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 25%);
      }
      h2 {
        font-size: 1rem;
        margin: 0 0 0.6rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
        margin-top: 0.9rem;
      }
      input.link {
        width: 100%;
        box-sizing: border-box;
        font: 0.8rem var(--kp-mono);
      }
      ul {
        max-height: 14rem;
        overflow: auto;
        margin: 0.4rem 0;
        padding-left: 1.2rem;
        font: 0.8rem var(--kp-mono);
      }
      .error {
        color: var(--kp-failed-fg);
      }
      .danger {
        border-color: var(--kp-failed-edge);
        color: var(--kp-failed-fg);
      }
    `,
  ];

  declare view: View;
  /** The playground the dialog acts on. */
  playground?: RunningPlayground;

  constructor() {
    super();
    this.view = { kind: 'closed' };
  }

  /** Does what the header's Cluster menu asked. */
  async run(action: BundleAction): Promise<void> {
    if (action === 'reset') return this.show({ kind: 'confirm-reset' });
    if (action === 'import') return this.pickFile();
    await this.attempt(action === 'export' ? 'Exporting…' : 'Making the link…', async () => {
      const playground = this.active();
      if (action === 'export') {
        download(exportFileName, await playground.exportBundle());
        await this.show({ kind: 'closed' });
      } else {
        await this.show({ kind: 'share', url: await playground.shareLink(), copied: false });
      }
    });
  }

  /**
   * Handles a shared link the page was opened with (`url`, the page's address): takes the
   * objects out of the address bar (so a reload does not ask again) and asks where they go.
   * Resolves to whether `url` was a shared link.
   */
  async openSharedLink(url: string): Promise<boolean> {
    let manifests: string | undefined;
    try {
      manifests = await sharedManifests(url);
    } catch (err) {
      history.replaceState(history.state, '', withoutSharedManifests(url));
      await this.show({ kind: 'error', text: errorMessage(err) });
      return true;
    }
    if (manifests === undefined) return false;
    history.replaceState(history.state, '', withoutSharedManifests(url));
    try {
      const refs = parseManifest(manifests).map(
        (o) => `${String(o.kind)}/${o.metadata?.name ?? ''}`,
      );
      await this.show({ kind: 'incoming', manifests, refs });
    } catch (err) {
      await this.show({
        kind: 'error',
        text: `The shared objects do not parse: ${errorMessage(err)}`,
      });
    }
    return true;
  }

  /** Applies a shared bundle left for the fresh cluster by "Apply to a fresh cluster", if any. */
  async applyPending(): Promise<void> {
    const manifests = sessionStorage.getItem(pendingBundleKey);
    if (manifests === null) return;
    sessionStorage.removeItem(pendingBundleKey);
    await this.importBundle(manifests, 'Shared objects applied to a fresh cluster');
  }

  private active(): RunningPlayground {
    if (!this.playground) throw new Error('the cluster has not started');
    return this.playground;
  }

  private async show(view: View): Promise<void> {
    this.view = view;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog');
    if (view.kind === 'closed') dialog?.close();
    else if (dialog && !dialog.open) dialog.showModal();
  }

  /** Shows `working` while `task` runs, and its error if it fails. */
  private async attempt(working: string, task: () => Promise<void>): Promise<void> {
    await this.show({ kind: 'working', text: working });
    try {
      await task();
    } catch (err) {
      await this.show({ kind: 'error', text: errorMessage(err) });
    }
  }

  private async importBundle(manifests: string, title: string): Promise<void> {
    await this.attempt('Applying…', async () => {
      const results = await this.active().importBundle(manifests);
      await this.show({ kind: 'results', title, results });
    });
  }

  private pickFile(): void {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.yaml,.yml,.json,application/yaml,application/json,text/yaml';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) void file.text().then((text) => this.importBundle(text, `Applied ${file.name}`));
    });
    input.click();
  }

  private async copy(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      await this.show({ kind: 'share', url, copied: true });
    } catch {
      // Without clipboard access, the link stays selected for the user to copy.
      this.renderRoot.querySelector<HTMLInputElement>('input.link')?.select();
    }
  }

  private async decide(manifests: string, fresh: boolean): Promise<void> {
    if (!fresh) return this.importBundle(manifests, 'Shared objects applied');
    await this.attempt('Starting a fresh cluster…', async () => {
      sessionStorage.setItem(pendingBundleKey, manifests);
      await this.active().reset();
    });
  }

  private async reset(): Promise<void> {
    await this.attempt('Resetting…', () => this.active().reset());
  }

  private close = () => void this.show({ kind: 'closed' });

  private body() {
    const view = this.view;
    const closeButton = html`<button class="close" @click=${this.close}>Close</button>`;
    switch (view.kind) {
      case 'closed':
        return nothing;
      case 'working':
        return html`<p role="status">${view.text}</p>`;
      case 'share':
        return html`<h2>Share this cluster</h2>
          <p>
            The link carries the cluster's objects (in the part after #, which is never sent to a
            server) and your place in the tutorial.
          </p>
          <input
            class="link"
            readonly
            aria-label="Share link"
            .value=${view.url}
            @focus=${(e: Event) => (e.target as HTMLInputElement).select()}
          />
          <div class="actions">
            <span role="status">${view.copied ? 'Copied.' : ''}</span>
            <button class="copy" @click=${() => this.copy(view.url)}>Copy link</button>
            ${closeButton}
          </div>`;
      case 'incoming':
        return html`<h2>Apply the shared objects?</h2>
          <p>This link carries ${view.refs.length} object${view.refs.length === 1 ? '' : 's'}:</p>
          <ul>
            ${view.refs.map((r) => html`<li>${r}</li>`)}
          </ul>
          <div class="actions">
            <button class="apply-here" @click=${() => this.decide(view.manifests, false)}>
              Apply to this cluster
            </button>
            <button class="apply-fresh" @click=${() => this.decide(view.manifests, true)}>
              Apply to a fresh cluster
            </button>
            <button class="cancel" @click=${this.close}>Cancel</button>
          </div>`;
      case 'results':
        return html`<h2>${view.title}</h2>
          <ul>
            ${view.results.map((r) => {
              const line = applyResultLine(r);
              return html`<li class=${line.error ? 'error' : ''}>${line.text}</li>`;
            })}
          </ul>
          <div class="actions">${closeButton}</div>`;
      case 'confirm-reset':
        return html`<h2>Reset the cluster?</h2>
          <p>Every object is deleted and a fresh cluster boots. Your uploaded images stay.</p>
          <div class="actions">
            <button class="danger confirm-reset" @click=${this.reset}>Reset</button>
            <button class="cancel" @click=${this.close}>Cancel</button>
          </div>`;
      case 'error':
        return html`<p class="error" role="alert">${view.text}</p>
          <div class="actions">${closeButton}</div>`;
    }
  }

  override render() {
    return html`<dialog aria-label="Cluster" @close=${() => (this.view = { kind: 'closed' })}>
      ${this.body()}
    </dialog>`;
  }
}

/** Saves `text` as a file the browser downloads. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

define('kube-bundle-dialog', BundleDialog);

declare global {
  interface HTMLElementTagNameMap {
    'kube-bundle-dialog': BundleDialog;
  }
}
