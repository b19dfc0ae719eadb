import { rfc3339 } from '../clock/clock.ts';
import type { KubeObject, ObjectMeta } from '../types/meta.ts';

/** The alphabet apimachinery's rand.String draws from (no vowels, no look-alikes). */
const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
const maxGeneratedNameLength = 63;
const randomLength = 5;

/** Draws random values; injected so tests can fix names and uids. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  uuid(): string;
}

export const cryptoRandom: Random = {
  next: () => crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32,
  uuid: () => crypto.randomUUID(),
};

/** `generateName` plus 5 random characters, the base cut to 58 characters (SimpleNameGenerator). */
export function generateName(base: string, random: Random): string {
  const trimmed =
    base.length > maxGeneratedNameLength - randomLength
      ? base.slice(0, maxGeneratedNameLength - randomLength)
      : base;
  let suffix = '';
  for (let i = 0; i < randomLength; i++) {
    suffix += nameAlphabet[Math.floor(random.next() * nameAlphabet.length)];
  }
  return trimmed + suffix;
}

/** Sets the fields the server owns on a new object: uid, creationTimestamp, generation. */
export function fillCreateMeta(
  meta: ObjectMeta,
  now: number,
  random: Random,
  tracksGeneration: boolean,
): void {
  meta.uid = random.uuid();
  meta.creationTimestamp = rfc3339(now);
  if (tracksGeneration) meta.generation = 1;
  else delete meta.generation;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.resourceVersion;
}

/** Server-owned metadata that an update may not change is copied from the stored object. */
export function keepSystemMeta(meta: ObjectMeta, old: ObjectMeta): void {
  meta.uid = old.uid;
  meta.creationTimestamp = old.creationTimestamp;
  meta.namespace = old.namespace;
  meta.name = old.name;
  if (old.generation !== undefined) meta.generation = old.generation;
  else delete meta.generation;
  if (old.deletionTimestamp !== undefined) meta.deletionTimestamp = old.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (old.deletionGracePeriodSeconds !== undefined) {
    meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  } else delete meta.deletionGracePeriodSeconds;
}

/** A deep copy of a JSON object. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Everything but metadata and status: what counts as "spec" for generation tracking. */
export function specPart(object: KubeObject): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) {
    if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') rest[k] = v;
  }
  return rest;
}
