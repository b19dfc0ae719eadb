/**
 * Image references parsed and normalized as the kubelet and containerd do (the
 * distribution/reference grammar): `ticker` is `docker.io/library/ticker:latest`,
 * `me/app:2` is `docker.io/me/app:2`, `index.docker.io` is `docker.io`, and a first path
 * component with a `.` or `:` (or `localhost`) is a registry host.
 */

/** A parsed, normalized image reference. */
export interface ImageReference {
  /** Registry host, `docker.io` by default. */
  domain: string;
  /** Repository path within the registry: `library/ticker` for a Docker Hub official name. */
  path: string;
  /** The tag; `latest` when the reference gave neither tag nor digest. */
  tag?: string;
  /** `sha256:<hex>` when the reference pins a digest. */
  digest?: string;
  /** The fully qualified form containerd prints: `docker.io/library/ticker:latest`. */
  full: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const MAX_NAME_LENGTH = 255;

/**
 * Parses `image` (as written in a pod spec) into its normalized reference, or returns the
 * reason it is invalid, worded as the reference parser words it (`invalid reference format`,
 * with the lowercase rule spelled out when that is what broke).
 */
export function parseImageReference(image: string): ImageReference | { error: string } {
  const invalid = { error: 'invalid reference format' };
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return invalid;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return invalid;
  }
  if (rest.length === 0) return invalid;

  let domain = 'docker.io';
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    const isHost =
      first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first !== first.toLowerCase();
    if (isHost) {
      if (!DOMAIN.test(first)) return invalid;
      domain = first === 'index.docker.io' ? 'docker.io' : first;
      path = rest.slice(slash + 1);
    }
  }
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (path !== path.toLowerCase()) {
    const lower = path.toLowerCase().split('/');
    if (lower.every((c) => PATH_COMPONENT.test(c))) {
      return { error: `invalid reference format: repository name (${path}) must be lowercase` };
    }
    return invalid;
  }
  if (!path.split('/').every((c) => PATH_COMPONENT.test(c))) return invalid;
  if (`${domain}/${path}`.length > MAX_NAME_LENGTH) {
    return { error: `repository name must not be more than ${MAX_NAME_LENGTH} characters` };
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  const full = `${domain}/${path}${tag !== undefined ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { domain, path, tag, digest, full };
}
