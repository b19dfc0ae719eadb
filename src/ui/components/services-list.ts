import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Ingress } from '../../kernel/types/networking.ts';
import type { Service } from '../../kernel/types/service.ts';
import { formatRate } from '../state/traffic-rates.ts';
import { objectKey } from '../state/watched-collection.ts';
import { define } from './define.ts';
import { panel } from './theme.ts';

/** Where a Service's TCP port opens in a browser tab: the API server's services proxy. */
export function serviceProxyUrl(service: Service, port: { name?: string; port: number }): string {
  const ns = service.metadata.namespace ?? 'default';
  const target = port.name
    ? `${service.metadata.name}:${port.name}`
    : `${service.metadata.name}:${port.port}`;
  return `./api/v1/namespaces/${ns}/services/${target}/proxy/`;
}

/** Where an Ingress rule opens: the page's ingress route, `/ingress/HOST/PATH`. */
export function ingressUrl(host: string | undefined, path: string | undefined): string {
  const cleanPath = (path ?? '/').replace(/^\/*/, '');
  return `./ingress/${host || '_'}/${cleanPath}`;
}

/**
 * The cluster's Services (with their type, ClusterIP, ports and connections per second) and
 * Ingress rules, each HTTP-able port with an "open" link that opens it in a new tab through
 * the service worker, as `kubectl proxy` or a browser pointed at the ingress would.
 */
export class ServicesList extends LitElement {
  static override properties = {
    services: { attribute: false },
    ingresses: { attribute: false },
    rates: { attribute: false },
  };

  static override styles = [
    panel,
    css`
      h2 {
        font-size: 0.95rem;
        margin: 0;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.78rem;
      }
      th {
        text-align: left;
        font-weight: 600;
        color: var(--kp-muted, #59636e);
        font-size: 0.7rem;
        border-bottom: 1px solid var(--kp-border, #d1d9e0);
      }
      td {
        padding: 0.15rem 0.4rem 0.15rem 0;
        vertical-align: top;
        font-variant-numeric: tabular-nums;
      }
      a {
        color: var(--kp-accent, #0969da);
      }
      .rate {
        color: var(--kp-accent, #0969da);
      }
    `,
  ];

  declare services: Service[];
  declare ingresses: Ingress[];
  /** Connections per second per Service (`namespace/name`). */
  declare rates: ReadonlyMap<string, number>;

  constructor() {
    super();
    this.services = [];
    this.ingresses = [];
    this.rates = new Map();
  }

  override render() {
    const services = [...this.services].sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
    const rules = this.ingresses.flatMap((ingress) =>
      (ingress.spec?.rules ?? []).flatMap((rule) =>
        (rule.http?.paths ?? []).map((path) => ({ ingress, host: rule.host, path: path.path })),
      ),
    );
    return html`<section aria-label="Services">
      <h2>Services</h2>
      ${
        services.length === 0
          ? html`<p>No Services yet: try <code>kubectl expose</code>.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>NAME</th>
                  <th>TYPE</th>
                  <th>CLUSTER-IP</th>
                  <th>PORTS</th>
                  <th>TRAFFIC</th>
                </tr>
              </thead>
              <tbody>
                ${repeat(
                  services,
                  (s) => objectKey(s),
                  (s) => this.row(s),
                )}
              </tbody>
            </table>`
      }
      ${
        rules.length === 0
          ? nothing
          : html`<h2>Ingress</h2>
              <table>
                <tbody>
                  ${rules.map(
                    (r) =>
                      html`<tr>
                        <td>${r.ingress.metadata.name}</td>
                        <td>${r.host ?? '*'}${r.path ?? '/'}</td>
                        <td>
                          <a href=${ingressUrl(r.host, r.path)} target="_blank" rel="noopener"
                            >open</a
                          >
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
      }
    </section>`;
  }

  private row(service: Service) {
    const key = objectKey(service);
    const ns = service.metadata.namespace ?? 'default';
    const rate = this.rates.get(key) ?? 0;
    const ports = (service.spec?.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
    const openable = !!service.spec?.selector && service.spec?.type !== 'ExternalName';
    return html`<tr>
      <td>${ns === 'default' ? '' : `${ns}/`}${service.metadata.name}</td>
      <td>${service.spec?.type ?? 'ClusterIP'}</td>
      <td>${service.spec?.clusterIP ?? ''}</td>
      <td>
        ${ports.map(
          (p) =>
            html`<span
              >${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/TCP${
                openable
                  ? html` <a href=${serviceProxyUrl(service, p)} target="_blank" rel="noopener"
                      >open</a
                    >`
                  : nothing
              }
            </span> `,
        )}
      </td>
      <td class="rate">${rate > 0 ? formatRate(rate) : ''}</td>
    </tr>`;
  }
}

define('kube-services-list', ServicesList);

declare global {
  interface HTMLElementTagNameMap {
    'kube-services-list': ServicesList;
  }
}
