/**
 * `kubectl create quota|resourcequota NAME --hard=k=v,... [--scopes=A,B]`, building the quota
 * as kubectl's create_quota.go does (quantities parsed client-side, scopes left to the server).
 */
import { StatusError } from '../../api/errors.ts';
import { collectionPath, resourcequotas } from '../../api/resources.ts';
import type { ResourceQuota, ResourceQuotaScope } from '../../types/quota.ts';
import { namespaceOf, register, type Command } from '../command.ts';
import { KubectlError } from '../errors.ts';
import { resourceListFlag } from '../resource-list-flag.ts';
import { flagString } from '../flags.ts';
import { dryRunFlag, dryRunOf } from '../mutation-output.ts';
import { objectOutputFlag, objectPrinter } from '../print-flags.ts';
import { objectRef } from '../resource-types.ts';
import { createAt, oneName } from './create.ts';

/** parseScopes: any non-empty names (the server checks them). */
function parseScopes(spec: string): ResourceQuotaScope[] | undefined {
  if (spec === '') return undefined;
  return spec.split(',').map((scope) => {
    if (scope === '') throw new KubectlError('invalid resource quota scope ""');
    return scope as ResourceQuotaScope;
  });
}

const createQuota: Command = {
  path: ['create', 'quota'],
  short: 'Create a quota with the specified name',
  examples: `  # Create a new resource quota named my-quota
  kubectl create quota my-quota --hard=cpu=1,memory=1G,pods=2,services=3,replicationcontrollers=2,resourcequotas=1,secrets=5,persistentvolumeclaims=10

  # Create a new resource quota named best-effort
  kubectl create quota best-effort --hard=pods=100 --scopes=BestEffort`,
  flags: [
    {
      name: 'hard',
      type: 'string',
      usage: 'A comma-delimited set of resource=quantity pairs that define a hard limit.',
    },
    {
      name: 'scopes',
      type: 'string',
      usage:
        'A comma-delimited set of quota scopes that must all match each object tracked by the quota.',
    },
    dryRunFlag,
    objectOutputFlag,
  ],
  async run(ctx, args) {
    const name = oneName(args);
    const dryRun = dryRunOf(args);
    const print = await objectPrinter(ctx, args, 'created', dryRun);
    const hard = resourceListFlag(flagString(args, 'hard'));
    const scopes = parseScopes(flagString(args, 'scopes'));
    const quota: ResourceQuota = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name },
      spec: { ...(hard ? { hard } : {}), ...(scopes ? { scopes } : {}) },
      status: {},
    };
    const path = collectionPath(resourcequotas, namespaceOf(ctx, args));
    let result;
    try {
      result = await createAt(ctx, path, quota, dryRun);
    } catch (err) {
      const message = err instanceof StatusError ? err.status.message : (err as Error).message;
      throw new KubectlError(`failed to create quota: ${message}`);
    }
    ctx.stdout.write(print(result, objectRef(resourcequotas, name)));
    return 0;
  },
};

register(createQuota, { ...createQuota, path: ['create', 'resourcequota'] });
