import { expect } from '@esm-bundle/chai';
import type { StatusError } from '../../../../src/kernel/api/errors.ts';
import { jobs, pods } from '../../../../src/kernel/api/resources.ts';
import type { Job } from '../../../../src/kernel/types/batch.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

type Obj = Record<string, unknown>;

/** The docs' pi Job (content/en/examples/controllers/job.yaml), with the image of this cluster. */
function piJob(): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi' },
    spec: {
      template: {
        spec: {
          containers: [{ name: 'pi', image: 'pi:1.0', command: ['pi', '2000'] }],
          restartPolicy: 'Never',
        },
      },
      backoffLimit: 4,
    },
  };
}

async function createError(api: TestApi, job: Job): Promise<StatusError> {
  try {
    await api.client.create(jobs, 'default', job);
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('created');
}

describe('Job API', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });

  it('defaults the spec and generates the selector and pod labels from the uid', async () => {
    const job = await api.client.create<Job>(jobs, 'default', piJob());
    const uid = job.metadata.uid!;
    const labels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    };
    expect(job.spec).to.deep.include({
      backoffLimit: 4,
      completions: 1,
      parallelism: 1,
      completionMode: 'NonIndexed',
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    });
    expect(job.spec.template.metadata?.labels).to.deep.equal(labels);
    expect(job.spec.template.spec.restartPolicy).to.equal('Never');
    expect(job.spec.template.spec.dnsPolicy).to.equal('ClusterFirst');
    // A Job without labels reads back with its template's, generated ones included.
    expect(job.metadata.labels).to.deep.equal(labels);
    expect(job.metadata.generation).to.equal(1);
    expect(job.status).to.equal(undefined);
  });

  it('gives the Job the labels of its template when it has none', async () => {
    const job = piJob();
    job.spec.template.metadata = { labels: { app: 'pi' } };
    const created = await api.client.create<Job>(jobs, 'default', job);
    expect(created.metadata.labels).to.deep.equal({ app: 'pi' });
    expect(created.spec.template.metadata?.labels?.app).to.equal('pi');
  });

  it('defaults parallelism alone when completions is set, and backoffLimit per index', async () => {
    const job = piJob();
    delete job.spec.backoffLimit;
    Object.assign(job.spec, { completions: 5, completionMode: 'Indexed', backoffLimitPerIndex: 1 });
    const created = await api.client.create<Job>(jobs, 'default', job);
    expect(created.spec.parallelism).to.equal(1);
    expect(created.spec.completions).to.equal(5);
    expect(created.spec.backoffLimit).to.equal(2147483647);
  });

  const invalidCases: { name: string; change: (j: Job) => void; message: string }[] = [
    {
      name: 'no restartPolicy (defaulted to Always)',
      change: (j) => delete j.spec.template.spec.restartPolicy,
      message:
        'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    },
    {
      name: 'restartPolicy Always',
      change: (j) => (j.spec.template.spec.restartPolicy = 'Always'),
      message:
        'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    },
    {
      name: 'negative counts',
      change: (j) => Object.assign(j.spec, { parallelism: -1, backoffLimit: -2 }),
      message:
        'Job.batch "pi" is invalid: [spec.parallelism: Invalid value: -1: must be greater than or equal to 0, spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0]',
    },
    {
      name: 'unknown completion mode',
      change: (j) => Object.assign(j.spec, { completionMode: 'Sometimes' }),
      message:
        'Job.batch "pi" is invalid: spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"',
    },
    {
      name: 'Indexed without completions',
      change: (j) => Object.assign(j.spec, { completionMode: 'Indexed', parallelism: 2 }),
      message:
        'Job.batch "pi" is invalid: spec.completions: Required value: when completion mode is Indexed',
    },
    {
      name: 'a selector the generated labels do not satisfy',
      change: (j) => (j.spec.selector = { matchLabels: { app: 'other' } }),
      message:
        'Job.batch "pi" is invalid: [spec.selector: Invalid value: {"matchLabels":{"app":"other","batch.kubernetes.io/controller-uid":"UID"}}: `selector` not auto-generated, spec.template.metadata.labels: Invalid value: {"batch.kubernetes.io/controller-uid":"UID","batch.kubernetes.io/job-name":"pi","controller-uid":"UID","job-name":"pi"}: `selector` does not match template `labels`]',
    },
    {
      name: 'a manual selector without matching labels',
      change: (j) =>
        Object.assign(j.spec, { manualSelector: true, selector: { matchLabels: { a: 'b' } } }),
      message:
        'Job.batch "pi" is invalid: spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`',
    },
    {
      name: 'podReplacementPolicy Failed only with a pod failure policy',
      change: (j) => Object.assign(j.spec, { podReplacementPolicy: 'Sometimes' }),
      message:
        'Job.batch "pi" is invalid: spec.podReplacementPolicy: Unsupported value: "Sometimes": supported values: "Failed", "TerminatingOrFailed"',
    },
  ];
  for (const c of invalidCases) {
    it(`refuses ${c.name}`, async () => {
      const job = piJob();
      c.change(job);
      const err = await createError(api, job);
      expect(err.status.reason).to.equal('Invalid');
      expect(err.status.code).to.equal(422);
      const uids = err.status.message?.match(/[0-9a-f]{8}-[0-9a-f-]{27}/) ?? [];
      let message = err.status.message ?? '';
      for (const uid of uids) message = message.split(uid).join('UID');
      expect(message).to.equal(c.message);
    });
  }

  it('accepts a manual selector that matches the template', async () => {
    const job = piJob();
    job.spec.manualSelector = true;
    job.spec.selector = { matchLabels: { app: 'pi' } };
    job.spec.template.metadata = { labels: { app: 'pi' } };
    const created = await api.client.create<Job>(jobs, 'default', job);
    expect(created.spec.selector).to.deep.equal({ matchLabels: { app: 'pi' } });
    expect(created.spec.template.metadata?.labels).to.deep.equal({ app: 'pi' });
  });

  it('refuses an Indexed Job whose last pod hostname is not a DNS label', async () => {
    const job = piJob();
    job.metadata.name = 'a'.repeat(62);
    Object.assign(job.spec, { completionMode: 'Indexed', completions: 10 });
    const err = await createError(api, job);
    expect(err.status.details?.causes?.[0]).to.deep.include({
      field: 'metadata.name',
      message: `Invalid value: "${'a'.repeat(62)}": will not able to create pod with invalid DNS label: ${'a'.repeat(62)}-9`,
    });
  });

  it('keeps the template and selector immutable, but lets a suspended Job change labels', async () => {
    const job = piJob();
    job.spec.suspend = true;
    await api.client.create(jobs, 'default', job);
    // Suspended and never started: template labels may change.
    await api.client.patch(jobs, 'default', 'pi', {
      spec: { template: { metadata: { labels: { extra: 'yes' } } } },
    });
    await api.client.patch(jobs, 'default', 'pi', { spec: { suspend: false } });
    try {
      await api.client.patch(jobs, 'default', 'pi', {
        spec: { template: { spec: { containers: [{ name: 'pi', image: 'pi:2.0' }] } } },
      });
      expect.fail('patched');
    } catch (err) {
      const status = (err as StatusError).status;
      expect(status.reason).to.equal('Invalid');
      expect(status.details?.causes?.map((c) => c.field)).to.deep.equal(['spec.template']);
      expect(status.details?.causes?.[0].message).to.match(/: field is immutable$/);
    }
    try {
      await api.client.patch(jobs, 'default', 'pi', {
        spec: { selector: { matchLabels: { extra: 'yes' } } },
      });
      expect.fail('patched');
    } catch (err) {
      const fields = (err as StatusError).status.details?.causes?.map((c) => c.field);
      expect(fields).to.include('spec.selector');
    }
    try {
      await api.client.patch(jobs, 'default', 'pi', { spec: { completions: 3 } });
      expect.fail('patched');
    } catch (err) {
      const causes = (err as StatusError).status.details?.causes ?? [];
      expect(causes).to.deep.include({
        reason: 'FieldValueInvalid',
        field: 'spec.completions',
        message: 'Invalid value: 3: field is immutable',
      });
    }
  });

  it('lets an Indexed Job change completions only together with parallelism', async () => {
    const job = piJob();
    Object.assign(job.spec, { completionMode: 'Indexed', completions: 3, parallelism: 3 });
    await api.client.create(jobs, 'default', job);
    const scaled = await api.client.patch<Job>(jobs, 'default', 'pi', {
      spec: { completions: 5, parallelism: 5 },
    });
    expect(scaled.spec.completions).to.equal(5);
    try {
      await api.client.patch(jobs, 'default', 'pi', { spec: { completions: 6 } });
      expect.fail('patched');
    } catch (err) {
      expect((err as StatusError).status.details?.causes).to.deep.include({
        reason: 'FieldValueInvalid',
        field: 'spec.completions',
        message: 'Invalid value: 6: can only be modified in tandem with spec.parallelism',
      });
    }
  });

  it('keeps status out of create and spec out of a status update', async () => {
    const job = piJob() as Job & Obj;
    job.status = { succeeded: 3 };
    const created = await api.client.create<Job>(jobs, 'default', job);
    expect(created.status).to.equal(undefined);
    const updated = await api.client.updateStatus<Job>(jobs, {
      ...created,
      spec: { ...created.spec, backoffLimit: 1 },
      status: { active: 1 },
    });
    expect(updated.status).to.deep.equal({ active: 1 });
    expect(updated.spec.backoffLimit).to.equal(4);
  });

  it('orphans the pods of a Job deleted without a propagation policy', async () => {
    const job = await api.client.create<Job>(jobs, 'default', piJob());
    await api.client.delete(jobs, 'default', 'pi');
    // An orphaning delete waits for the garbage collector's orphan finalizer to clear.
    const stored = await api.client.get<Job>(jobs, 'default', 'pi');
    expect(stored.metadata.finalizers).to.deep.equal(['orphan']);
    expect(stored.metadata.uid).to.equal(job.metadata.uid);
    expect((await api.client.list(pods, 'default')).items).to.have.length(0);
  });
});
