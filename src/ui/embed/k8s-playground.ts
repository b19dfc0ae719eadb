import type { ApplyResult } from '../../kernel/client/apply.ts';
import type { Event as ClusterEvent } from '../../kernel/types/core.ts';
import type { KubectlResult } from '../../kernel/kubectl/kubectl.ts';
import { BundleDialog } from '../components/bundle-dialog.ts';
import type { BundleActionDetail } from '../components/cluster-header.ts';
import type { KubeTerminal, TerminalCommandDetail } from '../components/kube-terminal.ts';
import { define } from '../components/define.ts';
import { errorMessage } from '../format/apply-output.ts';
import type { WorkerUrls } from '../node-fleet.ts';
import {
  startPlayground,
  type KubectlCallOptions,
  type RunningPlayground,
} from '../playground-api.ts';
import { KubePlayground } from '../views/kube-playground.ts';
import { embedLayout, readEmbedOptions, type EmbedOptions } from './embed-options.ts';
import { followEvents } from './follow-events.ts';
import { preloadManifest } from './preload-manifest.ts';

/** Detail of `k8s-ready`: the running cluster and the results of its preloaded manifest. */
export interface K8sReadyDetail {
  playground: RunningPlayground;
  applied: ApplyResult[];
  /** Why (part of) the manifest did not apply, as shown to the reader. */
  manifestError?: string;
}

/**
 * Detail of `k8s-command`: a command line run through the element, in its terminal (typed by
 * the reader, or given to `run` or the `commands` attribute) or through `kubectl()`, whose
 * output is included since no screen shows it.
 */
export interface K8sCommandDetail {
  command: string;
  exitCode: number;
  via: 'terminal' | 'kubectl';
  stdout?: string;
  stderr?: string;
}

const styles = `
  :host {
    display: block;
    position: relative;
    height: 480px;
    border: 1px solid #d1d9e0;
    border-radius: 8px;
    overflow: hidden;
    box-sizing: border-box;
    text-align: start;
  }
  :host([hidden]) {
    display: none;
  }
  kube-playground {
    height: 100%;
  }
`;

/**
 * `<k8s-playground>`: a Kubernetes cluster of its own in a docs page (docs/embedding.md). Each
 * element, once in the document, boots its own cluster (kernel and node workers, its own
 * IndexedDB database or memory) and shows it with the page's view, filling the element's box
 * (480px high unless the page styles it), then applies its manifest, fires `k8s-ready` and
 * runs its `commands` in its terminal. It fires `k8s-event` for each cluster Event and
 * `k8s-command` after each command run through it; all three bubble and are composed. Its
 * header's Cluster menu exports, imports and resets its cluster; a reset boots a fresh cluster
 * in its place (a new `playground` and `ready`, and `k8s-ready` again). Removed from the
 * document (and not put back in the same task), it terminates its cluster.
 */
export class K8sPlayground extends HTMLElement {
  static readonly observedAttributes = ['view', 'tutorial'];

  /**
   * Where the workers and images are, for a page that serves them elsewhere (and the tests);
   * by default next to the script that defined the element. Read when the cluster starts.
   */
  urls: Partial<WorkerUrls> | undefined;

