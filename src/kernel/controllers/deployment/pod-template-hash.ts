import type { PodTemplateSpec } from '../../types/apps.ts';

/** The label a Deployment adds to each ReplicaSet's selector, template and pods. */
export const podTemplateHashLabel = 'pod-template-hash';

/** apimachinery's rand alphabet: no vowels, no look-alike characters. */
const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** 32-bit FNV-1a over bytes, continuing from `hash` (the offset basis by default). */
export function fnv32a(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash;
  for (const byte of bytes) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: maps each character into the alphabet, so no bad words can appear. */
export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += alphanums[text.charCodeAt(i) % alphanums.length];
  return out;
}

/** JSON with object keys sorted at every level and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * controller.ComputeHash: the pod-template-hash of a Deployment's template. Kubernetes hashes
 * the Go-printed template with FNV-32a, then the collision count as 8 little-endian bytes, and
 * writes the decimal number through SafeEncodeString; here the template's canonical JSON is
 * hashed instead (the bytes cannot match Go's printer), which keeps the same shape of name
 * (`75675f5897`: 9–10 characters from `4-9bcdf`) and the same stability: equal templates,
 * equal hashes; a bumped collisionCount, a new hash.
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return safeEncodeString(String(hash));
}
