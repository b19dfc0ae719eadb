import { findStandIn, type StandInMatch } from './find-stand-in.ts';
import { parseImageReference, type ImageReference } from './image-reference.ts';
import { standIns } from './stand-ins.ts';
import type { ImagePullFailure, ImageRegistry, ResolvedImage } from './types.ts';
import type { UserImages } from './user-images.ts';

/** One entry of `index.json` (written by scripts/build-images.mjs), keyed by `name:tag`. */
interface IndexEntry {
  file: string;
  digest: string;
  description?: string;
  /** The image is a WAGI handler (a `// wagi: true` line in its main.c). */
  wagi?: boolean;
}

interface ImageIndex {
  images: Record<string, IndexEntry>;
}

/** A fetched and compiled module, shared by every tag that names the same file. */
interface CompiledImage {
  module: WebAssembly.Module;
  bytes: Uint8Array;
  digest: string;
}

export interface BuiltinImageRegistryOptions {
  /** Fetch to use (tests count calls through it); the global fetch by default. */
  fetch?: (url: URL) => Promise<Response>;
  /** Modules users added (window.playground.images), looked up before the built-in ones. */
  userImages?: UserImages;
}

/** The image whose module runs the shell utilities of a stand-in that has a shell. */
export const toolboxImage = 'toolbox:1.0';

/**
 * The registry of built-in images: the WASI modules listed in `<base>/index.json`, the
 * stand-ins for well-known images (stand-ins.ts) that run some of them, and the modules users
 * added (user-images.ts). A user's module wins over a stand-in, and a stand-in over an index
 * entry of the same name.
 *
 * A stand-in answers to its repositories under any registry alias, with any tag or digest;
 * its image ID is `builtin://stand-in/<name>@<digest of the module>` and it carries the
 * image config (ENTRYPOINT, CMD, ENV) of the real image's tag.
 *
 * Naming rule for the index: a built-in image lives on Docker Hub's official namespace, so `ticker`,
 * `ticker:latest`, `library/ticker:latest`, `docker.io/library/ticker` and
 * `index.docker.io/library/ticker:latest` all name `ticker:latest`; a reference to any other
 * registry or namespace, or to a tag the index does not list, is not found. A reference with a
 * digest must match the image's digest.
 *
 * The index is fetched once; each module file is fetched and compiled once (the promise is
 * cached, so concurrent pulls share it) and its bytes are kept for memory-limited variants.
 */
export class BuiltinImageRegistry implements ImageRegistry {
  private readonly base: URL;
  private readonly fetcher: (url: URL) => Promise<Response>;
  private index?: Promise<ImageIndex>;
  private readonly compiled = new Map<string, Promise<CompiledImage>>();
  private readonly userImages?: UserImages;

  constructor(base: URL | string, options: BuiltinImageRegistryOptions = {}) {
    const url = new URL(base, globalThis.location?.href);
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.base = url;
    this.fetcher = options.fetch ?? ((u) => fetch(u));
    this.userImages = options.userImages;
  }

