import { LitElement, css, html, nothing } from 'lit';
import type { Event, Node, Pod } from '../../kernel/types/core.ts';
import type { KubeObject, WatchEvent } from '../../kernel/types/meta.ts';
import type { Playground } from '../playground-api.ts';
import '../components/cluster-header.ts';
import type { ClusterState } from '../components/cluster-header.ts';
import { define } from '../components/define.ts';
import '../components/events-list.ts';
import '../components/logs-panel.ts';
import '../components/kube-terminal.ts';
import '../components/yaml-editor.ts';
import type { NodeKillDetail } from '../components/node-box.ts';
import type { PodSelectDetail } from '../components/pod-card.ts';
import type { SpeedChangeDetail } from '../components/speed-control.ts';
import { buttons, palette } from '../components/theme.ts';
import { errorMessage } from '../format/apply-output.ts';
import { eventLastSeen, eventLastSeenMs } from '../format/event-display.ts';
import { ClusterClock } from '../state/cluster-clock.ts';
import { WatchedCollection } from '../state/watched-collection.ts';
import './node-map.ts';
import { TrafficRates } from '../state/traffic-rates.ts';
import '../components/services-list.ts';
import type { Service } from '../../kernel/types/service.ts';
import type { Ingress } from '../../kernel/types/networking.ts';
import type { Deployment } from '../../kernel/types/apps.ts';
import type { EndpointSlice } from '../../kernel/types/discovery.ts';
import type {
  AutoscalerToggleDetail,
  ChaosMonkeyToggleDetail,
} from '../components/cluster-header.ts';
import type { PodChaosDetail } from '../components/logs-panel.ts';
import type { NodeChaosDetail } from '../components/node-box.ts';
import '../components/workload-chart.ts';
import '../tutorial/tutorial-panel.ts';
import type { TutorialChangeDetail } from '../tutorial/tutorial-panel.ts';
import { kubeTerminalPort } from '../tutorial/tutorial-terminal.ts';
import { maxSpeed } from '../state/speed-limit.ts';
import { WorkloadSeriesRecorder } from '../state/workload-series.ts';
import type { NodeInfo } from '../playground-api.ts';

/** Events kept in memory; the list shows the newest 50 of them. */
const eventsKept = 300;

/** How long to wait before restarting a watch the server ended with an error. */
const rewatchDelayMs = 1000;

type WorkbenchTab = 'terminal' | 'editor';

/** What the view shows below its header: the cluster map, the workbench, or both side by side. */
export type PlaygroundLayout = 'both' | 'map' | 'terminal';

const workbenchTabs: { id: WorkbenchTab; label: string }[] = [
  { id: 'terminal', label: 'Terminal' },
  { id: 'editor', label: 'YAML editor' },
];

/**
 * The page's view of the cluster: header (state, time speed, add node); on the left the nodes
 * with their pods and the events under them; on the right a workbench with two tabs, a kubectl
 * terminal and a YAML editor; and a logs drawer for the pod clicked. It holds no
 * cluster truth: everything shown comes from watches on nodes, pods and events through the
 * playground script API, and every action goes back through it.
 *
 * `layout` (attribute) shows only the map or only the workbench. `embedded` (attribute) makes
 * it one part of a larger page (<k8s-playground>): it fills its container's box instead of the
 * viewport, lays itself out by its own width, keeps the logs drawer inside its box, takes Alt+1
 * and Alt+2 only while the keyboard is inside it, and does not take the focus when it starts.
 */
export class KubePlayground extends LitElement {
  static override properties = {
    layout: { type: String, reflect: true },
    embedded: { type: Boolean, reflect: true },
    tutorial: { type: String },
    tutorialBase: { attribute: false },
    state: { state: true },
    message: { state: true },
    notice: { state: true },
    speed: { state: true },
    adding: { state: true },
    autoscaling: { state: true },
    selectedKey: { state: true },
    now: { state: true },
    tab: { state: true },
    monkey: { state: true },
    chartRevision: { state: true },
  };

