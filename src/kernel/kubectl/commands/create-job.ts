/**
 * `kubectl create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...]` and
 * `kubectl create cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...]`,
 * building the objects as kubectl's generators do.
 */
import { cronjobs, jobs } from '../../api/resources.ts';
import type { CronJob, Job } from '../../types/batch.ts';
import type { Container } from '../../types/core.ts';
import { namespaceOf, register, type Command } from '../command.ts';
import { KubectlError } from '../errors.ts';
import { flagString, type ParsedArgs } from '../flags.ts';
import { resolveResourceType } from '../resource-types.ts';
import { createGenerated, generatorFlags, oneName } from './create.ts';

/** The one container kubectl's batch generators make: named after the object. */
function container(name: string, image: string, args: ParsedArgs): Container {
  const command = args.afterDash ?? [];
  return { name, image, ...(command.length > 0 ? { command } : {}), resources: {} };
}

/** createJobFromCronJob: the CronJob's Job template, marked as started by hand. */
function jobFromCronJob(name: string, cj: CronJob): Job {
  const template = cj.spec.jobTemplate;
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      annotations: {
        'cronjob.kubernetes.io/instantiate': 'manual',
        ...template.metadata?.annotations,
      },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cj.metadata.name ?? '',
          uid: cj.metadata.uid ?? '',
        },
      ],
    },
    spec: structuredClone(template.spec),
  };
  if (template.metadata?.labels) job.metadata.labels = { ...template.metadata.labels };
  return job;
}

const createJob: Command = {
  path: ['create', 'job'],
  short: 'Create a job with the specified name',
  examples: `  # Create a job
  kubectl create job my-job --image=busybox

  # Create a job with a command
  kubectl create job my-job --image=busybox -- date

  # Create a job from a cron job named "a-cronjob"
  kubectl create job test-job --from=cronjob/a-cronjob`,
  flags: [
    { name: 'image', type: 'string', usage: 'Image name to run.' },
    {
      name: 'from',
      type: 'string',
      usage: 'The name of the resource to create a Job from (only cronjob is supported).',
    },
    ...generatorFlags,
  ],
  async run(ctx, args) {
    const name = oneName(args);
    const image = flagString(args, 'image');
    const from = flagString(args, 'from');
    if ((image === '') === (from === '')) {
      throw new KubectlError('either --image or --from must be specified');
    }
    if ((args.afterDash ?? []).length > 0 && from !== '') {
      throw new KubectlError('cannot specify --from and command');
    }
    let job: Job;
    if (image !== '') {
      job = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name },
        spec: {
          template: {
            metadata: {},
            spec: { containers: [container(name, image, args)], restartPolicy: 'Never' },
          },
        },
        status: {},
      };
    } else {
      const slash = from.indexOf('/');
      const info = resolveResourceType(slash < 0 ? from : from.slice(0, slash));
      if (slash < 0 || from.slice(slash + 1) === '') {
        throw new KubectlError('from must be an existing cronjob');
      }
      const source = await ctx.client.get<CronJob>(
        info,
        namespaceOf(ctx, args),
        from.slice(slash + 1),
      );
      if (info !== cronjobs) throw new KubectlError(`unknown object type *v1.${info.kind}`);
      job = jobFromCronJob(name, source);
    }
    return createGenerated(ctx, args, jobs, job, (m) => `failed to create job: ${m}`);
  },
};

const createCronJob: Command = {
  path: ['create', 'cronjob'],
  short: 'Create a cron job with the specified name',
  examples: `  # Create a cron job
  kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *"

  # Create a cron job with a command
  kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *" -- date`,
  flags: [
    { name: 'image', type: 'string', usage: 'Image name to run.' },
    {
      name: 'schedule',
      type: 'string',
      usage: 'A schedule in the Cron format the job should be run with.',
    },
    {
      name: 'restart',
      type: 'string',
      usage: "job's restart policy. supported values: OnFailure, Never",
    },
    ...generatorFlags,
  ],
  async run(ctx, args) {
    const missing = ['image', 'schedule'].filter((f) => !args.given.has(f));
    if (missing.length > 0) {
      throw new KubectlError(
        `required flag(s) ${missing.map((f) => JSON.stringify(f)).join(', ')} not set`,
      );
    }
    const name = oneName(args);
    const restart = flagString(args, 'restart') || 'OnFailure';
    const cronJob: CronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name },
      spec: {
        schedule: flagString(args, 'schedule'),
        jobTemplate: {
          metadata: { name },
          spec: {
            template: {
              metadata: {},
              spec: {
                containers: [container(name, flagString(args, 'image'), args)],
                restartPolicy: restart as 'OnFailure' | 'Never',
              },
            },
          },
        },
      },
      status: {},
    };
    return createGenerated(ctx, args, cronjobs, cronJob, (m) => `failed to create cronjob: ${m}`);
  },
};

register(createJob, createCronJob, { ...createCronJob, path: ['create', 'cj'] });
