import type { Namespace } from '../../types/core.ts';
import { admitCreate, checkBodyFields, fieldValidationOf } from '../admission.ts';
import { badRequest, forbidden, isAlreadyExists, notFound, type StatusError } from '../errors.ts';
import { fillCreateMeta, generateName } from '../object-meta.ts';
import type { ResourceRequest } from '../request.ts';
import { namespaces } from '../resources.ts';
import type { ApiResponse } from '../types.ts';
import { decodeObject } from './body.ts';
import { admitDefaultIngressClass } from './default-ingress-class.ts';
import { admitStorage } from './storage-admission.ts';
import { resourceAdmission } from '../quota/resource-admission.ts';
import { created, type ServerContext } from './context.ts';

/** The apiserver retries a colliding generated name this many times. */
const generateNameAttempts = 8;

/** POST to a collection: decode, admit, and store a new object (201 Created). */
export async function handleCreate(ctx: ServerContext, r: ResourceRequest): Promise<ApiResponse> {
  const info = r.resource;
  const body = decodeObject(info, r.body, r.namespace);
  const warnings = checkBodyFields(info, body, fieldValidationOf(r.query));
  if (body.metadata.resourceVersion) {
    throw badRequest('resourceVersion should not be set on objects to be created');
  }
  if (info.namespaced)
    await checkNamespaceAcceptsCreate(ctx, r, body.metadata.namespace!, body.metadata.name ?? '');
  await admitDefaultIngressClass(ctx, info, body);
  await admitStorage(ctx, info, body);
  // LimitRanger and ResourceQuota, with the namespace's LimitRanges read once for all attempts.
  const resources = info.namespaced
    ? await resourceAdmission(ctx, info, body.metadata.namespace!)
    : undefined;

  const registry = ctx.registry(info);
  const generated = !body.metadata.name && !!body.metadata.generateName;
  // A retry with another generated name starts again from the request as it came.
  const pristine = generated ? structuredClone(body) : undefined;
  for (let attempt = 1; ; attempt++) {
    const object = attempt === 1 ? body : structuredClone(pristine!);
    if (generated) object.metadata.name = generateName(body.metadata.generateName!, ctx.random);
    registry.strategy.prepareForCreate(object);
    fillCreateMeta(object.metadata, ctx.clock.now(), ctx.random, info.tracksGeneration);
    const dryRun = r.query.dryRun === 'All';
    const beginCreate = registry.hooks.beginCreate;
    const finish = admitCreate(
      info,
      object,
      beginCreate && ((o) => beginCreate(o, dryRun)),
      resources?.mutate,
    );
    try {
      await resources?.validate(object, undefined, dryRun);
    } catch (err) {
      finish?.(false);
      throw err;
    }
    if (dryRun) {
      finish?.(false);
      return created(object, warnings);
    }
    try {
      const stored = await registry.create(object);
      finish?.(true);
      return created(stored, warnings);
    } catch (err) {
      finish?.(false);
      if (!(generated && isAlreadyExists(err))) throw err;
      if (attempt >= generateNameAttempts) {
        const e = err as StatusError;
        e.status.message = `${e.status.message}, the server was not able to generate a unique name for the object`;
        throw e;
      }
    }
  }
}

/** The NamespaceLifecycle admission plugin: no new content in a missing or terminating namespace. */
async function checkNamespaceAcceptsCreate(
  ctx: ServerContext,
  r: ResourceRequest,
  namespace: string,
  name: string,
): Promise<void> {
  const ns = (await ctx.registry(namespaces).tryGet(undefined, namespace)) as Namespace | undefined;
  if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
  if (ns.metadata.deletionTimestamp && r.resource.resource !== 'events') {
    throw forbidden(
      { group: r.resource.group, resource: r.resource.resource },
      name,
      `unable to create new content in namespace ${namespace} because it is being terminated`,
    );
  }
}
