import { expect } from '@esm-bundle/chai';
import { cronjobs, jobs, type ResourceInfo } from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { EventRecorder } from '../../../src/kernel/client/event-recorder.ts';
import type { CronJob, Job } from '../../../src/kernel/types/batch.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

async function setStatus(k: KubectlHarness, info: ResourceInfo, name: string, status: unknown) {
  const current = await k.client.get(info, 'default', name);
  await k.client.updateStatus(info, { ...current, status });
}

/**
 * Jobs and CronJobs in each display state, created at 2026-01-01T00:00:00Z (no controllers
 * run: the statuses are written as the controllers would), read five minutes later.
 */
async function cluster(): Promise<KubectlHarness> {
  const k = await startKubectl();
  const t0 = k.clock.now();
  const at = (s: number) => rfc3339(t0 + s * 1000);
  const cond = (type: string, reason: string, message: string, s: number) => ({
    type,
    status: 'True',
    lastProbeTime: at(s),
    lastTransitionTime: at(s),
    reason,
    message,
  });

  await k.run('create job pi --image=pi:1.0 -- pi 2000');
  await setStatus(k, jobs, 'pi', {
    startTime: at(1),
    completionTime: at(66),
    succeeded: 1,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: [
      cond(
        'SuccessCriteriaMet',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        66,
      ),
      cond('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', 66),
    ],
  });
  k.files.set(
    'work.yaml',
    `apiVersion: batch/v1
kind: Job
metadata:
  name: work
spec:
  completions: 5
  parallelism: 2
  completionMode: Indexed
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 100
  template:
    metadata:
      labels:
        app: work
    spec:
      containers:
      - name: worker
        image: hello:1.0
      restartPolicy: OnFailure
`,
  );
  await k.run('create -f work.yaml');
  await setStatus(k, jobs, 'work', {
    startTime: at(2),
    active: 2,
    ready: 1,
    succeeded: 2,
    completedIndexes: '0,2',
    terminating: 0,
    uncountedTerminatedPods: {},
  });
  await k.client.create(jobs, 'default', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'queue' },
    spec: {
      parallelism: 3,
      suspend: true,
      template: {
        spec: { containers: [{ name: 'q', image: 'ticker:1.0' }], restartPolicy: 'Never' },
      },
    },
  } satisfies Job);
  await setStatus(k, jobs, 'queue', {
    conditions: [{ ...cond('Suspended', 'JobSuspended', 'Job suspended', 3) }],
  });
  await k.run('create job broken --image=crasher:1.0');
  await setStatus(k, jobs, 'broken', {
    startTime: at(4),
    failed: 7,
    conditions: [
      cond(
        'FailureTarget',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
        200,
      ),
      cond('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', 200),
    ],
  });

  await k.run('create cronjob hello --image=busybox:1.28 --schedule="*/1 * * * *" -- date');
  await k.client.create(cronjobs, 'default', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly' },
    spec: {
      schedule: '0 3 * * *',
      timeZone: 'Europe/Paris',
      suspend: true,
      startingDeadlineSeconds: 30,
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          template: {
            spec: { containers: [{ name: 'backup', image: 'hello:1.0' }], restartPolicy: 'Never' },
          },
        },
      },
    },
  } satisfies CronJob);
  await setStatus(k, cronjobs, 'hello', {
    lastScheduleTime: at(240),
    active: [{ kind: 'Job', namespace: 'default', name: 'hello-29455204', apiVersion: 'batch/v1' }],
  });
  await k.clock.advance(5 * 60_000);
  return k;
}