  /** Resolves `image` to its compiled module, or says why it cannot be pulled. */
  async pull(image: string): Promise<ResolvedImage | ImagePullFailure> {
    const ref = parseImageReference(image);
    if ('error' in ref) {
      return {
        image,
        reason: 'InvalidImageName',
        message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${ref.error}`,
      };
    }
    const uploaded = await this.pullUserImage(image, ref);
    if (uploaded) return uploaded;
    let index: ImageIndex;
    try {
      index = await this.loadIndex();
    } catch (err) {
      return pullError(
        image,
        ref.full,
        `failed to resolve reference "${ref.full}": ${describe(err)}`,
      );
    }
    const standIn = findStandIn(ref);
    if (standIn) return this.pullStandIn(image, ref, standIn, index);
    const name = ref.domain === 'docker.io' ? /^library\/([^/]+)$/.exec(ref.path)?.[1] : undefined;
    const key = name !== undefined ? findEntry(index, name, ref.tag, ref.digest) : undefined;
    if (key === undefined) return notFound(image, ref, index);
    let compiled: CompiledImage;
    try {
      compiled = await this.compile(index.images[key].file);
    } catch (err) {
      return pullError(image, ref.full, describe(err));
    }
    const imageName = key.slice(0, key.indexOf(':'));
    return {
      image,
      imageID: `builtin://${imageName}@${compiled.digest}`,
      module: compiled.module,
      bytes: compiled.bytes,
      ...(index.images[key].wagi === true ? { wagi: true } : {}),
    };
  }

  /** A stand-in's module, with the config of the real image's tag. */
  private async pullStandIn(
    image: string,
    ref: ImageReference,
    match: StandInMatch,
    index: ImageIndex,
  ): Promise<ResolvedImage | ImagePullFailure> {
    const entry = index.images[`${match.standIn.module}:1.0`];
    if (!entry) {
      return pullError(
        image,
        ref.full,
        `the built-in module ${match.standIn.module} of the stand-in for ${match.repository} ` +
          `is missing from ${this.base}index.json (run npm run build:images)`,
      );
    }
    let compiled: CompiledImage;
    try {
      compiled = await this.compile(entry.file);
    } catch (err) {
      return pullError(image, ref.full, describe(err));
    }
    return {
      image,
      imageID: `builtin://stand-in/${match.standIn.name}@${compiled.digest}`,
      module: compiled.module,
      bytes: compiled.bytes,
      config: {
        standIn: match.standIn.name,
        ...match.config,
        ...(match.standIn.shell ? { utilities: () => this.pull(toolboxImage) } : {}),
        ...(match.standIn.files ? { files: match.standIn.files(ref.tag) } : {}),
      },
    };
  }

  /** A module a user added under this name, compiled once per digest. */
  private async pullUserImage(
    image: string,
    ref: ImageReference,
  ): Promise<ResolvedImage | ImagePullFailure | undefined> {
    if (!this.userImages) return undefined;
    // Without IndexedDB (or with a broken one) there are just no added images.
    const found = await this.userImages.find(ref).catch(() => undefined);
    if (!found) return undefined;
    const stored = found;
    let compiled = this.compiled.get(stored.digest);
    if (!compiled) {
      compiled = WebAssembly.compile(stored.bytes as BufferSource).then((module) => ({
        module,
        bytes: stored.bytes,
        digest: stored.digest,
      }));
      this.compiled.set(stored.digest, compiled);
      compiled.catch(() => this.compiled.delete(stored.digest));
    }
    try {
      const { module, bytes, digest } = await compiled;
      return { image, imageID: `uploaded://${stored.repository}@${digest}`, module, bytes };
    } catch (err) {
      return pullError(
        image,
        ref.full,
        `the uploaded module is not valid WebAssembly: ${describe(err)}`,
      );
    }
  }

  /** The `name:tag` keys of every built-in image, sorted. */
  async list(): Promise<string[]> {
    return Object.keys((await this.loadIndex()).images).sort();
  }

  private loadIndex(): Promise<ImageIndex> {
    if (!this.index) {
      this.index = this.fetchOk(new URL('index.json', this.base)).then(async (response) => {
        const index = (await response.json()) as ImageIndex;
        if (!index || typeof index.images !== 'object') {
          throw new Error(`image index ${this.base}index.json has no "images" object`);
        }
        return index;
      });
      // A failed fetch is not cached: the next pull tries again.
      this.index.catch(() => (this.index = undefined));
    }
    return this.index;
  }

  private compile(file: string): Promise<CompiledImage> {
    let compiled = this.compiled.get(file);
    if (!compiled) {
      compiled = (async () => {
        const response = await this.fetchOk(new URL(file, this.base));
        const bytes = new Uint8Array(await response.arrayBuffer());
        const [module, hash] = await Promise.all([
          WebAssembly.compile(bytes),
          crypto.subtle.digest('SHA-256', bytes),
        ]);
        return { module, bytes, digest: `sha256:${hex(new Uint8Array(hash))}` };
      })();
      this.compiled.set(file, compiled);
      compiled.catch(() => this.compiled.delete(file));
    }
    return compiled;
  }

  private async fetchOk(url: URL): Promise<Response> {
    const response = await this.fetcher(url);
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${response.statusText}`);
    return response;
  }
}

/** The index key naming this image, honouring a digest when the reference pins one. */
function findEntry(
  index: ImageIndex,
  name: string,
  tag: string | undefined,
  digest: string | undefined,
): string | undefined {
  if (tag !== undefined) {
    const key = `${name}:${tag}`;
    const entry = index.images[key];
    if (!entry || (digest !== undefined && entry.digest !== digest)) return undefined;
    return key;
  }
  return Object.keys(index.images).find(
    (key) => key.startsWith(`${name}:`) && index.images[key].digest === digest,
  );
}

/** A pull that failed for another reason than a missing image: the app's server or a bad module. */
function pullError(image: string, full: string, cause: string): ImagePullFailure {
  return {
    image,
    reason: 'ErrImagePull',
    message: `failed to pull and unpack image "${full}": ${cause}`,
  };
}

/**
 * containerd's wording for a reference its registry does not have (what the kubelet shows
 * under ErrImagePull), followed by what is true here: that no stand-in answers to it, how to
 * add a module under that name, and which images exist.
 */
function notFound(image: string, ref: ImageReference, index: ImageIndex): ImagePullFailure {
  const full = ref.full;
  const name = shortName(ref);
  return {
    image,
    reason: 'ErrImagePull',
    message:
      `failed to pull and unpack image "${full}": failed to resolve reference "${full}": ` +
      `${full}: not found (no built-in stand-in for "${name}": upload a WASI module under ` +
      `that name with window.playground.images.add("${name}", bytes), or put its C source ` +
      `in wasm-apps/<name>/main.c and rebuild; the built-in images are ${builtinList(index)}; ` +
      `stand-ins (docs/images.md): ${standIns.map((s) => s.name).join(', ')})`,
  };
}

/** A reference as users write it: without docker.io/library/, with its tag or digest. */
function shortName(ref: ImageReference): string {
  const repository =
    ref.domain === 'docker.io' ? ref.path.replace(/^library\//, '') : `${ref.domain}/${ref.path}`;
  return `${repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/**
 * `crasher (1.0, latest), hello (1.0, latest), ...`: each built-in image with its own tags,
 * leaving out the programs that exist to back stand-ins (their descriptions say
 * `a stand-in for ...`), which users reach by the well-known names instead.
 */
export function builtinList(index: ImageIndex): string {
  const tags = new Map<string, string[]>();
  for (const [ref, entry] of Object.entries(index.images)) {
    if (entry.description?.startsWith('a stand-in for')) continue;
    const colon = ref.indexOf(':');
    const name = ref.slice(0, colon);
    tags.set(name, [...(tags.get(name) ?? []), ref.slice(colon + 1)]);
  }
  return [...tags.keys()]
    .sort()
    .map((name) => `${name} (${tags.get(name)!.sort().join(', ')})`)
    .join(', ');
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
