/**
 * `kubectl set resources (TYPE NAME | TYPE/NAME | -l SELECTOR) [-c CONTAINERS]
 * [--limits=...] [--requests=...]`, as kubectl's set_resources.go: the quantities are parsed
 * client-side, each selected container's lists gain (or replace) the given entries, and the
 * change is sent as a strategic merge patch of the pod template.
 */
import { canonicalQuantity } from '../../api/quantity.ts';
import type { Container, ResourceList } from '../../types/core.ts';
import { register } from '../command.ts';
import { KubectlError } from '../errors.ts';
import { resourceListFlag } from '../resource-list-flag.ts';
import { flagBool, flagString } from '../flags.ts';
import {
  applyChanges,
  commonFlags,
  goType,
  podSpecOf,
  selectString,
  targetsFor,
  type Change,
} from './set.ts';

/** The entries of `wanted` that `current` lacks or holds with another value. */
function changedEntries(current: ResourceList | undefined, wanted: ResourceList | undefined) {
  const out: ResourceList = {};
  for (const [name, value] of Object.entries(wanted ?? {})) {
    const now = current?.[name];
    if (now === undefined || canonicalQuantity(now) !== value) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** One container's patch element (merge key `name`), or undefined when nothing changes. */
function containerPatch(c: Container, limits?: ResourceList, requests?: ResourceList) {
  const resources: { limits?: ResourceList; requests?: ResourceList } = {};
  const newLimits = changedEntries(c.resources?.limits, limits);
  const newRequests = changedEntries(c.resources?.requests, requests);
  if (newLimits) resources.limits = newLimits;
  if (newRequests) resources.requests = newRequests;
  return newLimits || newRequests ? { name: c.name, resources } : undefined;
}

register({
  path: ['set', 'resources'],
  short: 'Update resource requests/limits on objects with pod templates',
  examples:
    '  # Set a deployments nginx container cpu limits to "200m" and memory to "512Mi"\n  kubectl set resources deployment nginx -c=nginx --limits=cpu=200m,memory=512Mi\n\n  # Set the resource request and limits for all containers in nginx\n  kubectl set resources deployment nginx --limits=cpu=200m,memory=512Mi --requests=cpu=100m,memory=256Mi\n\n  # Remove the resource requests for resources on containers in nginx\n  kubectl set resources deployment nginx --limits=cpu=0,memory=0 --requests=cpu=0,memory=0',
  flags: [
    ...commonFlags,
    {
      name: 'containers',
      short: 'c',
      type: 'string',
      default: '*',
      usage:
        'The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards',
    },
    {
      name: 'limits',
      type: 'string',
      usage:
        "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.",
    },
    {
      name: 'requests',
      type: 'string',
      usage:
        "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.",
    },
  ],
  async run(ctx, args) {
    const targets = await targetsFor(ctx, args, args.positionals);
    if (flagBool(args, 'all') && flagString(args, 'selector'))
      throw new KubectlError('cannot set --all and --selector at the same time');
    const limitsFlag = flagString(args, 'limits');
    const requestsFlag = flagString(args, 'requests');
    if (limitsFlag === '' && requestsFlag === '')
      throw new KubectlError(
        'you must specify an update to requests or limits (in the form of --requests/--limits)',
      );
    const limits = resourceListFlag(limitsFlag);
    const requests = resourceListFlag(requestsFlag);
    const selector = flagString(args, 'containers');

    const errors: Error[] = [];
    const changes = targets.map(({ info, object }) => {
      const place = podSpecOf(object);
      let change: Change;
      if (!place) {
        change = {
          error: new Error(
            `the object is not a pod or does not have a pod template: ${goType(info)}`,
          ),
        };
        return { info, object, change };
      }
      const patch: Record<string, unknown[]> = {};
      let selected = 0;
      for (const field of ['containers', 'initContainers'] as const) {
        for (const c of place.spec[field] ?? []) {
          if (!selectString(c.name, selector)) continue;
          selected++;
          const element = containerPatch(c, limits, requests);
          if (element) (patch[field] ??= []).push(element);
        }
      }
      if (selected === 0)
        errors.push(new Error(`error: unable to find container named ${selector}`));
      change = { patch: Object.keys(patch).length > 0 ? place.wrap(patch) : undefined };
      return { info, object, change };
    });
    return applyChanges(
      ctx,
      changes,
      'resource requirements updated',
      // set_resources.go's own wording, without the colon of the image and env commands.
      'failed to patch resources update to pod template ',
      errors,
    );
  },
});
