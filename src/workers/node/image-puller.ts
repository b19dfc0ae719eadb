import type { Clock } from '../../kernel/clock/clock.ts';
import type { Timing } from '../../kernel/clock/presets.ts';
import type { Container } from '../../kernel/types/core.ts';
import { isPullFailure, type ImageRegistry, type ResolvedImage } from '../runtime/types.ts';
import { BackOff } from './back-off.ts';
import { formatGoDuration } from '../../kernel/util/go-duration.ts';

/** Why an image is not there, as the container's waiting reason says it. */
export type PullFailureReason =
  'ErrImagePull' | 'ImagePullBackOff' | 'InvalidImageName' | 'ErrImageNeverPull';

export type PullResult = { image: ResolvedImage } | { reason: PullFailureReason; message: string };

/** Records an event about the container whose image is being pulled. */
export type PullEventSink = (type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** An image this node holds, as node status lists it. */
export interface NodeImage {
  names: string[];
  sizeBytes: number;
}

/**
 * The kubelet's image manager for one node: honours imagePullPolicy against the images the
 * node already holds, pulls through the registry with the kubelet's events (`Pulling`,
 * `Pulled`, `Failed`, `BackOff`) worded as its own, and backs off a pod's failing image
 * (10 s doubling to 5 min by Kubernetes' defaults) so a retry meanwhile is ImagePullBackOff.
 */
export class ImagePuller {
  private readonly present = new Map<string, ResolvedImage>();
  private readonly backOff: BackOff;
  private readonly lastFailure = new Map<string, string>();

  constructor(
    private readonly registry: ImageRegistry,
    private readonly clock: Clock,
    timing: Timing,
  ) {
    this.backOff = new BackOff(clock, timing.imagePullBackOffBase, timing.imagePullBackOffMax);
  }

  /** Makes sure the container's image is on the node, for the pod with `podUID`. */
  async ensure(podUID: string, container: Container, event: PullEventSink): Promise<PullResult> {
    const image = container.image ?? '';
    const policy = container.imagePullPolicy ?? defaultPullPolicy(image);
    const held = this.present.get(image);
    if (held && policy !== 'Always') {
      event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return { image: held };
    }
    if (policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      event('Warning', 'ErrImageNeverPull', message);
      return { reason: 'ErrImageNeverPull', message };
    }
    const key = `${podUID}_${image}`;
    if (this.backOff.isInBackOffSinceUpdate(key)) {
      const message = `Back-off pulling image "${image}"`;
      event('Normal', 'BackOff', message);
      const previous = this.lastFailure.get(key);
      return {
        reason: 'ImagePullBackOff',
        message: previous ? `${message}: ${previous}` : message,
      };
    }
    this.lastFailure.delete(key);
    event('Normal', 'Pulling', `Pulling image "${image}"`);
    const started = this.clock.now();
    const result = await this.registry.pull(image);
    if (isPullFailure(result)) {
      if (result.reason === 'InvalidImageName') {
        event('Warning', 'InspectFailed', result.message);
        return { reason: 'InvalidImageName', message: result.message };
      }
      event('Warning', 'Failed', `Failed to pull image "${image}": ${result.message}`);
      this.backOff.next(key, this.clock.now());
      this.lastFailure.set(key, `ErrImagePull: ${result.message}`);
      return { reason: 'ErrImagePull', message: result.message };
    }
    const took = formatGoDuration(Math.floor(this.clock.now() - started));
    event(
      'Normal',
      'Pulled',
      `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${result.bytes.byteLength} bytes.`,
    );
    this.backOff.forget();
    this.present.set(image, result);
    return { image: result };
  }

  /** The images the node holds, one entry per image ID, for node status. */
  images(): NodeImage[] {
    const byId = new Map<string, NodeImage>();
    for (const [name, image] of this.present) {
      const entry = byId.get(image.imageID) ?? {
        names: [image.imageID],
        sizeBytes: image.bytes.byteLength,
      };
      entry.names.push(name);
      byId.set(image.imageID, entry);
    }
    return [...byId.values()];
  }
}

/** The API server's default: Always for `:latest` or an untagged image, else IfNotPresent. */
function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}
