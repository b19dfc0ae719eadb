/** core/v1 Endpoints defaulting (SetDefaults_Endpoints): every subset port is TCP unless given. */
import type { KubeObject } from '../../types/meta.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults an Endpoints object in place. */
export function defaultEndpoints(endpoints: KubeObject): void {
  if (!Array.isArray(endpoints.subsets)) return;
  for (const subset of endpoints.subsets) {
    if (!isObj(subset) || !Array.isArray(subset.ports)) continue;
    for (const port of subset.ports) if (isObj(port) && !port.protocol) port.protocol = 'TCP';
  }
}
