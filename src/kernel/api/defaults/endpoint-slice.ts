/**
 * discovery/v1 EndpointSlice defaulting (SetDefaults_EndpointPort): every port gets a name
 * ("" when none) and protocol TCP unless given.
 */
import type { KubeObject } from '../../types/meta.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults an EndpointSlice in place. */
export function defaultEndpointSlice(slice: KubeObject): void {
  if (!Array.isArray(slice.ports)) return;
  for (const port of slice.ports) {
    if (!isObj(port)) continue;
    if (port.name === undefined || port.name === null) port.name = '';
    if (!port.protocol) port.protocol = 'TCP';
  }
}
