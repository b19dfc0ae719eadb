import { endpointslices, ingresses, services } from '../../api/resources.ts';
import { StatusError } from '../../api/errors.ts';
import type { Client } from '../../client/client.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { Ingress, IngressBackend, IngressTLS } from '../../types/networking.ts';
import { ingressAddresses } from '../printers/columns/networking-columns.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { printAnnotations, printLabels } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

/** What the describer reads of a Service and of an EndpointSlice. */
interface ServicePorts extends KubeObject {
  spec?: { ports?: { name?: string; port: number }[] };
}
interface Slice extends KubeObject {
  ports?: { name?: string; port?: number }[];
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
}

/** serviceBackendStringer: `name:port` (the number, else the port name). */
function serviceBackendString(backend: NonNullable<IngressBackend['service']>): string {
  const port = backend.port?.number ? String(backend.port.number) : (backend.port?.name ?? '');
  return `${backend.name}:${port}`;
}

/**
 * formatEndpointSlices for the Service port named `portName`: up to three ready `ip:port`,
 * then ` + N more...`; `<none>` when the Service has no slices.
 */
function formatEndpointSlices(slices: readonly Slice[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const ports = slice.ports ?? [];
    const targets: (number | undefined)[] =
      ports.length === 0
        ? [undefined]
        : ports.filter((p) => (p.name ?? '') === portName).map((p) => p.port);
    for (const port of targets) {
      for (const endpoint of slice.endpoints ?? []) {
        if (list.length === max) more = true;
        if (endpoint.conditions?.ready === false) continue;
        if (!more)
          list.push(
            port === undefined ? endpoint.addresses[0] : `${endpoint.addresses[0]}:${port}`,
          );
        count++;
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

function errorText(err: unknown): string {
  if (err instanceof StatusError) return err.status.message ?? err.message;
  return err instanceof Error ? err.message : String(err);
}

/** describeBackendV1: the Service backend with its endpoints, or the resource reference. */
async function describeBackend(
  client: Client,
  namespace: string,
  backend: IngressBackend,
): Promise<string> {
  if (backend.service) {
    const text = serviceBackendString(backend.service);
    let slices: Slice[];
    let service: ServicePorts;
    try {
      slices = (
        await client.list<Slice>(endpointslices, namespace, {
          labelSelector: `kubernetes.io/service-name=${backend.service.name}`,
        })
      ).items;
      service = await client.get<ServicePorts>(services, namespace, backend.service.name);
    } catch (err) {
      return `${text} (<error: ${errorText(err)}>)`;
    }
    let portName = '';
    for (const sp of service.spec?.ports ?? []) {
      const wanted = backend.service.port;
      if (
        (wanted?.number && wanted.number === sp.port) ||
        (wanted?.name && wanted.name === sp.name)
      ) {
        portName = sp.name ?? '';
      }
    }
    return `${text} (${formatEndpointSlices(slices, portName)})`;
  }
  if (backend.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return '';
}

function describeTLS(w: PrefixWriter, tls: readonly IngressTLS[]): void {
  w.write(0, 'TLS:\n');
  for (const t of tls) {
    const hosts = (t.hosts ?? []).join(',');
    if (!t.secretName) w.write(1, `SNI routes ${hosts}\n`);
    else w.write(1, `${t.secretName} terminates ${hosts}\n`);
  }
}

/**
 * `kubectl describe ingress`: address, class, default backend, TLS, the rules table with each
 * backend's ready endpoints (from its EndpointSlices), annotations and events.
 */
export const describeIngress: Describer = async (ctx, namespace, name) => {
  const ing = await ctx.client.get<Ingress>(ingresses, namespace, name);
  const ns = ing.metadata.namespace ?? namespace;
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ing.metadata.name ?? ''}\n`);
  printLabels(w, 'Labels', ing.metadata.labels);
  w.write(0, `Namespace:\t${ns}\n`);
  w.write(0, `Address:\t${ingressAddresses(ing)}\n`);
  w.write(0, `Ingress Class:\t${ing.spec?.ingressClassName ?? '<none>'}\n`);
  const def = ing.spec?.defaultBackend;
  const defaultBackend = def ? await describeBackend(ctx.client, ns, def) : '<default>';
  w.write(0, `Default backend:\t${defaultBackend}\n`);
  if ((ing.spec?.tls ?? []).length > 0) describeTLS(w, ing.spec!.tls!);
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of ing.spec?.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(1, `${rule.host || '*'}\t\n`);
    for (const path of rule.http.paths ?? []) {
      w.write(2, `\t${path.path ?? ''} \t${await describeBackend(ctx.client, ns, path.backend)}\n`);
    }
  }
  if (count === 0) w.write(1, `*\t*\t${defaultBackend}\n`);
  printAnnotations(w, 'Annotations', ing.metadata.annotations);
  if (ctx.showEvents) {
    await writeEvents(w, ctx.client, ctx.now, [
      { name: ing.metadata.name ?? name, namespace: ns, kind: 'Ingress', uid: ing.metadata.uid },
    ]);
  }
  return w.result();
};
