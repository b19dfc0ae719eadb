import { parseImageReference, type ImageReference } from './image-reference.ts';
import { standIns, type StandIn, type StandInConfig } from './stand-ins.ts';

/**
 * Registries and paths that serve the same repositories under other names, mapped to the one
 * the stand-in table uses: Docker Hub's other hosts and mirrors, the old and new Kubernetes
 * registries, and the Google samples' registries. Longest prefix first.
 */
const ALIASES: readonly [from: string, to: string][] = [
  ['us-docker.pkg.dev/google-samples/containers/gke/', 'gcr.io/google-samples/'],
  ['public.ecr.aws/docker/library/', 'docker.io/library/'],
  ['gcr.io/google_containers/', 'registry.k8s.io/'],
  ['gcr.io/google-containers/', 'registry.k8s.io/'],
  ['gcr.io/google_samples/', 'gcr.io/google-samples/'],
  ['registry.hub.docker.com/', 'docker.io/'],
  ['registry-1.docker.io/', 'docker.io/'],
  ['mirror.gcr.io/', 'docker.io/'],
  ['k8s.gcr.io/', 'registry.k8s.io/'],
];

/**
 * The repository a reference names, in the stand-in table's form: `nginx`,
 * `registry.hub.docker.com/library/nginx` and `mirror.gcr.io/nginx` are all
 * `docker.io/library/nginx`; `k8s.gcr.io/echoserver` is `registry.k8s.io/echoserver`.
 */
export function canonicalRepository(ref: Pick<ImageReference, 'domain' | 'path'>): string {
  let repository = `${ref.domain}/${ref.path}`;
  for (const [from, to] of ALIASES) {
    if (repository.startsWith(from)) {
      repository = to + repository.slice(from.length);
      break;
    }
  }
  // Docker Hub's official images live under library/, whichever host named them.
  const hub = /^docker\.io\/([^/]+)$/.exec(repository);
  return hub ? `docker.io/library/${hub[1]}` : repository;
}

/** A stand-in found for a reference, with the image config for its tag. */
export interface StandInMatch {
  standIn: StandIn;
  /** The canonical repository (`docker.io/library/nginx`). */
  repository: string;
  config: StandInConfig;
}

/**
 * The stand-in for `image` (a reference as a pod names it, or one already parsed), or
 * undefined when no stand-in answers to its repository, the real repository has no such tag
 * (the stand-in's `tags` or `tagExists`), or it does not parse. A digest always matches.
 */
export function findStandIn(image: string | ImageReference): StandInMatch | undefined {
  const ref = typeof image === 'string' ? parseImageReference(image) : image;
  if ('error' in ref) return undefined;
  const repository = canonicalRepository(ref);
  const standIn = standIns.find((s) => s.repositories.includes(repository));
  if (!standIn) return undefined;
  const tag = ref.tag ?? (ref.digest ? undefined : 'latest');
  if (tag !== undefined) {
    if (standIn.tags && !standIn.tags.includes(tag)) return undefined;
    if (standIn.tagExists && !standIn.tagExists(tag, repository)) return undefined;
  }
  return { standIn, repository, config: standIn.config(ref.tag) };
}
