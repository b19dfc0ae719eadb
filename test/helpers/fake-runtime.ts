import type {
  ContainerExit,
  ContainerRuntime,
  ContainerStartSpec,
  ImagePullFailure,
  ImageRegistry,
  LogStream,
  ResolvedImage,
  RunningContainer,
} from '../../src/workers/runtime/types.ts';
import {
  joinVolumePath,
  normalizeVolumePath,
  type VolumeChange,
} from '../../src/workers/runtime/fs/fs-protocol.ts';
import { VolumeData } from '../../src/workers/node/volumes/volume-data.ts';

/** The smallest valid WebAssembly module: what a fake image "contains". */
const emptyModule = new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));

interface FakeImage {
  imageID: string;
  bytes: Uint8Array;
}

/**
 * An image registry for tests: images exist once added, pulls of an image can be held until
 * released, and every pull is counted.
 */
export class FakeImageRegistry implements ImageRegistry {
  readonly pulls: string[] = [];
  private readonly images = new Map<string, FakeImage>();
  private readonly invalid = new Set<string>();
  private readonly held = new Map<string, { promise: Promise<void>; release: () => void }>();

  /** Makes `image` pullable, `size` bytes large. */
  add(image: string, size = 1024): void {
    const name = image.replace(/:.*$/, '');
    const digest = `sha256:${[...name]
      .map((c) => c.charCodeAt(0).toString(16))
      .join('')
      .padEnd(64, '0')
      .slice(0, 64)}`;
    this.images.set(image, { imageID: `builtin://${name}@${digest}`, bytes: new Uint8Array(size) });
  }

  remove(image: string): void {
    this.images.delete(image);
  }

  /** Makes `image` a reference that cannot be parsed. */
  markInvalid(image: string): void {
    this.invalid.add(image);
  }

  /** Pulls of `image` wait until the returned function is called. */
  hold(image: string): () => void {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held.set(image, { promise, release });
    return () => {
      this.held.delete(image);
      release();
    };
  }