  static override styles = [
    palette,
    buttons,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        background: var(--kp-bg);
        color: var(--kp-fg);
        font-family:
          system-ui,
          -apple-system,
          'Segoe UI',
          sans-serif;
        font-size: 14px;
      }
      kube-cluster-header {
        flex: none;
        z-index: 5;
      }
      main {
        flex: 1 1 auto;
        min-height: 0;
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(30rem, 50%);
      }
      .cluster {
        min-height: 0;
        overflow: auto;
        padding: 0.9rem 0.9rem 1.5rem 1.25rem;
        display: flex;
        flex-direction: column;
        gap: 0.9rem;
      }
      .workbench {
        min-height: 0;
        display: flex;
        flex-direction: column;
        padding: 0.9rem 1.25rem 0.9rem 0.3rem;
      }
      [role='tablist'] {
        display: flex;
        gap: 0.2rem;
        border-bottom: 1px solid var(--kp-border);
      }
      .tabbar {
        display: flex;
        align-items: flex-end;
        gap: 0.5rem;
        border-bottom: 1px solid var(--kp-border);
      }
      .tabbar [role='tablist'] {
        flex: 1 1 auto;
        border-bottom: none;
      }
      .tabbar .tutorials {
        margin-bottom: 0.3rem;
        font-size: 0.75rem;
        padding: 0.1rem 0.55rem;
      }
      /* Not shrunk against the terminal: their sizes would depend on each other's content. */
      kube-tutorial-panel {
        flex: none;
        max-height: 55%;
        margin-bottom: 0.6rem;
      }
      [role='tab'] {
        font: inherit;
        font-size: 0.85rem;
        padding: 0.35rem 0.8rem;
        border: 1px solid transparent;
        border-bottom: none;
        border-radius: 6px 6px 0 0;
        background: none;
        color: var(--kp-muted);
        cursor: pointer;
        margin-bottom: -1px;
      }
      [role='tab'][aria-selected='true'] {
        background: var(--kp-panel);
        border-color: var(--kp-border);
        color: var(--kp-fg);
        font-weight: 600;
      }
      [role='tab']:focus-visible {
        outline: 2px solid var(--kp-accent);
        outline-offset: -2px;
      }
      [role='tablist'] .keys {
        margin-left: auto;
        align-self: center;
        font-size: 0.72rem;
        color: var(--kp-muted);
      }
      [role='tabpanel'] {
        flex: 1 1 auto;
        min-height: 0;
        display: flex;
        flex-direction: column;
        background: var(--kp-panel);
        border: 1px solid var(--kp-border);
        border-top: none;
        border-radius: 0 0 8px 8px;
        padding: 0.6rem;
      }
      [role='tabpanel'][hidden] {
        display: none;
      }
      kube-terminal,
      kube-yaml-editor {
        flex: 1 1 auto;
        min-height: 0;
      }
      .notice {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        padding: 0.4rem 0.7rem;
        border: 1px solid var(--kp-failed-edge);
        background: var(--kp-failed-bg);
        color: var(--kp-failed-fg);
        border-radius: 6px;
        font-size: 0.85rem;
      }
      .notice button {
        margin-left: auto;
        font-size: 0.75rem;
        padding: 0.05rem 0.45rem;
      }
      @media (max-width: 900px) {
        :host {
          height: auto;
          min-height: 100vh;
        }
        main {
          grid-template-columns: minmax(0, 1fr);
        }
        .workbench {
          height: 32rem;
          padding: 0 1.25rem 1.25rem;
        }
      }
      :host([layout='terminal']) .cluster,
      :host([layout='map']) .workbench {
        display: none;
      }
      :host([layout='terminal']) main,
      :host([layout='map']) main {
        grid-template-columns: minmax(0, 1fr);
      }
      :host([layout='terminal']) .workbench {
        height: auto;
        padding: 0.6rem;
      }
      /* Fixed-position descendants (the logs drawer) are placed in this box, not the viewport. */
      :host([embedded]) {
        height: 100%;
        min-height: 0;
        contain: layout paint;
        container-type: inline-size;
      }
      :host([embedded]) main {
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      }
      :host([embedded]) .workbench {
        height: auto;
        padding: 0.9rem 0.9rem 0.9rem 0.3rem;
      }
      :host([embedded][layout='terminal']) main,
      :host([embedded][layout='map']) main {
        grid-template-columns: minmax(0, 1fr);
      }
      :host([embedded][layout='terminal']) .workbench {
        padding: 0.6rem;
      }
      /* Too narrow for two columns: everything stacks, and the box scrolls as a whole. */
      @container (max-width: 40rem) {
        :host([embedded]) {
          overflow: auto;
        }
        :host([embedded]) main {
          flex: none;
          grid-template-columns: minmax(0, 1fr);
        }
        :host([embedded]) .cluster {
          overflow: visible;
        }
        :host([embedded]) .workbench {
          height: 24rem;
          padding: 0 0.6rem 0.6rem;
        }
        :host([embedded][layout='terminal']) main {
          flex: 1 1 auto;
        }
        :host([embedded][layout='terminal']) .workbench {
          height: auto;
          padding: 0.6rem;
        }
      }
    `,
  ];

  /** Map, workbench, or both (the default). */
  declare layout: PlaygroundLayout;
  /** Part of a larger page rather than the whole page (see the class comment). */
  declare embedded: boolean;
  declare state: ClusterState;
  declare message: string;
  /** A failed action (kill, add, speed), until dismissed or replaced. */
  declare notice: string;
  declare speed: number;
  declare adding: boolean;
  /** Whether the cluster autoscaler runs (the header's toggle). */
  declare autoscaling: boolean;
  /** `namespace/name` of the pod whose logs are open. */
  declare selectedKey: string | undefined;
  /** Cluster time the ages on the page are measured to; ticks every second. */
  declare now: number;
  /** The workbench tab shown. */
  declare tab: WorkbenchTab;
  /** The chaos monkey runs. */
  declare monkey: boolean;
  /** Bumped after each sample of the live chart. */
  declare chartRevision: number;
  /**
   * The guided tutorial shown beside the terminal (its id in tutorials/index.json), '' for
   * the list of tutorials, undefined (or null) for none. The page's own URL sets it
   * (`?tutorial=<id>`), and the panel keeps `?tutorial=<id>&step=<n>` there (not when embedded).
   */
  declare tutorial: string | undefined | null;
  /**
   * Where the tutorials are (`./tutorials/` next to the page); <k8s-playground> points it next
   * to its script, since a docs page may be anywhere on the site.
   */
  declare tutorialBase: string;

  private playground?: Playground;
  /** The tutorial panel's Run buttons type into the terminal, shown first. */
  private readonly tutorialTerminal = kubeTerminalPort(
    () => this.renderRoot.querySelector('kube-terminal'),
    () => {
      this.tab = 'terminal';
    },
  );
  /** Alt+1 / Alt+2 switch to the terminal / the editor from anywhere on the page. */
  private readonly onShortcut = (e: KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    if (this.embedded && !e.composedPath().includes(this)) return;
    const tab = e.code === 'Digit1' ? 'terminal' : e.code === 'Digit2' ? 'editor' : undefined;
    if (!tab) return;
    e.preventDefault();
    void this.showTab(tab);
  };
  private readonly nodes = new WatchedCollection<Node>();
  private readonly pods = new WatchedCollection<Pod>();
  private readonly events = new WatchedCollection<Event>();
  private readonly services = new WatchedCollection<Service>();
  private readonly ingresses = new WatchedCollection<Ingress>();
  private readonly deployments = new WatchedCollection<Deployment>();
  private readonly endpointSlices = new WatchedCollection<EndpointSlice>();
  /** The live chart's history of every Deployment. */
  private readonly series = new WorkloadSeriesRecorder();
  private readonly clock = new ClusterClock();
  private readonly stops = new Set<() => void>();
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly traffic = new TrafficRates();
  private attachment = 0;
  /** The selected pod as last seen, so its logs stay readable after it is deleted. */
  private selectedPod: Pod | undefined;

  constructor() {
    super();
    this.layout = 'both';
    this.embedded = false;
    this.state = 'booting';
    this.message = '';
    this.notice = '';
    this.speed = 1;
    this.adding = false;
    this.autoscaling = false;
    this.selectedKey = undefined;
    this.now = this.clock.now();
    this.tab = 'terminal';
    this.monkey = false;
    this.chartRevision = 0;
    this.tutorial = undefined;
    this.tutorialBase = './tutorials/';
    this.addEventListener(
      'node-chaos',
      (e) => void this.nodeChaos((e as CustomEvent<NodeChaosDetail>).detail),
    );
    this.addEventListener(
      'pod-kill',
      (e) => void this.podChaos((e as CustomEvent<PodChaosDetail>).detail, false),
    );
    this.addEventListener(
      'container-kill',
      (e) => void this.podChaos((e as CustomEvent<PodChaosDetail>).detail, true),
    );
    this.addEventListener('chaos-monkey', (e) =>
      this.toggleMonkey((e as CustomEvent<ChaosMonkeyToggleDetail>).detail.podsPerMinute),
    );
    this.addEventListener('pod-select', (e) =>
      this.selectPod((e as CustomEvent<PodSelectDetail>).detail),
    );
    this.addEventListener(
      'node-kill',
      (e) => void this.killNode((e as CustomEvent<NodeKillDetail>).detail.name),
    );
    this.addEventListener('add-node', () => void this.addNode());
    this.addEventListener(
      'autoscaler-toggle',
      (e) => void this.toggleAutoscaler((e as CustomEvent<AutoscalerToggleDetail>).detail.enabled),
    );
    // `minikube dashboard` in the terminal: the page's cluster view is the dashboard.
    this.addEventListener('show-dashboard', () =>
      this.renderRoot.querySelector('kube-node-map')?.scrollIntoView({ behavior: 'smooth' }),
    );
    this.addEventListener(
      'speed-change',
      (e) => void this.setSpeed((e as CustomEvent<SpeedChangeDetail>).detail.speed),
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.embedded && this.tutorial == null)
      this.tutorial = new URLSearchParams(location.search).get('tutorial') ?? undefined;
    window.addEventListener('keydown', this.onShortcut);
    this.ticker = setInterval(() => {
      this.now = this.clock.now();
      void this.sampleTraffic();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onShortcut);
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.detach();
  }

  /**
   * Renders at most once per animation frame: each watch event arrives as its own message, and a
   * burst of them (a cluster's pods listed at boot, a Deployment scaled to hundreds) must not
   * redraw the whole map once per event.
   */
  protected override async scheduleUpdate(): Promise<void> {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    super.scheduleUpdate();
  }

  /** Shows this playground's cluster: waits for it to boot, then watches nodes, pods and events. */
  async attach(playground: Playground): Promise<void> {
    this.detach();
    const attachment = ++this.attachment;
    this.playground = playground;
    this.state = 'booting';
    this.message = '';
    try {
      await playground.ready;
    } catch (err) {
      if (attachment !== this.attachment) return;
      this.state = 'error';
      this.message = errorMessage(err);
      return;
    }
    if (attachment !== this.attachment) return;
    this.state = 'ready';
    await Promise.all([
      this.follow(attachment, '/api/v1/nodes', this.nodes, (_, node) => {
        const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
        if (this.clock.observe(ready?.lastHeartbeatTime)) this.now = this.clock.now();
      }),
      this.follow(attachment, '/api/v1/pods', this.pods),
      this.follow(attachment, '/api/v1/services', this.services),
      this.follow(attachment, '/apis/networking.k8s.io/v1/ingresses', this.ingresses),
      this.follow(attachment, '/apis/apps/v1/deployments', this.deployments),
      this.follow(attachment, '/apis/discovery.k8s.io/v1/endpointslices', this.endpointSlices),
      this.follow(attachment, '/api/v1/events', this.events, (events, event) => {
        if (this.clock.observe(eventLastSeen(event))) this.now = this.clock.now();
        trimEvents(events);
      }),
    ]);
  }

  /** Takes the network's connection counts for the rates shown on the map. */
  private async sampleTraffic(): Promise<void> {
    const playground = this.playground;
    if (!playground || this.state !== 'ready') return;
    let traffic: Awaited<ReturnType<Playground['traffic']>> | undefined;
    try {
      traffic = await playground.traffic();
      this.traffic.sample(traffic, performance.now());
    } catch {
      // A cluster that is shutting down has no traffic to show.
    }
    this.series.sample({
      clusterMs: this.clock.now(),
      realMs: performance.now(),
      deployments: this.deployments.items(),
      services: this.services.items(),
      endpointSlices: this.endpointSlices.items(),
      pods: this.pods.items(),
      traffic,
    });
    this.chartRevision++;
  }

  /** A node's chaos menu: freeze, unfreeze, restart, or set its network fault. */
  private async nodeChaos(detail: NodeChaosDetail): Promise<void> {
    const chaos = this.playground?.chaos;
    if (!chaos) return;
    try {
      if (detail.action === 'freeze') await chaos.freezeNode(detail.name);
      else if (detail.action === 'unfreeze') await chaos.unfreezeNode(detail.name);
      else if (detail.action === 'restart') await chaos.restartNode(detail.name);
      else await chaos.setNetworkFault(detail.name, detail.fault ?? null);
      this.notice = '';
    } catch (err) {
      this.notice = `Could not ${detail.action} node ${detail.name}: ${errorMessage(err)}`;
    }
    this.requestUpdate();
  }

  /** The drawer's kill buttons: the pod (forced delete) or one of its containers. */
  private async podChaos(detail: PodChaosDetail, container: boolean): Promise<void> {
    const chaos = this.playground?.chaos;
    if (!chaos) return;
    try {
      if (container)
        await chaos.killContainer(detail.namespace, detail.name, detail.container ?? '');
      else await chaos.killPod(detail.namespace, detail.name);
      this.notice = '';
    } catch (err) {
      const what = container ? `container ${detail.container}` : 'pod';
      this.notice = `Could not kill ${what} of ${detail.namespace}/${detail.name}: ${errorMessage(err)}`;
    }
  }

  /** Starts the chaos monkey at `podsPerMinute`, or stops it at 0. */
  private toggleMonkey(podsPerMinute: number): void {
    const chaos = this.playground?.chaos;
    if (!chaos) return;
    try {
      if (podsPerMinute > 0) chaos.chaosMonkey({ podsPerMinute });
      else chaos.stopChaosMonkey();
      this.notice = '';
    } catch (err) {
      this.notice = `Could not start the chaos monkey: ${errorMessage(err)}`;
    }
    this.monkey = !!chaos.chaosMonkeyStatus();
  }

  /** Stops every watch; the page then shows what it last saw. */
  detach(): void {
    this.attachment++;
    for (const stop of this.stops) stop();
    this.stops.clear();
  }

  private async follow<T extends KubeObject>(
    attachment: number,
    path: string,
    into: WatchedCollection<T>,
    afterChange?: (c: WatchedCollection<T>, object: T) => void,
  ): Promise<void> {
    const playground = this.playground!;
    let stop: (() => void) | undefined;
    let ended = false;
    const restart = () => {
      if (ended) return;
      ended = true;
      if (stop) {
        this.stops.delete(stop);
        stop();
      }
      setTimeout(() => {
        if (attachment !== this.attachment) return;
        into.clear();
        this.requestUpdate();
        void this.follow(attachment, path, into, afterChange);
      }, rewatchDelayMs);
    };
    try {
      stop = await playground.watch({ verb: 'GET', path }, (event: WatchEvent) => {
        if (attachment !== this.attachment || ended) return;
        if (event.type === 'ERROR') {
          // The server ended the watch (say, 410 Gone): list again from scratch.
          restart();
          return;
        }
        if (into.apply(event as WatchEvent<T>)) {
          afterChange?.(into, event.object as T);
          this.requestUpdate();
        }
      });
    } catch (err) {
      if (attachment !== this.attachment) return;
      this.state = 'error';
      this.message = `watch ${path}: ${errorMessage(err)}`;
      return;
    }
    if (attachment !== this.attachment || ended) stop();
    else this.stops.add(stop);
  }

  private selectPod(detail: PodSelectDetail): void {
    const key = `${detail.namespace}/${detail.name}`;
    this.selectedKey = this.selectedKey === key ? undefined : key;
  }

  private async killNode(name: string): Promise<void> {
    if (!this.playground) return;
    try {
      await this.playground.killNode(name);
      this.notice = '';
    } catch (err) {
      this.notice = `Could not kill node ${name}: ${errorMessage(err)}`;
    }
    this.requestUpdate();
  }

  private async addNode(): Promise<void> {
    if (!this.playground || this.adding) return;
    this.adding = true;
    try {
      await this.playground.addNode();
      this.notice = '';
    } catch (err) {
      this.notice = `Could not add a node: ${errorMessage(err)}`;
    } finally {
      this.adding = false;
    }
  }

  private async toggleAutoscaler(enabled: boolean): Promise<void> {
    if (!this.playground) return;
    try {
      if (enabled) await this.playground.autoscaler.enable();
      else await this.playground.autoscaler.disable();
      this.notice = '';
    } catch (err) {
      this.notice = `Could not switch the node autoscaler: ${errorMessage(err)}`;
    }
    this.autoscaling = this.playground.autoscaler.status().enabled;
  }

  private async setSpeed(speed: number): Promise<void> {
    if (!this.playground) return;
    const before = this.speed;
    // Switched before the kernel answers: a late switch at 60× would put ages behind by a
    // minute per second of delay.
    this.clock.setSpeed(speed);
    this.speed = speed;
    try {
      await this.playground.setSpeed(speed);
      this.notice = '';
    } catch (err) {
      this.clock.setSpeed(before);
      this.speed = before;
      this.notice = `Could not change the speed: ${errorMessage(err)}`;
    }
    this.now = this.clock.now();
  }

  /** Shows a workbench tab and gives its terminal or editor the keyboard. */
  async showTab(tab: WorkbenchTab): Promise<void> {
    this.tab = tab;
    await this.updateComplete;
    const target = this.renderRoot.querySelector(
      tab === 'terminal' ? 'kube-terminal' : 'kube-yaml-editor',
    );
    (target as HTMLElement | null)?.focus();
  }

  /** Left/Right move between the tabs, as a tablist does. */
  private onTabKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const i = workbenchTabs.findIndex((t) => t.id === this.tab);
    const next =
      workbenchTabs[
        (i + (e.key === 'ArrowRight' ? 1 : workbenchTabs.length - 1)) % workbenchTabs.length
      ];
    this.tab = next.id;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#tab-${next.id}`)?.focus(),
    );
  }

  /** The node workers running now; an empty set until the playground can say. */
  private aliveNodes(): ReadonlySet<string> {
    if (!this.playground || this.state !== 'ready') return new Set();
    try {
      return new Set(this.playground.nodes().map((n) => n.name));
    } catch {
      return new Set();
    }
  }

  /** What chaos is in force on each running node, by name. */
  private nodeChaosStates(): ReadonlyMap<string, NodeInfo> {
    if (!this.playground || this.state !== 'ready') return new Map();
    try {
      return new Map(this.playground.nodes().map((n) => [n.name, n]));
    } catch {
      return new Map();
    }
  }

  override render() {
    const selected = this.selectedKey ? this.pods.get(this.selectedKey) : undefined;
    if (selected) this.selectedPod = selected;
    const logsPod = this.selectedKey ? (selected ?? this.selectedPod) : undefined;
    return html`
      <kube-cluster-header
        .state=${this.state}
        .message=${this.message}
        .speed=${this.speed}
        .maxSpeed=${this.playground ? maxSpeed(this.playground.timing) : Infinity}
        .adding=${this.adding}
        .autoscaling=${this.autoscaling}
        .monkey=${this.monkey}
        .shareable=${!this.embedded}
      ></kube-cluster-header>
      <main>
        <div class="cluster">
          ${
            this.notice
              ? html`<div class="notice" role="alert">
                  <span>${this.notice}</span>
                  <button @click=${() => (this.notice = '')}>Dismiss</button>
                </div>`
              : nothing
          }
          <kube-node-map
            .nodes=${this.nodes.items()}
            .pods=${this.pods.items()}
            .alive=${this.aliveNodes()}
            .now=${this.now}
            .selectedKey=${this.selectedKey}
            .rates=${this.traffic.podRates()}
            .chaos=${this.nodeChaosStates()}
          ></kube-node-map>
          <kube-services-list
            .services=${this.services.items()}
            .ingresses=${this.ingresses.items()}
            .rates=${this.traffic.serviceRates()}
          ></kube-services-list>
          <kube-workload-chart
            .recorder=${this.series}
            .revision=${this.chartRevision}
          ></kube-workload-chart>
          <kube-events-list .events=${this.events.items()} .now=${this.now}></kube-events-list>
        </div>
        <div class="workbench">
          ${
            this.tutorial != null
              ? html`<kube-tutorial-panel
                  .tutorial=${this.tutorial}
                  .base=${this.tutorialBase}
                  .playground=${this.playground}
                  .terminal=${this.tutorialTerminal}
                  .syncUrl=${!this.embedded}
                  @tutorial-change=${(e: CustomEvent<TutorialChangeDetail>) =>
                    (this.tutorial = e.detail.id)}
                  @tutorial-close=${() => (this.tutorial = undefined)}
                ></kube-tutorial-panel>`
              : nothing
          }
          <div class="tabbar">
            <div role="tablist" aria-label="Workbench" @keydown=${this.onTabKey}>
              ${workbenchTabs.map(
                (t) =>
                  html`<button
                    role="tab"
                    id="tab-${t.id}"
                    aria-controls="panel-${t.id}"
                    aria-selected=${this.tab === t.id ? 'true' : 'false'}
                    tabindex=${this.tab === t.id ? 0 : -1}
                    @click=${() => this.showTab(t.id)}
                  >
                    ${t.label}
                  </button>`,
              )}
              <span class="keys">Alt+1 terminal · Alt+2 editor</span>
            </div>
            ${
              this.tutorial == null
                ? html`<button class="tutorials" @click=${() => (this.tutorial = '')}>
                    Tutorials
                  </button>`
                : nothing
            }
          </div>
          <div
            role="tabpanel"
            id="panel-terminal"
            aria-labelledby="tab-terminal"
            ?hidden=${this.tab !== 'terminal'}
          >
            <kube-terminal
              .playground=${this.playground}
              .focusOnStart=${!this.embedded}
            ></kube-terminal>
          </div>
          <div
            role="tabpanel"
            id="panel-editor"
            aria-labelledby="tab-editor"
            ?hidden=${this.tab !== 'editor'}
          >
            <kube-yaml-editor
              .playground=${this.playground}
              .disabled=${this.state !== 'ready'}
            ></kube-yaml-editor>
          </div>
        </div>
      </main>
      ${
        logsPod
          ? html`<kube-logs-panel
              .playground=${this.playground}
              .pod=${logsPod}
              @close=${() => (this.selectedKey = undefined)}
            ></kube-logs-panel>`
          : nothing
      }
    `;
  }
}

/** Drops the oldest events once more than `eventsKept` are held. */
function trimEvents(events: WatchedCollection<Event>): void {
  if (events.size <= eventsKept) return;
  const oldest = events
    .items()
    .sort((a, b) => eventLastSeenMs(a) - eventLastSeenMs(b))
    .slice(0, events.size - eventsKept + 50);
  for (const e of oldest) events.delete(`${e.metadata.namespace ?? ''}/${e.metadata.name ?? ''}`);
}

define('kube-playground', KubePlayground);

declare global {
  interface HTMLElementTagNameMap {
    'kube-playground': KubePlayground;
  }
}
