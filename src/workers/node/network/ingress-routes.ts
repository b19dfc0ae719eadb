import { builtinIngressController } from '../../../kernel/api/builtin-ingress-class.ts';
import type { Ingress, IngressBackend, IngressClass } from '../../../kernel/types/networking.ts';
import { isServedBy } from '../../../kernel/util/ingress-class.ts';

/** Where a request goes: a backend of an Ingress (in its namespace), or nowhere (404). */
export type IngressRoute =
  | { kind: 'backend'; backend: IngressBackend; namespace: string; ingress: string }
  | { kind: 'none' };

/**
 * The Ingresses a controller serves: those whose class (spec.ingressClassName, or the legacy
 * `kubernetes.io/ingress.class` annotation) is an IngressClass of `controller`, and those
 * naming no class when such a class is marked default. Oldest first, so that the older
 * Ingress wins a conflict, as ingress-nginx resolves them.
 */
export function ingressesForController(
  ingresses: readonly Ingress[],
  classes: readonly IngressClass[],
  controller = builtinIngressController,
): Ingress[] {
  return ingresses
    .filter((ing) => isServedBy(ing, classes, controller) && !ing.metadata.deletionTimestamp)
    .sort(
      (a, b) =>
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
        `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
          `${b.metadata.namespace}/${b.metadata.name}`,
        ),
    );
}

/** A wildcard host `*.foo.com` matches exactly one more label: `bar.foo.com`, not `foo.com`. */
function wildcardMatches(pattern: string, host: string): boolean {
  const suffix = pattern.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, -suffix.length);
  return label.length > 0 && !label.includes('.');
}

/**
 * The server block a request's host lands in, as nginx chooses one: the rule host equal to
 * it, else the matching wildcard host with the longest suffix, else the catch-all ('' —
 * rules without a host, and the default backends).
 */
function serverFor(ingresses: readonly Ingress[], host: string): string {
  const hosts = new Set(
    ingresses.flatMap((ing) => (ing.spec?.rules ?? []).map((r) => r.host ?? '')),
  );
  if (hosts.has(host)) return host;
  const wildcards = [...hosts]
    .filter((h) => h.startsWith('*.') && wildcardMatches(h, host))
    .sort((a, b) => b.length - a.length);
  return wildcards[0] ?? '';
}

interface Candidate {
  path: string;
  pathType: string;
  backend: IngressBackend;
  namespace: string;
  ingress: string;
}

/** Whether `path` of `pathType` matches the request path, as ingress-nginx's locations do. */
function pathMatches(pathType: string, path: string, requestPath: string): boolean {
  if (pathType === 'Exact') return requestPath === path;
  if (pathType === 'Prefix') {
    // Element-wise: `/foo` (or `/foo/`) matches `/foo`, `/foo/` and `/foo/bar`, not `/foobar`.
    const prefix = path.replace(/\/+$/, '');
    return prefix === '' || requestPath === prefix || requestPath.startsWith(`${prefix}/`);
  }
  // ImplementationSpecific: an nginx prefix location, a plain string prefix.
  return requestPath.startsWith(path || '/');
}

/**
 * Routes one request by its Host (lower-cased, without port) and path, as ingress-nginx
 * does over every Ingress it serves (`ingresses`, oldest first): the server block by host,
 * then within it an Exact match first, else the longest matching path (Exact before Prefix
 * before ImplementationSpecific on equal length, the older Ingress on a tie). With no
 * match, the server's default backend: the defaultBackend of the oldest Ingress that defines
 * that host (for the catch-all, of any Ingress) and has one; else nowhere (404).
 */
export function routeRequest(
  ingresses: readonly Ingress[],
  host: string,
  requestPath: string,
): IngressRoute {
  const server = serverFor(ingresses, host);
  const candidates: Candidate[] = [];
  for (const ing of ingresses) {
    for (const rule of ing.spec?.rules ?? []) {
      if ((rule.host ?? '') !== server) continue;
      for (const p of rule.http?.paths ?? []) {
        candidates.push({
          path: p.path ?? '',
          pathType: p.pathType ?? 'ImplementationSpecific',
          backend: p.backend,
          namespace: ing.metadata.namespace ?? 'default',
          ingress: ing.metadata.name ?? '',
        });
      }
    }
  }
  const matching = candidates.filter((c) => pathMatches(c.pathType, c.path, requestPath));
  const typeRank = (t: string) => (t === 'Exact' ? 0 : t === 'Prefix' ? 1 : 2);
  const exact = matching.find((c) => c.pathType === 'Exact');
  const best =
    exact ??
    [...matching].sort(
      (a, b) =>
        effectiveLength(b) - effectiveLength(a) || typeRank(a.pathType) - typeRank(b.pathType),
    )[0];
  if (best) {
    return {
      kind: 'backend',
      backend: best.backend,
      namespace: best.namespace,
      ingress: best.ingress,
    };
  }
  const fallback = ingresses.find(
    (ing) =>
      ing.spec?.defaultBackend &&
      (server === '' || (ing.spec.rules ?? []).some((r) => (r.host ?? '') === server)),
  );
  if (fallback?.spec?.defaultBackend) {
    return {
      kind: 'backend',
      backend: fallback.spec.defaultBackend,
      namespace: fallback.metadata.namespace ?? 'default',
      ingress: fallback.metadata.name ?? '',
    };
  }
  return { kind: 'none' };
}

/** How specific a matching path is: its length without a trailing slash (Prefix `/a/` is `/a`). */
function effectiveLength(c: Candidate): number {
  return c.pathType === 'Prefix' ? c.path.replace(/\/+$/, '').length : c.path.length;
}
