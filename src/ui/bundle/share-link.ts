/**
 * Share links: a page URL that carries a cluster's manifests, compressed (deflate-raw) and
 * base64url-encoded in its fragment (`#bundle=...`), which browsers never send to a server,
 * and the tutorial position (`?tutorial=...&step=...`), the only query parameters it keeps.
 */

/** The fragment parameter holding the compressed manifests. */
export const bundleParam = 'bundle';
/** Query parameters a share link keeps from the page's URL. */
export const sharedQueryParams = ['tutorial', 'step'];

/** The link to `page` (its origin, path and tutorial position) that opens with `manifests`. */
export async function shareLink(page: string | URL, manifests: string): Promise<string> {
  const from = new URL(page);
  const url = new URL(from.pathname, from.origin);
  for (const name of sharedQueryParams) {
    const value = from.searchParams.get(name);
    if (value !== null) url.searchParams.set(name, value);
  }
  url.hash = `${bundleParam}=${await deflateToBase64Url(manifests)}`;
  return url.href;
}

/**
 * The manifests a share link carries, or undefined when `url` is not one. Rejects with an
 * Error when it is one but its data is damaged (a truncated copy).
 */
export async function sharedManifests(url: string | URL): Promise<string | undefined> {
  const fragment = new URL(url).hash.replace(/^#/, '');
  const data = new URLSearchParams(fragment).get(bundleParam);
  if (data === null) return undefined;
  try {
    return await inflateFromBase64Url(data);
  } catch {
    throw new Error('the shared link is damaged (was it cut short when copied?)');
  }
}

/** `url` without the share fragment (what the address bar shows once the link is handled). */
export function withoutSharedManifests(url: string | URL): string {
  const next = new URL(url);
  const params = new URLSearchParams(next.hash.replace(/^#/, ''));
  params.delete(bundleParam);
  next.hash = params.toString();
  return next.href.replace(/#$/, '');
}

/** `text` compressed with deflate-raw, as base64url without padding. */
export async function deflateToBase64Url(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text deflateToBase64Url encoded; rejects on data that is not such an encoding. */
export async function inflateFromBase64Url(data: string): Promise<string> {
  const binary = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new TextDecoder('utf-8', { fatal: true }).decode(await new Response(stream).arrayBuffer());
}
