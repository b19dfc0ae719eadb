import type { Clock } from '../../clock/clock.ts';
import type { Store } from '../../store/types.ts';
import type { Random } from '../object-meta.ts';
import type { Registry } from '../registry.ts';
import type { ResourceInfo } from '../resources.ts';
import type { ApiResponse } from '../types.ts';

/** What request handlers share: storage per resource, the clock and randomness. */
export interface ServerContext {
  store: Store;
  clock: Clock;
  random: Random;
  /** Cluster-time milliseconds per declared second (grace periods). */
  declaredSecond: number;
  registry(info: ResourceInfo): Registry;
}

export function ok(body: unknown, warnings?: string[]): ApiResponse {
  return warnings?.length ? { status: 200, body, warnings } : { status: 200, body };
}

export function created(body: unknown, warnings?: string[]): ApiResponse {
  return warnings?.length ? { status: 201, body, warnings } : { status: 201, body };
}
