import { internalError, isConflict, isStatus, StatusError } from '../../api/errors.ts';
import { builtinResources, objectPath, type ResourceInfo } from '../../api/resources.ts';
import type { Client } from '../../client/client.ts';
import type { Scale } from '../../types/autoscaling.ts';

/** retry.DefaultRetry's steps, for a scale update that conflicts. */
const scaleUpdateAttempts = 5;

/** The Status error an API answer carries. */
function statusError(body: unknown): StatusError {
  return isStatus(body)
    ? new StatusError(body)
    : internalError(`unexpected response ${JSON.stringify(body)}`);
}

/**
 * The resource serving a scale target's group and kind, as the REST mapper finds it (any
 * version); a bad apiVersion or an unknown kind fails with the mapper's wording.
 */
export function scaleTargetResource(apiVersion: string | undefined, kind: string): ResourceInfo {
  const parts = (apiVersion ?? '').split('/');
  if (parts.length > 2) throw new Error(`unexpected GroupVersion string: ${apiVersion ?? ''}`);
  const group = parts.length === 2 ? parts[0] : '';
  const info = builtinResources.find((r) => r.group === group && r.kind === kind && !r.storedAs);
  if (!info) throw new Error(`no matches for kind "${kind}" in group "${group}"`);
  return info;
}

/** GET of the target's scale subresource; the API's Status error when it fails. */
export async function getScale(
  client: Client,
  info: ResourceInfo,
  namespace: string,
  name: string,
): Promise<Scale> {
  const response = await client.api.handle({
    verb: 'GET',
    path: objectPath(info, namespace, name, 'scale'),
  });
  if (response.status >= 300) throw statusError(response.body);
  return response.body as Scale;
}

/**
 * Sets spec.replicas through the scale subresource (PUT with the scale's resourceVersion),
 * re-reading the scale and trying again on conflicts, as RetryOnConflict does.
 */
export async function updateScale(
  client: Client,
  info: ResourceInfo,
  scale: Scale,
  namespace: string,
  name: string,
  replicas: number,
): Promise<void> {
  let current = scale;
  for (let attempt = 1; ; attempt++) {
    const response = await client.api.handle({
      verb: 'PUT',
      path: objectPath(info, namespace, name, 'scale'),
      body: { ...current, spec: { ...current.spec, replicas } },
    });
    if (response.status < 300) return;
    const err = statusError(response.body);
    if (!isConflict(err) || attempt >= scaleUpdateAttempts) throw err;
    try {
      current = await getScale(client, info, namespace, name);
    } catch {
      // Try again with what we have; the update answers for itself.
    }
  }
}