  async pull(image: string): Promise<ResolvedImage | ImagePullFailure> {
    this.pulls.push(image);
    await this.held.get(image)?.promise;
    if (this.invalid.has(image)) {
      return {
        image,
        reason: 'InvalidImageName',
        message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`,
      };
    }
    const found = this.images.get(image);
    if (!found) {
      return {
        image,
        reason: 'ErrImagePull',
        message: `failed to resolve reference "docker.io/library/${image}": not found`,
      };
    }
    return { image, imageID: found.imageID, module: emptyModule, bytes: found.bytes };
  }
}

/** A container the test drives: it logs and exits when told to. */
export class FakeContainer implements RunningContainer {
  readonly containerID: string;
  readonly startedAt = Date.now();
  readonly exited: Promise<ContainerExit>;
  /** How it ended, once it has. */
  ended?: ContainerExit;
  private finish!: (exit: ContainerExit) => void;

  constructor(
    readonly spec: ContainerStartSpec,
    private readonly onLog: (stream: LogStream, text: string) => void,
  ) {
    this.containerID = spec.containerID;
    this.exited = new Promise((resolve) => (this.finish = resolve));
    for (const v of spec.filesystem?.volumes ?? [])
      this.volumes.set(v.id, new VolumeData(v.entries));
  }

  /** The value of an environment variable it was started with. */
  env(name: string): string | undefined {
    return this.spec.env.find(([key]) => key === name)?.[1];
  }

  /** Writes output, as the program would. */
  log(text: string, stream: LogStream = 'stdout'): void {
    if (!this.ended) this.onLog(stream, text);
  }

  /** Ends on its own with `exitCode`. */
  exit(exitCode: number, reason?: ContainerExit['reason'], message?: string): void {
    this.end({
      exitCode,
      reason: reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
      ...(message ? { message } : {}),
      finishedAt: Date.now(),
    });
  }

  kill(reason?: string): void {
    this.end({
      exitCode: 137,
      reason: 'Error',
      signal: 9,
      ...(reason ? { message: reason } : {}),
      finishedAt: Date.now(),
    });
  }

  /** Its program handles SIGTERM: `stop` ends it Completed with exit code 0, not killed. */
  stopsOnSigterm = false;

  /** How the runtime stops it (RunningContainer.stop): exit 0 when it handles SIGTERM. */
  stop(reason?: string): void {
    if (this.stopsOnSigterm) this.exit(0);
    else this.kill(reason);
  }

  /** Network messages for the program are dropped: a fake container has no network. */
  network(): void {}

  /** Its copy of each volume it mounts, as its program would see them. */
  readonly volumes = new Map<string, VolumeData>();
  /** Every change others made that reached it, in order. */
  readonly volumeChanges: { volume: string; change: VolumeChange }[] = [];

  volumeChanged(volume: string, change: VolumeChange): void {
    if (this.ended) return;
    this.volumeChanges.push({ volume, change });
    this.volumes.get(volume)?.apply(change);
  }

  /** The file at an absolute path of the container, as text; undefined when there is none. */
  read(path: string): string | undefined {
    const at = this.resolve(path);
    const bytes = at && this.volumes.get(at.volume)?.file(at.path);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  /** Writes a whole file at an absolute path, as its program would (reported to the node). */
  write(path: string, content: string): void {
    const at = this.resolve(path);
    if (!at) throw new Error(`${path} is in no mount`);
    const changes: VolumeChange[] = [
      { op: 'resize', path: at.path, size: 0 },
      { op: 'write', path: at.path, offset: 0, data: new TextEncoder().encode(content) },
    ];
    for (const change of changes) {
      this.volumes.get(at.volume)?.apply(change);
      this.spec.filesystem?.changed(at.volume, change);
    }
  }

  /** The mount (longest prefix) and path in its volume of an absolute path. */
  private resolve(path: string): { volume: string; path: string } | undefined {
    const wanted = normalizeVolumePath(path) ?? '';
    let best: { volume: string; path: string } | undefined;
    let bestLength = -1;
    for (const mount of this.spec.filesystem?.mounts ?? []) {
      const at = normalizeVolumePath(mount.path) ?? '';
      const within = at === '' || wanted === at || wanted.startsWith(`${at}/`);
      if (!within || at.length <= bestLength) continue;
      const rest = at === '' ? wanted : wanted.slice(at.length + 1);
      const base = normalizeVolumePath(mount.subPath ?? '') ?? '';
      best = { volume: mount.volume, path: joinVolumePath(base, rest) };
      bestLength = at.length;
    }
    return best;
  }

  memoryBytes(): number {
    return 65536;
  }

  /** CPU nanoseconds it reports: tests set this to what its program would have used. */
  cpuUsageNanos = 0;

  cpuNanos(): number {
    return this.cpuUsageNanos;
  }

  get running(): boolean {
    return !this.ended;
  }

  private end(exit: ContainerExit): void {
    if (this.ended) return;
    this.ended = exit;
    this.finish(exit);
  }
}

/** A container runtime whose containers do nothing until the test tells them to. */
export class FakeRuntime implements ContainerRuntime {
  readonly containers: FakeContainer[] = [];
  /** Set to make the next start fail with this message. */
  failNextStart?: string;

  async start(
    spec: ContainerStartSpec,
    onLog: (stream: LogStream, text: string) => void,
  ): Promise<RunningContainer> {
    if (this.failNextStart) {
      const message = this.failNextStart;
      this.failNextStart = undefined;
      throw new Error(message);
    }
    const container = new FakeContainer(spec, onLog);
    this.containers.push(container);
    return container;
  }

  /** Containers still running. */
  running(): FakeContainer[] {
    return this.containers.filter((c) => c.running);
  }

  /** The container with this ID (as pod status reports it). */
  byId(containerID: string | undefined): FakeContainer {
    const found = this.containers.find((c) => c.containerID === containerID);
    if (!found) throw new Error(`no container ${containerID}`);
    return found;
  }

  /** Containers of the pod whose hostname (pod name) is `pod`, in start order; optionally only one image's. */
  of(pod: string, image?: string): FakeContainer[] {
    return this.containers.filter(
      (c) => c.env('HOSTNAME') === pod && (image === undefined || c.spec.image.image === image),
    );
  }

  /** Kills every container, as a terminated node worker takes its containers with it. */
  killAll(): void {
    for (const c of this.running()) c.kill();
  }
}
