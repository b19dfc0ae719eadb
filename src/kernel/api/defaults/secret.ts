/** Secret defaulting (SetDefaults_Secret): a Secret without a type is Opaque. */
import type { KubeObject } from '../../types/meta.ts';

/** Defaults a Secret in place. */
export function defaultSecret(secret: KubeObject): void {
  if (typeof secret.type !== 'string' || secret.type === '') secret.type = 'Opaque';
}