describe('kubectl and Jobs/CronJobs', () => {
  let k: KubectlHarness;
  before(async () => {
    k = await cluster();
  });

  it('creates Jobs and CronJobs as kubectl create does', async () => {
    const pi = await k.client.get<Job>(jobs, 'default', 'pi');
    expect(pi.spec.template.spec.containers).to.deep.equal([
      {
        name: 'pi',
        image: 'pi:1.0',
        command: ['pi', '2000'],
        imagePullPolicy: 'IfNotPresent',
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ]);
    expect(pi.spec.template.spec.restartPolicy).to.equal('Never');
    const hello = await k.client.get<CronJob>(cronjobs, 'default', 'hello');
    expect(hello.spec.schedule).to.equal('*/1 * * * *');
    expect(hello.spec.jobTemplate.metadata?.name).to.equal('hello');
    expect(hello.spec.jobTemplate.spec.template.spec.restartPolicy).to.equal('OnFailure');
    expect(hello.spec.jobTemplate.spec.template.spec.containers[0]).to.include({
      name: 'hello',
      image: 'busybox:1.28',
    });
    expect(hello.spec.jobTemplate.spec.template.spec.containers[0].command).to.deep.equal(['date']);
  });

  const cases: { line: string; stdout?: string; stderr?: string; exitCode?: number }[] = [
    {
      line: 'get jobs',
      stdout: lines(
        'NAME     STATUS      COMPLETIONS   DURATION   AGE',
        'broken   Failed      0/1           4m56s      5m',
        'pi       Complete    1/1           65s        5m',
        'queue    Suspended   0/1 of 3                 5m',
        'work     Running     2/5           4m58s      5m',
      ),
    },
    {
      line: 'get job work -o wide',
      stdout: lines(
        'NAME   STATUS    COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES      SELECTOR',
        'work   Running   2/5           4m58s      5m    worker       hello:1.0   batch.kubernetes.io/controller-uid=UID',
      ),
    },
    {
      line: 'get cronjobs',
      stdout: lines(
        'NAME      SCHEDULE      TIMEZONE       SUSPEND   ACTIVE   LAST SCHEDULE   AGE',
        'hello     */1 * * * *   <none>         False     1        60s             5m',
        'nightly   0 3 * * *     Europe/Paris   True      0        <none>          5m',
      ),
    },
    {
      line: 'get cj hello -o wide',
      stdout: lines(
        'NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE   CONTAINERS   IMAGES         SELECTOR',
        'hello   */1 * * * *   <none>     False     1        60s             5m    hello        busybox:1.28   <none>',
      ),
    },
    {
      line: 'get all',
      stdout: lines(
        'NAME                    SCHEDULE      TIMEZONE       SUSPEND   ACTIVE   LAST SCHEDULE   AGE',
        'cronjob.batch/hello     */1 * * * *   <none>         False     1        60s             5m',
        'cronjob.batch/nightly   0 3 * * *     Europe/Paris   True      0        <none>          5m',
        '',
        'NAME               STATUS      COMPLETIONS   DURATION   AGE',
        'job.batch/broken   Failed      0/1           4m56s      5m',
        'job.batch/pi       Complete    1/1           65s        5m',
        'job.batch/queue    Suspended   0/1 of 3                 5m',
        'job.batch/work     Running     2/5           4m58s      5m',
      ),
    },
    {
      line: 'api-resources --api-group=batch',
      stdout: lines(
        'NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND',
        'cronjobs   cj           batch/v1     true         CronJob',
        'jobs                    batch/v1     true         Job',
      ),
    },
    {
      line: 'create job x',
      stderr: 'error: either --image or --from must be specified\n',
      exitCode: 1,
    },
    {
      line: 'create job x --image=a --from=cronjob/hello',
      stderr: 'error: either --image or --from must be specified\n',
      exitCode: 1,
    },
    {
      line: 'create job x --from=cronjob/hello -- date',
      stderr: 'error: cannot specify --from and command\n',
      exitCode: 1,
    },
    {
      line: 'create job x --from=cronjob/nope',
      stderr: 'Error from server (NotFound): cronjobs.batch "nope" not found\n',
      exitCode: 1,
    },
    {
      line: 'create job pi --image=pi:1.0',
      stderr: 'error: failed to create job: jobs.batch "pi" already exists\n',
      exitCode: 1,
    },
    {
      line: 'create cronjob x',
      stderr: 'error: required flag(s) "image", "schedule" not set\n',
      exitCode: 1,
    },
    {
      line: 'create cronjob x --image=a --schedule=never',
      stderr:
        'error: failed to create cronjob: CronJob.batch "x" is invalid: spec.schedule: Invalid value: "never": expected exactly 5 fields, found 1: [never]\n',
      exitCode: 1,
    },
    {
      line: 'create cj x --image=a --schedule=@hourly --restart=Always',
      stderr:
        'error: failed to create cronjob: CronJob.batch "x" is invalid: spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"\n',
      exitCode: 1,
    },
  ];
  for (const c of cases) {
    it(c.line, async () => {
      const uid = (await k.client.get<Job>(jobs, 'default', 'work')).metadata.uid ?? '';
      const result = await k.run(c.line);
      expect({
        ...result,
        stdout: result.stdout.split(uid).join('UID'),
      }).to.deep.equal({
        stdout: c.stdout ?? '',
        stderr: c.stderr ?? '',
        exitCode: c.exitCode ?? 0,
      });
    });
  }

  it('explains the batch kinds', async () => {
    const { stdout } = await k.run('explain cronjob.spec');
    expect(stdout.startsWith('GROUP:      batch\nKIND:       CronJob\nVERSION:    v1\n')).to.equal(
      true,
    );
    expect(stdout).to.include('  schedule\t<string> -required-\n');
    expect((await k.run('explain jobs.spec.template.spec.restartPolicy')).exitCode).to.equal(0);
  });

  it('creates a Job from a CronJob', async () => {
    expect(await k.run('create job manual --from=cronjob/hello')).to.deep.equal({
      stdout: 'job.batch/manual created\n',
      stderr: '',
      exitCode: 0,
    });
    const hello = await k.client.get<CronJob>(cronjobs, 'default', 'hello');
    const job = await k.client.get<Job>(jobs, 'default', 'manual');
    expect(job.metadata.annotations).to.deep.equal({
      'cronjob.kubernetes.io/instantiate': 'manual',
    });
    expect(job.metadata.ownerReferences).to.deep.equal([
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: hello.metadata.uid },
    ]);
    expect(job.spec.template.spec.containers[0].command).to.deep.equal(['date']);
    await k.client.delete(jobs, 'default', 'manual', { propagationPolicy: 'Background' });
  });

  it('describes a Job', async () => {
    const job = await k.client.get<Job>(jobs, 'default', 'work');
    await new EventRecorder(k.client, k.clock, 'job-controller').record(
      job,
      'Normal',
      'SuccessfulCreate',
      'Created pod: work-0-abcde',
    );
    const uid = job.metadata.uid ?? '';
    const { stdout, exitCode } = await k.run('describe job work');
    expect(exitCode).to.equal(0);
    expect(stdout.split(uid).join('UID')).to.equal(
      lines(
        'Name:                        work',
        'Namespace:                   default',
        'Selector:                    batch.kubernetes.io/controller-uid=UID',
        'Labels:                      app=work',
        'Annotations:                 <none>',
        'Parallelism:                 2',
        'Completions:                 5',
        'Completion Mode:             Indexed',
        'Suspend:                     false',
        'Backoff Limit:               6',
        'TTL Seconds After Finished:  100',
        'Start Time:                  Thu, 01 Jan 2026 00:00:02 +0000',
        'Active Deadline Seconds:     600s',
        'Pods Statuses:               2 Active (1 Ready) / 2 Succeeded / 0 Failed',
        'Completed Indexes:           0,2',
        'Pod Template:',
        '  Labels:  app=work',
        '           batch.kubernetes.io/controller-uid=UID',
        '           batch.kubernetes.io/job-name=work',
        '           controller-uid=UID',
        '           job-name=work',
        '  Containers:',
        '   worker:',
        '    Image:         hello:1.0',
        '    Port:          <none>',
        '    Host Port:     <none>',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Events:',
        '  Type    Reason            Age   From            Message',
        '  ----    ------            ----  ----            -------',
        '  Normal  SuccessfulCreate  0s    job-controller  Created pod: work-0-abcde',
      ),
    );
  });

  it('describes a finished Job with its duration', async () => {
    const { stdout } = await k.run('describe job pi');
    expect(stdout).to.include(
      lines(
        'Start Time:       Thu, 01 Jan 2026 00:00:01 +0000',
        'Completed At:     Thu, 01 Jan 2026 00:01:06 +0000',
        'Duration:         65s',
        'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed',
      ),
    );
  });

  it('describes a CronJob', async () => {
    const { stdout, exitCode } = await k.run('describe cronjob hello');
    expect(exitCode).to.equal(0);
    expect(stdout).to.equal(
      lines(
        'Name:                          hello',
        'Namespace:                     default',
        'Labels:                        <none>',
        'Annotations:                   <none>',
        'Schedule:                      */1 * * * *',
        'Concurrency Policy:            Allow',
        'Suspend:                       False',
        'Successful Job History Limit:  3',
        'Failed Job History Limit:      1',
        'Starting Deadline Seconds:     <unset>',
        'Selector:                      <unset>',
        'Parallelism:                   <unset>',
        'Completions:                   <unset>',
        'Pod Template:',
        '  Labels:  <none>',
        '  Containers:',
        '   hello:',
        '    Image:      busybox:1.28',
        '    Port:       <none>',
        '    Host Port:  <none>',
        '    Command:',
        '      date',
        '    Environment:     <none>',
        '    Mounts:          <none>',
        '  Volumes:           <none>',
        '  Node-Selectors:    <none>',
        '  Tolerations:       <none>',
        'Last Schedule Time:  Thu, 01 Jan 2026 00:04:00 +0000',
        'Active Jobs:         hello-29455204',
        'Events:              <none>',
      ),
    );
  });
});
