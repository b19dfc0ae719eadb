import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import type { WorkloadSeries, WorkloadSeriesRecorder } from '../state/workload-series.ts';
import { define } from './define.ts';
import { panel } from './theme.ts';

/** The lines drawn, in legend order: which column, on which axis, in which colour. */
export const chartLines: readonly {
  column: keyof Omit<WorkloadSeries, 't'>;
  label: string;
  scale: 'count' | 'rate';
  color: string;
  dash?: number[];
}[] = [
  { column: 'desired', label: 'desired', scale: 'count', color: '#8c959f', dash: [6, 4] },
  { column: 'ready', label: 'ready', scale: 'count', color: '#1a7f37' },
  { column: 'updated', label: 'updated', scale: 'count', color: '#0969da' },
  { column: 'endpoints', label: 'ready endpoints', scale: 'count', color: '#8250df' },
  { column: 'connections', label: 'conn/s', scale: 'rate', color: '#bc4c00' },
  { column: 'failures', label: 'failed/s', scale: 'rate', color: '#cf222e' },
];

/** One line's latest value as the legend shows it: a count, or a rate with one decimal. */
export function legendValue(value: number | null | undefined, scale: 'count' | 'rate'): string {
  if (value === null || value === undefined) return '–';
  return scale === 'rate' ? value.toFixed(1).replace(/\.0$/, '') : String(value);
}

/**
 * A live chart of one Deployment (chosen in a select) over cluster time: desired, ready and
 * updated replicas, its Services' ready endpoints (left axis), and the connections per second
 * its pods accept with the page's failed connections per second (right axis). It draws the
 * recorder's columns with uPlot and redraws whenever `revision` changes (once per sample).
 */
export class WorkloadChart extends LitElement {
  static override properties = {
    recorder: { attribute: false },
    revision: { type: Number },
    selected: { state: true },
  };

  static override styles = [
    panel,
    css`
      header {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        flex-wrap: wrap;
      }
      h2 {
        font-size: 0.95rem;
        margin: 0;
      }
      label {
        font-size: 0.8rem;
        color: var(--kp-muted, #59636e);
      }
      select {
        font: inherit;
        font-size: 0.8rem;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 0.8rem;
        font-size: 0.75rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .legend li {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
      }
      .swatch {
        width: 0.9rem;
        height: 0.2rem;
        border-radius: 1px;
      }
      .value {
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
      .plot {
        position: relative;
        min-height: 11rem;
      }
      .empty {
        font-size: 0.8rem;
        color: var(--kp-muted, #59636e);
        margin: 0.2rem 0;
      }
      /* The little of uPlot's stylesheet its canvas and cursor need. */
      .u-wrap {
        position: relative;
        user-select: none;
      }
      .u-over,
      .u-under {
        position: absolute;
      }
      .uplot canvas {
        display: block;
        position: relative;
        width: 100%;
        height: 100%;
      }
      .u-cursor-x,
      .u-cursor-y {
        position: absolute;
        left: 0;
        top: 0;
        pointer-events: none;
        will-change: transform;
      }
      .u-cursor-x {
        height: 100%;
        border-right: 1px dashed #8c959f;
      }
      .u-cursor-y {
        width: 100%;
        border-bottom: 1px dashed #8c959f;
      }
      .u-select {
        position: absolute;
        pointer-events: none;
        background: rgba(9, 105, 218, 0.08);
      }
    `,
  ];

  declare recorder: WorkloadSeriesRecorder | undefined;
  /** Bumped by the page after each sample. */
  declare revision: number;
  /** `namespace/name` of the Deployment shown. */
  declare selected: string | undefined;

  private plot?: uPlot;
  private plotted?: string;
  private resize?: ResizeObserver;

  constructor() {
    super();
    this.recorder = undefined;
    this.revision = 0;
    this.selected = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.resize = undefined;
    this.plot?.destroy();
    this.plot = undefined;
    this.plotted = undefined;
  }

  /** The Deployment shown: the chosen one while it has a history, else the first. */
  private current(): string | undefined {
    const keys = this.recorder?.keys() ?? [];
    return this.selected && keys.includes(this.selected) ? this.selected : keys[0];
  }

  protected override updated(_changed: PropertyValues): void {
    const key = this.current();
    const series = key ? this.recorder?.series(key) : undefined;
    const host = this.renderRoot.querySelector<HTMLElement>('.plot');
    if (!series || !host) {
      this.plot?.destroy();
      this.plot = undefined;
      this.plotted = undefined;
      return;
    }
    const data = [series.t, ...chartLines.map((l) => series[l.column])] as uPlot.AlignedData;
    if (this.plot && this.plotted === key) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.plot = new uPlot(this.options(host), data, host);
    this.plotted = key;
    this.resize ??= new ResizeObserver(() => {
      const target = this.renderRoot.querySelector<HTMLElement>('.plot');
      if (target && this.plot) this.plot.setSize(this.size(target));
    });
    this.resize.disconnect();
    this.resize.observe(host);
  }

  private size(host: HTMLElement): { width: number; height: number } {
    return { width: Math.max(200, host.clientWidth), height: 180 };
  }

  private options(host: HTMLElement): uPlot.Options {
    return {
      ...this.size(host),
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: { x: { time: true }, count: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        { stroke: '#59636e', grid: { stroke: '#eaeef2' } },
        { scale: 'count', stroke: '#59636e', grid: { stroke: '#eaeef2' }, label: 'replicas' },
        { scale: 'rate', side: 1, stroke: '#59636e', grid: { show: false }, label: 'per second' },
      ],
      series: [
        {},
        ...chartLines.map((l) => ({
          label: l.label,
          scale: l.scale,
          stroke: l.color,
          width: 2,
          ...(l.dash ? { dash: l.dash } : {}),
          ...(l.scale === 'count' ? { paths: uPlot.paths.stepped!({ align: 1 }) } : {}),
          spanGaps: false,
        })),
      ],
    };
  }

  private choose(e: Event): void {
    this.selected = (e.target as HTMLSelectElement).value;
  }

  override render() {
    const keys = this.recorder?.keys() ?? [];
    const key = this.current();
    const series = key ? this.recorder?.series(key) : undefined;
    const last = series ? series.t.length - 1 : -1;
    return html`
      <section aria-label="live chart">
        <header>
          <h2>Live chart</h2>
          ${
            keys.length
              ? html`<label
                  >Deployment
                  <select @change=${this.choose} aria-label="Deployment charted">
                    ${keys.map(
                      (k) => html`<option value=${k} ?selected=${k === key}>${k}</option>`,
                    )}
                  </select></label
                >`
              : nothing
          }
        </header>
        ${
          series
            ? html`<ul class="legend" aria-label="latest values">
                  ${chartLines.map(
                    (l) =>
                      html`<li>
                        <span class="swatch" style="background:${l.color}"></span>${l.label}
                        <span class="value" data-column=${l.column}
                          >${legendValue(series[l.column][last], l.scale)}</span
                        >
                      </li>`,
                  )}
                </ul>
                <div
                  class="plot"
                  role="img"
                  aria-label="replicas, endpoints and traffic of ${key} over cluster time"
                ></div>`
            : html`<p class="empty">
                No Deployments yet: create one and its replicas, endpoints and traffic appear here.
              </p>`
        }
      </section>
    `;
  }
}

define('kube-workload-chart', WorkloadChart);

declare global {
  interface HTMLElementTagNameMap {
    'kube-workload-chart': WorkloadChart;
  }
}
