import { expect } from '@esm-bundle/chai';
import { invalid } from '../../../../src/kernel/api/errors.ts';
import { validateCreate, validateUpdate } from '../../../../src/kernel/api/validation/index.ts';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';
import { fields, messages, stored, validDeployment } from './fixtures.ts';

type Obj = Record<string, unknown>;
const spec = (d: KubeObject): Obj => d.spec as Obj;
const template = (d: KubeObject): Obj => spec(d).template as Obj;
const rolling = (d: KubeObject): Obj => (spec(d).strategy as Obj).rollingUpdate as Obj;

describe('Deployment validation', () => {
  it('accepts a defaulted deployment', () => {
    expect(validateCreate('Deployment', validDeployment())).to.deep.equal([]);
  });

  const table: { name: string; change: (d: KubeObject) => void; message: string }[] = [
    {
      name: 'negative replicas',
      change: (d) => (spec(d).replicas = -1),
      message: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    },
    {
      name: 'selector not matching the template',
      change: (d) => ((template(d).metadata as Obj).labels = { app: 'api', tier: 'x' }),
      message:
        'spec.template.metadata.labels: Invalid value: {"app":"api","tier":"x"}: `selector` does not match template `labels`',
    },
    {
      name: 'empty selector',
      change: (d) => (spec(d).selector = {}),
      message: 'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    },
    {
      name: 'missing selector',
      change: (d) => delete spec(d).selector,
      message: 'spec.selector: Required value',
    },
    {
      name: 'both maxSurge and maxUnavailable zero',
      change: (d) => Object.assign(rolling(d), { maxSurge: 0, maxUnavailable: 0 }),
      message:
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    },
    {
      name: 'malformed percentage',
      change: (d) => (rolling(d).maxSurge = '25 percent'),
      message:
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"25 percent\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    },
    {
      name: 'maxUnavailable above 100%',
      change: (d) => (rolling(d).maxUnavailable = '150%'),
      message:
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    },
    {
      name: 'unknown strategy type',
      change: (d) => (spec(d).strategy = { type: 'BlueGreen' }),
      message:
        'spec.strategy: Unsupported value: {"Type":"BlueGreen","RollingUpdate":null}: supported values: "Recreate", "RollingUpdate"',
    },
    {
      name: 'Recreate with rollingUpdate',
      change: (d) => ((spec(d).strategy as Obj).type = 'Recreate'),
      message:
        "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    },
    {
      name: 'negative revisionHistoryLimit',
      change: (d) => (spec(d).revisionHistoryLimit = -2),
      message: 'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0',
    },
    {
      name: 'progress deadline not above minReadySeconds',
      change: (d) => Object.assign(spec(d), { minReadySeconds: 30, progressDeadlineSeconds: 30 }),
      message:
        'spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds',
    },
    {
      name: 'template restartPolicy other than Always',
      change: (d) => ((template(d).spec as Obj).restartPolicy = 'OnFailure'),
      message:
        'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    },
    {
      name: 'template activeDeadlineSeconds',
      change: (d) => ((template(d).spec as Obj).activeDeadlineSeconds = 30),
      message:
        'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    },
    {
      name: 'template container without image',
      change: (d) => delete (((template(d).spec as Obj).containers as Obj[])[0] as Obj).image,
      message: 'spec.template.spec.containers[0].image: Required value',
    },
    {
      name: 'bad matchExpressions operator',
      change: (d) =>
        (spec(d).selector = {
          matchExpressions: [{ key: 'app', operator: 'Like', values: ['web'] }],
        }),
      message:
        'spec.selector.matchExpressions[0].operator: Invalid value: "Like": not a valid selector operator',
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const d = validDeployment();
      t.change(d);
      expect(messages(validateCreate('Deployment', d))).to.include(t.message);
    });
  }

  it('builds the 422 message kubectl prints', () => {
    const d = validDeployment();
    (template(d).metadata as Obj).labels = { app: 'api' };
    const errs = validateCreate('Deployment', d);
    const status = invalid('Deployment', 'apps', 'web', errs).status;
    expect(status.code).to.equal(422);
    expect(status.details?.causes?.[0].field).to.equal('spec.template.metadata.labels');
    expect(status.message).to.equal(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"api"}: `selector` does not match template `labels`',
    );
  });

  it('keeps the selector immutable on update', () => {
    const old = stored(validDeployment());
    const d = structuredClone(old);
    spec(d).selector = { matchLabels: { app: 'web', tier: 'front' } };
    (template(d).metadata as Obj).labels = { app: 'web', tier: 'front' };
    expect(messages(validateUpdate('Deployment', d, old))).to.deep.equal([
      'spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"front"}}: field is immutable',
    ]);
  });

  it('allows scaling and template changes on update', () => {
    const old = stored(validDeployment());
    const d = structuredClone(old);
    spec(d).replicas = 10;
    (((template(d).spec as Obj).containers as Obj[])[0] as Obj).image = 'nginx:1.27';
    expect(fields(validateUpdate('Deployment', d, old))).to.deep.equal([]);
  });
});
