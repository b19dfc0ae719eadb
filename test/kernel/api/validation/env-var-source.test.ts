import { expect } from '@esm-bundle/chai';
import { validateCreate } from '../../../../src/kernel/api/validation/index.ts';
import type { Pod } from '../../../../src/kernel/types/core.ts';
import { messages, validPod } from './fixtures.ts';

/** The messages for a valid pod whose container gets `env` and `envFrom`. */
function problems(env: unknown[], envFrom: unknown[] = []): string[] {
  const pod = validPod() as Pod;
  Object.assign(pod.spec.containers[0], { env, envFrom });
  return messages(validateCreate('Pod', pod));
}

const c0 = 'spec.containers[0]';

describe('validation of env valueFrom and envFrom', () => {
  it('accepts every source the kubelet resolves', () => {
    expect(
      problems(
        [
          { name: 'A', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
          {
            name: 'B',
            valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['app']" } },
          },
          { name: 'C', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIPs' } } },
          {
            name: 'D',
            valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
          },
          {
            name: 'E',
            valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } },
          },
          { name: 'F', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } },
          { name: 'G', valueFrom: { secretKeyRef: { name: 's', key: 'k.1', optional: true } } },
        ],
        [{ configMapRef: { name: 'cfg' } }, { prefix: 'S_', secretRef: { name: 's' } }],
      ),
    ).to.deep.equal([]);
  });

  const cases: [string, unknown[], unknown[], string[]][] = [
    [
      'a field the environment cannot read',
      [{ name: 'A', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.phase' } } }],
      [],
      [
        `${c0}.env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`,
      ],
    ],
    [
      'a field no pod has',
      [{ name: 'A', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nope' } } }],
      [],
      [
        `${c0}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.nope": error converting fieldPath: field label not supported: spec.nope`,
      ],
    ],
    [
      'a subscript on a field without keys',
      [
        {
          name: 'A',
          valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.name['x']" } },
        },
      ],
      [],
      [
        `${c0}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name['x']": error converting fieldPath: field label does not support subscript: metadata.name['x']`,
      ],
    ],
    [
      'a resource the downward API does not know',
      [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }],
      [],
      [
        `${c0}.env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"`,
      ],
    ],
    [
      'a cpu divisor other than 1 or 1m',
      [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1Mi' } } }],
      [],
      [
        `${c0}.env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`,
      ],
    ],
    [
      'a config map key that cannot exist',
      [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'Cfg', key: 'a b' } } }],
      [],
      [
        `${c0}.env[0].valueFrom.configMapKeyRef.name: Invalid value: "Cfg": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        `${c0}.env[0].valueFrom.configMapKeyRef.key: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      ],
    ],
    [
      'a secret key selector without a key',
      [{ name: 'A', valueFrom: { secretKeyRef: { name: 's' } } }],
      [],
      [`${c0}.env[0].valueFrom.secretKeyRef.key: Required value`],
    ],
    [
      'two sources for one variable',
      [
        {
          name: 'A',
          valueFrom: {
            configMapKeyRef: { name: 'c', key: 'k' },
            secretKeyRef: { name: 's', key: 'k' },
          },
        },
      ],
      [],
      [
        `${c0}.env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time`,
      ],
    ],
    [
      'an envFrom entry without a source',
      [],
      [{ prefix: 'X_' }],
      [`${c0}.envFrom: Invalid value: "": must specify one of: \`configMapRef\` or \`secretRef\``],
    ],
    [
      'an envFrom config map without a name',
      [],
      [{ configMapRef: {} }],
      [`${c0}.envFrom[0].configMapRef.name: Required value`],
    ],
  ];
  for (const [what, env, envFrom, expected] of cases) {
    it(`refuses ${what}`, () => {
      expect(problems(env, envFrom)).to.deep.equal(expected);
    });
  }
});
