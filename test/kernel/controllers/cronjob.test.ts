import { expect } from '@esm-bundle/chai';
import {
  cronjobs,
  events as eventsResource,
  jobs,
  pods,
} from '../../../src/kernel/api/resources.ts';
import { Client } from '../../../src/kernel/client/client.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { kubernetesDefaults } from '../../../src/kernel/clock/presets.ts';
import { CronJobController } from '../../../src/kernel/controllers/cronjob.ts';
import { GarbageCollector } from '../../../src/kernel/controllers/garbage-collector.ts';
import { JobController } from '../../../src/kernel/controllers/job.ts';
import { ControllerManager } from '../../../src/kernel/controllers/manager.ts';
import type { CronJob, CronJobSpec, Job } from '../../../src/kernel/types/batch.ts';
import type { Event, Pod } from '../../../src/kernel/types/core.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';

const start = Date.UTC(2026, 0, 1);
const minute = 60_000;
/** The Job name for the run scheduled `n` minutes after the start: `<cronjob>-<minutes since epoch>`. */
const runName = (cj: string, n: number) => `${cj}-${start / minute + n}`;

function cronJob(name: string, spec: Partial<CronJobSpec> = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '* * * * *',
      jobTemplate: {
        metadata: { labels: { app: name }, annotations: { note: 'from template' } },
        spec: {
          template: {
            spec: {
              containers: [{ name: 'hello', image: 'hello:1.0' }],
              restartPolicy: 'OnFailure',
            },
          },
        },
      },
      ...spec,
    },
  };
}

