import type { KubeObject } from '../../types/meta.ts';
import { badRequest, gone, isGone, tooLargeResourceVersion } from '../errors.ts';
import type { ResourceRequest } from '../request.ts';
import { groupVersion } from '../resources.ts';
import type { ApiResponse } from '../types.ts';
import { ok, type ServerContext } from './context.ts';
import { filterFor } from './selection.ts';

/** GET of one object (or of its `/status`, which is the same object). */
export async function handleGet(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  return ok(await ctx.registry(r.resource).get(r.namespace, r.name!));
}

interface ContinueToken {
  /** The revision the first page was read at; later pages read the same snapshot. */
  rv: number;
  /** The last name returned (namespace/name for lists across namespaces). */
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return btoa(JSON.stringify(token));
}

function decodeContinue(value: string): ContinueToken {
  try {
    const token = JSON.parse(atob(value)) as ContinueToken;
    if (typeof token.rv === 'number' && typeof token.start === 'string') return token;
  } catch {
    // fall through to the error below
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function sortKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/**
 * GET of a collection, filtered by label and field selectors, optionally in pages (`limit`
 * and `continue`, all pages read at the first page's revision). The list's
 * metadata.resourceVersion is where a watch should start.
 */
export async function handleList(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  const info = r.resource;
  const matches = filterFor(info, r.query);
  const limit = r.query.limit ? Number(r.query.limit) : 0;
  const token = r.query.continue ? decodeContinue(r.query.continue) : undefined;
  let listing: { items: KubeObject[]; revision: number };
  try {
    listing = await ctx.registry(info).list(r.namespace, token?.rv ?? exactRevision(ctx, r));
  } catch (err) {
    if (token && isGone(err)) {
      throw gone(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue value from the response to resume.',
      );
    }
    throw err;
  }
  let items = listing.items.filter(matches).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  if (token) items = items.filter((o) => sortKey(o) > token.start);
  const metadata: Record<string, unknown> = { resourceVersion: String(listing.revision) };
  if (limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    metadata.continue = encodeContinue({
      rv: listing.revision,
      start: sortKey(page[page.length - 1]),
    });
    metadata.remainingItemCount = items.length - limit;
    items = page;
  }
  return ok({ apiVersion: groupVersion(info), kind: info.listKind, metadata, items });
}

/**
 * The revision a list must be read at, from `resourceVersion` and `resourceVersionMatch` (the
 * apiserver's rules): unset or "0" reads the latest state, as does NotOlderThan (the latest
 * is never older); Exact reads that revision, or fails 410 Expired once it is compacted. A
 * revision the store has not reached is a 504 Timeout, as the apiserver gives up waiting.
 */
function exactRevision(ctx: ServerContext, r: ResourceRequest): number | undefined {
  const rv = r.query.resourceVersion;
  const match = r.query.resourceVersionMatch;
  if (match && !rv) {
    throw badRequest(
      'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
  }
  if (match && match !== 'Exact' && match !== 'NotOlderThan') {
    throw badRequest(
      `resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`,
    );
  }
  if (!rv || rv === '0') return undefined;
  const revision = Number(rv);
  if (!Number.isInteger(revision) || revision < 0)
    throw badRequest(`invalid resource version: ${rv}`);
  const current = ctx.store.revision();
  if (revision > current) throw tooLargeResourceVersion(revision, current);
  return match === 'Exact' ? revision : undefined;
}