  private running: RunningPlayground | undefined;
  private view: KubePlayground | undefined;
  private bundles: BundleDialog | undefined;
  private stopEvents: (() => void) | undefined;
  private readiness = deferred<RunningPlayground>();

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = styles;
    root.append(style);
  }

  /** This element's cluster's script API (window.playground's kind); undefined until connected. */
  get playground(): RunningPlayground | undefined {
    return this.running;
  }

  /**
   * Resolves to the playground once its cluster has booted and its manifest has been applied
   * (a manifest that failed is reported in `k8s-ready`, not here); rejects if the cluster
   * fails to boot or the element is removed first. A removed element put back boots again,
   * with a new `ready`.
   */
  get ready(): Promise<RunningPlayground> {
    return this.readiness.promise;
  }

  /** Runs a kubectl command line against this cluster (off screen), once ready; fires `k8s-command`. */
  async kubectl(
    line: string | readonly string[],
    options?: KubectlCallOptions,
  ): Promise<KubectlResult> {
    const playground = await this.ready;
    const result = await playground.kubectl(line, options);
    this.fire<K8sCommandDetail>('k8s-command', {
      command: typeof line === 'string' ? line : line.join(' '),
      exitCode: result.exitCode,
      via: 'kubectl',
      stdout: result.stdout,
      stderr: result.stderr,
    });
    return result;
  }

  /** Applies a multi-document manifest to this cluster, once ready, as `kubectl apply -f` does. */
  async apply(yaml: string): Promise<ApplyResult[]> {
    return (await this.ready).apply(yaml);
  }

  /**
   * Types `source` (shell lines) into the element's terminal as the reader would and resolves,
   * once ready and the lines have run, to the last one's exit status. The terminal exists in
   * every view, hidden under `view="map"`.
   */
  async run(source: string): Promise<number> {
    await this.ready;
    const terminal = await this.terminal();
    terminal.type(`${source.replace(/\r?\n/g, '\r')}\r`);
    await terminal.idle();
    return terminal.shell.status;
  }

  connectedCallback(): void {
    if (this.running) {
      // Moved within the page: the same cluster, shown again.
      if (this.view) void this.view.attach(this.running);
      return;
    }
    this.boot();
  }

  disconnectedCallback(): void {
    // A move (removed and inserted in one task) keeps the cluster.
    queueMicrotask(() => {
      if (!this.isConnected) this.shutDown();
    });
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (!this.view) return;
    if (name === 'view') this.view.layout = embedLayout(this);
    if (name === 'tutorial') this.view.tutorial = value?.trim();
  }

  private boot(): void {
    const options = readEmbedOptions(this, this.position(), location.pathname);
    const playground = startPlayground({
      database: options.database,
      timing: options.timing,
      inMemory: options.inMemory,
      workerNodes: options.workerNodes,
      urls: this.urls,
      // The Cluster menu's reset has deleted the storage: a fresh cluster in the same place.
      onReset: () => {
        if (this.running !== playground) return;
        this.shutDown();
        if (this.isConnected) this.boot();
      },
    });
    this.running = playground;
    const view = new KubePlayground();
    view.embedded = true;
    view.layout = options.view;
    view.tutorial = options.tutorial;
    view.tutorialBase = new URL('./tutorials/', import.meta.url).href;
    view.addEventListener('terminal-command', (e) => {
      e.stopPropagation();
      const { command, exitCode } = (e as CustomEvent<TerminalCommandDetail>).detail;
      this.fire<K8sCommandDetail>('k8s-command', { command, exitCode, via: 'terminal' });
    });
    // The header's Cluster menu: export, import and reset of this element's cluster.
    const bundles = new BundleDialog();
    bundles.playground = playground;
    view.addEventListener('bundle-action', (e) => {
      e.stopPropagation();
      void bundles.run((e as CustomEvent<BundleActionDetail>).detail.action);
    });
    this.view = view;
    this.bundles?.remove();
    this.bundles = bundles;
    this.shadowRoot!.querySelector('kube-playground')?.remove();
    this.shadowRoot!.append(view, bundles);
    void view.attach(playground);
    void this.prepare(playground, options, this.readiness);
  }

  /** After boot: follows Events, applies the manifest, announces readiness, runs the commands. */
  private async prepare(
    playground: RunningPlayground,
    options: EmbedOptions,
    readiness: Deferred<RunningPlayground>,
  ): Promise<void> {
    const current = () => this.running === playground;
    try {
      await playground.ready;
    } catch (err) {
      if (current()) readiness.reject(err);
      return;
    }
    if (!current()) return;
    try {
      const stop = await followEvents(playground, (event) =>
        this.fire<ClusterEvent>('k8s-event', event),
      );
      if (current()) this.stopEvents = stop;
      else stop();
    } catch (err) {
      console.warn('<k8s-playground>: cannot follow the cluster events', err);
    }
    if (!current()) return;
    const outcome = await preloadManifest(playground, options);
    if (!current()) return;
    if (outcome.error) {
      console.error(`<k8s-playground>: the manifest did not apply:\n${outcome.error}`);
      if (this.view) this.view.notice = `The page's manifest did not apply: ${outcome.error}`;
    }
    readiness.resolve(playground);
    this.fire<K8sReadyDetail>('k8s-ready', {
      playground,
      applied: outcome.applied,
      ...(outcome.error ? { manifestError: outcome.error } : {}),
    });
    for (const line of options.commands) {
      if (!current()) return;
      try {
        await this.run(line);
      } catch (err) {
        console.error(`<k8s-playground>: ${line}: ${errorMessage(err)}`);
      }
    }
  }

  private shutDown(): void {
    const playground = this.running;
    if (!playground) return;
    this.running = undefined;
    this.stopEvents?.();
    this.stopEvents = undefined;
    this.view?.detach();
    this.view?.remove();
    this.view = undefined;
    this.bundles?.remove();
    this.bundles = undefined;
    playground.terminate();
    this.readiness.reject(new Error('the <k8s-playground> element was removed from the page'));
    this.readiness = deferred();
  }

  /** The view's terminal, once it has rendered and opened its first tab. */
  private async terminal(): Promise<KubeTerminal> {
    const view = this.view;
    if (!view) throw new Error('the <k8s-playground> element is not in the page');
    await view.updateComplete;
    const terminal = view.renderRoot.querySelector('kube-terminal');
    if (!terminal) throw new Error('the <k8s-playground> element has no terminal');
    await terminal.updateComplete;
    return terminal;
  }

  /** This element's index among the <k8s-playground> elements of its document (or shadow root). */
  private position(): number {
    const root = this.getRootNode() as Document | ShadowRoot;
    return [...root.querySelectorAll('k8s-playground')].indexOf(this);
  }

  private fire<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** A promise settled from outside; a rejection nobody awaits is not reported as unhandled. */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

define('k8s-playground', K8sPlayground);

declare global {
  interface HTMLElementTagNameMap {
    'k8s-playground': K8sPlayground;
  }
  interface HTMLElementEventMap {
    'k8s-ready': CustomEvent<K8sReadyDetail>;
    'k8s-event': CustomEvent<ClusterEvent>;
    'k8s-command': CustomEvent<K8sCommandDetail>;
  }
}