describe('CronJob controller', () => {
  let api: TestApi;
  let manager: ControllerManager | undefined;

  beforeEach(async () => {
    api = await startTestApi();
  });

  afterEach(() => manager?.stop());

  async function startControllers() {
    manager = new ControllerManager({
      client: new Client(api.server),
      clock: api.clock,
      timing: kubernetesDefaults,
    });
    manager.add(new CronJobController());
    manager.add(new JobController());
    manager.add(new GarbageCollector());
    await manager.start();
  }

  async function until(predicate: () => Promise<boolean> | boolean, limitMs = 5 * minute) {
    for (let elapsed = 0; elapsed <= limitMs; elapsed += 500) {
      if (await predicate()) return;
      await api.clock.advance(500);
    }
    throw new Error(`not reached within ${limitMs} ms of cluster time`);
  }

  async function jobNames(): Promise<string[]> {
    const list = await api.client.list<Job>(jobs, 'default');
    return list.items
      .filter((j) => !j.metadata.deletionTimestamp)
      .map((j) => j.metadata.name ?? '')
      .sort();
  }

  async function getCronJob(name: string): Promise<CronJob> {
    return api.client.get<CronJob>(cronjobs, 'default', name);
  }

  async function eventsFor(name: string, reason: string): Promise<Event[]> {
    const list = await api.client.list<Event>(eventsResource, 'default');
    return list.items.filter((e) => e.involvedObject.name === name && e.reason === reason);
  }

  /** Finishes every running pod of the Job as the kubelet would report it. */
  async function finishJob(jobName: string, code = 0) {
    await until(async () => {
      const list = await api.client.list<Pod>(pods, 'default', {
        labelSelector: `job-name=${jobName}`,
      });
      return list.items.length > 0;
    });
    const list = await api.client.list<Pod>(pods, 'default', {
      labelSelector: `job-name=${jobName}`,
    });
    const now = rfc3339(api.clock.now());
    for (const pod of list.items) {
      await api.client.updateStatus(pods, {
        ...pod,
        status: {
          phase: code === 0 ? 'Succeeded' : 'Failed',
          containerStatuses: [
            {
              name: 'hello',
              ready: false,
              restartCount: 0,
              image: 'hello:1.0',
              imageID: '',
              state: { terminated: { exitCode: code, startedAt: now, finishedAt: now } },
            },
          ],
        },
      });
    }
  }

  async function jobFinished(jobName: string): Promise<boolean> {
    const job = await api.client.get<Job>(jobs, 'default', jobName);
    return (job.status?.conditions ?? []).some(
      (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
  }

  it('defaults the CronJob and refuses a bad schedule with the cron library message', async () => {
    const created = await api.client.create<CronJob>(cronjobs, 'default', cronJob('hello'));
    expect(created.spec).to.deep.include({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    // The Job template's own spec gets no Job defaults.
    expect(created.spec.jobTemplate.spec.backoffLimit).to.equal(undefined);
    expect(created.spec.jobTemplate.spec.template.spec.dnsPolicy).to.equal('ClusterFirst');
    const cases: [Partial<CronJobSpec>, string][] = [
      [
        { schedule: '* * * *' },
        'CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]',
      ],
      [
        { schedule: 'CRON_TZ=UTC * * * * *' },
        'CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "CRON_TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ],
      [
        { timeZone: 'Mars/Olympus' },
        'CronJob.batch "bad" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
      ],
      [
        { concurrencyPolicy: 'Sometimes' as 'Allow' },
        'CronJob.batch "bad" is invalid: spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      ],
    ];
    for (const [spec, message] of cases) {
      try {
        await api.client.create(cronjobs, 'default', cronJob('bad', spec));
        expect.fail('created');
      } catch (err) {
        expect((err as { status: { message: string } }).status.message).to.equal(message);
      }
    }
    const long = cronJob('c'.repeat(53));
    try {
      await api.client.create(cronjobs, 'default', long);
      expect.fail('created');
    } catch (err) {
      expect((err as { status: { message: string } }).status.message).to.equal(
        `CronJob.batch "${'c'.repeat(53)}" is invalid: metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`,
      );
    }
  });

  it('creates <cronjob>-<minutes> at each scheduled time and records the runs', async () => {
    await startControllers();
    const cj = await api.client.create<CronJob>(cronjobs, 'default', cronJob('hello'));
    await api.clock.advance(50_000);
    expect(await jobNames()).to.deep.equal([]);
    await until(async () => (await jobNames()).length === 1);
    expect(api.clock.now() - start).to.be.within(minute, minute + 1_000);
    const job = await api.client.get<Job>(jobs, 'default', runName('hello', 1));
    expect(job.metadata.labels).to.deep.include({ app: 'hello' });
    expect(job.metadata.annotations).to.deep.equal({
      note: 'from template',
      'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T00:01:00Z',
    });
    expect(job.metadata.ownerReferences).to.deep.equal([
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        name: 'hello',
        uid: cj.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(job.spec.backoffLimit).to.equal(6);
    await until(async () => (await getCronJob('hello')).status?.active?.length === 1);
    let status = (await getCronJob('hello')).status;
    expect(status?.lastScheduleTime).to.equal('2026-01-01T00:01:00Z');
    expect(status?.active?.[0]).to.deep.include({
      kind: 'Job',
      apiVersion: 'batch/v1',
      name: runName('hello', 1),
      namespace: 'default',
      uid: job.metadata.uid,
    });
    const [created] = await eventsFor('hello', 'SuccessfulCreate');
    expect(created).to.deep.include({
      type: 'Normal',
      message: `Created job ${runName('hello', 1)}`,
    });
    expect(created.source?.component).to.equal('cronjob-controller');

    await finishJob(runName('hello', 1));
    await until(() => jobFinished(runName('hello', 1)));
    await until(async () => (await getCronJob('hello')).status?.lastSuccessfulTime !== undefined);
    status = (await getCronJob('hello')).status;
    expect(status?.active).to.equal(undefined);
    const [saw] = await eventsFor('hello', 'SawCompletedJob');
    expect(saw.message).to.equal(`Saw completed job: ${runName('hello', 1)}, condition: Complete`);
    await until(async () => (await jobNames()).length === 2);
    expect(await jobNames()).to.deep.equal([runName('hello', 1), runName('hello', 2)]);
  });

  it('keeps successfulJobsHistoryLimit finished Jobs, deleting the oldest', async () => {
    await startControllers();
    await api.client.create(
      cronjobs,
      'default',
      cronJob('hist', { successfulJobsHistoryLimit: 2 }),
    );
    for (let n = 1; n <= 4; n++) {
      await until(async () => (await jobNames()).includes(runName('hist', n)));
      await finishJob(runName('hist', n));
      await until(() => jobFinished(runName('hist', n)));
    }
    await until(async () => (await jobNames()).length === 2);
    expect(await jobNames()).to.deep.equal([runName('hist', 3), runName('hist', 4)]);
    const deleted = (await eventsFor('hist', 'SuccessfulDelete')).map((e) => e.message).sort();
    expect(deleted).to.deep.equal([
      `Deleted job ${runName('hist', 1)}`,
      `Deleted job ${runName('hist', 2)}`,
    ]);
  });

  it('Allow runs a new Job while the previous one is still active', async () => {
    await startControllers();
    await api.client.create(cronjobs, 'default', cronJob('allow'));
    await until(async () => (await jobNames()).length === 2, 3 * minute);
    expect((await getCronJob('allow')).status?.active).to.have.length(2);
  });

  it('Forbid skips a run while the previous one is active', async () => {
    await startControllers();
    await api.client.create(
      cronjobs,
      'default',
      cronJob('forbid', { concurrencyPolicy: 'Forbid' }),
    );
    await until(async () => (await jobNames()).length === 1);
    await until(async () => (await eventsFor('forbid', 'JobAlreadyActive')).length > 0, 2 * minute);
    const [skipped] = await eventsFor('forbid', 'JobAlreadyActive');
    expect(skipped.message).to.equal(
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    expect(await jobNames()).to.deep.equal([runName('forbid', 1)]);
    // Once it finished, the next scheduled time starts a new run.
    await finishJob(runName('forbid', 1));
    await until(async () => (await jobNames()).length === 2, 2 * minute);
  });

  it('Replace deletes the active Job and starts the new run', async () => {
    await startControllers();
    await api.client.create(
      cronjobs,
      'default',
      cronJob('replace', { concurrencyPolicy: 'Replace' }),
    );
    await until(async () => (await jobNames()).length === 1);
    await until(async () => (await jobNames()).includes(runName('replace', 2)), 2 * minute);
    await until(async () => (await jobNames()).length === 1);
    expect(await jobNames()).to.deep.equal([runName('replace', 2)]);
    const [deleted] = await eventsFor('replace', 'SuccessfulDelete');
    expect(deleted.message).to.equal(`Deleted job ${runName('replace', 1)}`);
    expect((await getCronJob('replace')).status?.active?.map((r) => r.name)).to.deep.equal([
      runName('replace', 2),
    ]);
  });

  it('starts nothing while suspended', async () => {
    await startControllers();
    await api.client.create(cronjobs, 'default', cronJob('off', { suspend: true }));
    await api.clock.advance(3 * minute);
    expect(await jobNames()).to.deep.equal([]);
    await api.client.patch(cronjobs, 'default', 'off', { spec: { suspend: false } });
    // Resuming catches up on the most recent missed run.
    await until(async () => (await jobNames()).length === 1, 10_000);
    expect(await jobNames()).to.deep.equal([runName('off', 3)]);
  });

  it('skips runs missed by more than startingDeadlineSeconds', async () => {
    await api.client.create(cronjobs, 'default', cronJob('late', { startingDeadlineSeconds: 20 }));
    await api.client.create(cronjobs, 'default', cronJob('catchup'));
    // The controller manager comes up 5.5 minutes late.
    await api.clock.advance(5.5 * minute);
    await startControllers();
    await until(async () => (await jobNames()).length === 1, 10_000);
    // Without a deadline the most recent missed run starts at once; with one, it waits.
    expect(await jobNames()).to.deep.equal([runName('catchup', 5)]);
    await until(async () => (await jobNames()).includes(runName('late', 6)), minute);
  });

  it('reads the schedule in spec.timeZone', async () => {
    await startControllers();
    await api.client.create(
      cronjobs,
      'default',
      cronJob('tokyo', { schedule: '30 9 * * *', timeZone: 'Asia/Tokyo' }),
    );
    // 09:30 in Tokyo is 00:30 UTC.
    await api.clock.advance(29 * minute);
    expect(await jobNames()).to.deep.equal([]);
    await until(async () => (await jobNames()).length === 1, 2 * minute);
    const [name] = await jobNames();
    expect(name).to.equal(runName('tokyo', 30));
    const job = await api.client.get<Job>(jobs, 'default', name);
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).to.equal(
      '2026-01-01T09:30:00+09:00',
    );
  });
});
