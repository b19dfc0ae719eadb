import { expect } from '@esm-bundle/chai';
import {
  cannotBeHandledMessage,
  decodeErrorStatus,
  findDecodeError,
} from '../../../../src/kernel/api/schema/index.ts';
import { setPath } from './set-path.ts';

const base = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    },
  },
});

describe('findDecodeError', () => {
  it('accepts well-typed bodies', () => {
    expect(findDecodeError('Deployment', base())).to.equal(undefined);
  });

  const table: [string, string, unknown, string][] = [
    [
      'string where an integer goes',
      'spec.replicas',
      '3',
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'fraction where an integer goes',
      'spec.replicas',
      1.5,
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'number where a string goes, deep in a list',
      'spec.template.spec.containers.0.env',
      [{ name: 'PORT', value: 8080 }],
      'json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string',
    ],
    [
      'object where a list goes',
      'spec.template.spec.containers',
      { name: 'web' },
      'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    ],
    [
      'list where a map goes',
      'metadata.labels',
      ['app=web'],
      'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    ],
    [
      'number as a label value',
      'metadata.labels',
      { version: 2 },
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      'named string type',
      'spec.template.spec.restartPolicy',
      1,
      'json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.restartPolicy of type v1.RestartPolicy',
    ],
    [
      'string where a bool goes',
      'spec.paused',
      'yes',
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool',
    ],
    [
      'malformed quantity',
      'spec.template.spec.containers.0.resources',
      { limits: { memory: '1 GB' } },
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    [
      'unknown quantity suffix',
      'spec.template.spec.containers.0.resources',
      { limits: { memory: '1mi' } },
      "unable to parse quantity's suffix",
    ],
    [
      'bool as int-or-string',
      'spec.strategy',
      { rollingUpdate: { maxSurge: true } },
      'json: cannot unmarshal bool into Go value of type int32',
    ],
  ];
  for (const [name, path, value, want] of table) {
    it(name, () => {
      const o = base();
      setPath(o, path, value);
      expect(findDecodeError('Deployment', o)).to.equal(want);
    });
  }

  it('accepts numeric quantities and int-or-string numbers', () => {
    const o = base();
    setPath(o, 'spec.template.spec.containers.0.resources', { limits: { cpu: 1, memory: '64Mi' } });
    setPath(o, 'spec.strategy', { rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } });
    expect(findDecodeError('Deployment', o)).to.equal(undefined);
  });

  it('checks timestamps of leases', () => {
    expect(
      findDecodeError('Lease', { spec: { renewTime: '2026-01-01T00:00:00.123456Z' } }),
    ).to.equal(undefined);
    expect(findDecodeError('Lease', { spec: { renewTime: 5 } })).to.equal(
      'json: cannot unmarshal number into Go value of type string',
    );
  });

  it('wraps the cause in the BadRequest the apiserver returns', () => {
    const cause = findDecodeError('Deployment', { spec: { replicas: '3' } }) as string;
    expect(cannotBeHandledMessage('Deployment', 'apps/v1', cause)).to.equal(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    const status = decodeErrorStatus('Deployment', 'apps/v1', cause).status;
    expect([status.code, status.reason]).to.deep.equal([400, 'BadRequest']);
  });
});
