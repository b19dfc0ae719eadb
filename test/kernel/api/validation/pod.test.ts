import { expect } from '@esm-bundle/chai';
import type { FieldErrorType } from '../../../../src/kernel/api/errors.ts';
import { validateCreate, validateUpdate } from '../../../../src/kernel/api/validation/index.ts';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';
import { fields, messages, stored, validPod } from './fixtures.ts';

type Spec = Record<string, unknown> & { containers: Record<string, unknown>[] };
const specOf = (pod: KubeObject): Spec => pod.spec as Spec;

describe('Pod create validation', () => {
  it('accepts a defaulted pod', () => {
    expect(validateCreate('Pod', validPod())).to.deep.equal([]);
  });

  const table: {
    name: string;
    change: (spec: Spec) => void;
    field: string;
    type: FieldErrorType;
    message?: string;
  }[] = [
    {
      name: 'no containers',
      change: (s) => (s.containers = []),
      field: 'spec.containers',
      type: 'FieldValueRequired',
      message: 'spec.containers: Required value',
    },
    {
      name: 'container without image',
      change: (s) => delete s.containers[0].image,
      field: 'spec.containers[0].image',
      type: 'FieldValueRequired',
      message: 'spec.containers[0].image: Required value',
    },
    {
      name: 'container without name',
      change: (s) => delete s.containers[0].name,
      field: 'spec.containers[0].name',
      type: 'FieldValueRequired',
    },
    {
      name: 'container name not a DNS label',
      change: (s) => (s.containers[0].name = 'Web_1'),
      field: 'spec.containers[0].name',
      type: 'FieldValueInvalid',
    },
    {
      name: 'duplicate container names',
      change: (s) => s.containers.push({ ...s.containers[0], ports: [] }),
      field: 'spec.containers[1].name',
      type: 'FieldValueDuplicate',
      message: 'spec.containers[1].name: Duplicate value: "web"',
    },
    {
      name: 'port out of range',
      change: (s) =>
        ((s.containers[0].ports as Record<string, unknown>[])[0].containerPort = 70000),
      field: 'spec.containers[0].ports[0].containerPort',
      type: 'FieldValueInvalid',
      message:
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    },
    {
      name: 'unsupported port protocol',
      change: (s) => ((s.containers[0].ports as Record<string, unknown>[])[0].protocol = 'HTTP'),
      field: 'spec.containers[0].ports[0].protocol',
      type: 'FieldValueNotSupported',
      message:
        'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    },
    {
      name: 'unsupported restartPolicy',
      change: (s) => (s.restartPolicy = 'Sometimes'),
      field: 'spec.restartPolicy',
      type: 'FieldValueNotSupported',
      message:
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    },
    {
      name: 'requests above limits',
      change: (s) =>
        (s.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '500m' } }),
      field: 'spec.containers[0].resources.requests',
      type: 'FieldValueInvalid',
      message:
        'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 500m',
    },
    {
      name: 'negative memory',
      change: (s) => (s.containers[0].resources = { limits: { memory: '-1Mi' } }),
      field: 'spec.containers[0].resources.limits[memory]',
      type: 'FieldValueInvalid',
      message:
        'spec.containers[0].resources.limits[memory]: Invalid value: "-1Mi": must be greater than or equal to 0',
    },
    {
      name: 'unknown resource name',
      change: (s) => (s.containers[0].resources = { limits: { cpus: '1' } }),
      field: 'spec.containers[0].resources.limits[cpus]',
      type: 'FieldValueInvalid',
    },
    {
      name: 'toleration with a bad operator',
      change: (s) => (s.tolerations = [{ key: 'k', operator: 'Maybe', effect: 'NoSchedule' }]),
      field: 'spec.tolerations[0].operator',
      type: 'FieldValueNotSupported',
      message:
        'spec.tolerations[0].operator: Unsupported value: "Maybe": supported values: "Equal", "Exists"',
    },
    {
      name: 'toleration with a bad effect',
      change: (s) => (s.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoWay' }]),
      field: 'spec.tolerations[0].effect',
      type: 'FieldValueNotSupported',
      message:
        'spec.tolerations[0].effect: Unsupported value: "NoWay": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    },
    {
      name: 'tolerationSeconds without NoExecute',
      change: (s) =>
        (s.tolerations = [
          { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 },
        ]),
      field: 'spec.tolerations[0].effect',
      type: 'FieldValueInvalid',
      message:
        'spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
    },
    {
      name: 'empty toleration key with Equal',
      change: (s) => (s.tolerations = [{ operator: 'Equal', value: 'x' }]),
      field: 'spec.tolerations[0].operator',
      type: 'FieldValueInvalid',
    },
    {
      name: 'bad nodeSelector label',
      change: (s) => (s.nodeSelector = { disktype: 'not valid!' }),
      field: 'spec.nodeSelector',
      type: 'FieldValueInvalid',
    },
    {
      name: 'node affinity without terms',
      change: (s) =>
        (s.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] },
          },
        }),
      field:
        'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms',
      type: 'FieldValueRequired',
    },
    {
      name: 'node affinity with a bad operator',
      change: (s) =>
        (s.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'zone', operator: 'Near', values: ['a'] }] },
              ],
            },
          },
        }),
      field:
        'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator',
      type: 'FieldValueInvalid',
    },
    {
      name: 'preferred term weight out of range',
      change: (s) =>
        (s.affinity = {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 0, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } },
            ],
          },
        }),
      field:
        'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight',
      type: 'FieldValueInvalid',
    },
    {
      name: 'volume mount of an unknown volume',
      change: (s) => (s.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }]),
      field: 'spec.containers[0].volumeMounts[0].name',
      type: 'FieldValueNotFound',
      message: 'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    },
    {
      name: 'restartPolicy on an app container',
      change: (s) => (s.containers[0].restartPolicy = 'Always'),
      field: 'spec.containers[0].restartPolicy',
      type: 'FieldValueForbidden',
    },
    {
      name: 'invalid image pull policy',
      change: (s) => (s.containers[0].imagePullPolicy = 'Sometimes'),
      field: 'spec.containers[0].imagePullPolicy',
      type: 'FieldValueNotSupported',
    },
    {
      name: 'activeDeadlineSeconds of zero',
      change: (s) => (s.activeDeadlineSeconds = 0),
      field: 'spec.activeDeadlineSeconds',
      type: 'FieldValueInvalid',
      message:
        'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    },
    {
      name: 'nodeName not a subdomain',
      change: (s) => (s.nodeName = 'Node_1'),
      field: 'spec.nodeName',
      type: 'FieldValueInvalid',
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const pod = validPod();
      t.change(specOf(pod));
      const errs = validateCreate('Pod', pod);
      expect(fields(errs)).to.include(t.field);
      expect(errs.find((e) => e.field === t.field)?.type).to.equal(t.type);
      if (t.message) expect(messages(errs)).to.include(t.message);
    });
  }

  it('accepts sidecar init containers with probes', () => {
    const pod = validPod();
    specOf(pod).initContainers = [
      {
        name: 'side',
        image: 'busybox',
        restartPolicy: 'Always',
        imagePullPolicy: 'Always',
        terminationMessagePolicy: 'File',
        readinessProbe: {
          exec: { command: ['true'] },
          periodSeconds: 10,
          timeoutSeconds: 1,
          successThreshold: 1,
          failureThreshold: 3,
        },
      },
    ];
    expect(validateCreate('Pod', pod)).to.deep.equal([]);
  });
});

describe('Pod update validation', () => {
  it('allows changing images, adding tolerations and lowering activeDeadlineSeconds', () => {
    const old = stored(validPod());
    specOf(old).activeDeadlineSeconds = 600;
    const pod = structuredClone(old);
    specOf(pod).containers[0].image = 'nginx:1.27';
    (specOf(pod).tolerations as unknown[]).push({
      key: 'dedicated',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
    specOf(pod).activeDeadlineSeconds = 300;
    pod.metadata.labels = { app: 'web', tier: 'front' };
    expect(validateUpdate('Pod', pod, old)).to.deep.equal([]);
  });

  it('forbids other spec changes with the apiserver wording and a diff', () => {
    const old = stored(validPod());
    const pod = structuredClone(old);
    (specOf(pod).containers[0].ports as Record<string, unknown>[])[0].containerPort = 8080;
    const errs = validateUpdate('Pod', pod, old);
    expect(fields(errs)).to.deep.equal(['spec']);
    expect(errs[0].type).to.equal('FieldValueForbidden');
    const [first, ...diff] = (errs[0].detail ?? '').split('\n');
    expect(first).to.equal(
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    expect(diff[0]).to.match(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    expect(diff.some((l) => /^-\s+"containerPort": 80,?$/.test(l))).to.equal(true);
    expect(diff.some((l) => /^\+\s+"containerPort": 8080,?$/.test(l))).to.equal(true);
  });

  it('only lets nodeName change through binding', () => {
    const old = stored(validPod());
    const pod = structuredClone(old);
    specOf(pod).nodeName = 'node-1';
    expect(fields(validateUpdate('Pod', pod, old))).to.deep.equal(['spec']);
  });

  it('refuses adding or removing containers', () => {
    const old = stored(validPod());
    const pod = structuredClone(old);
    specOf(pod).containers.push({ ...specOf(pod).containers[0], name: 'other', ports: [] });
    expect(messages(validateUpdate('Pod', pod, old))).to.deep.equal([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
  });

  it('refuses changing existing tolerations and raising activeDeadlineSeconds', () => {
    const old = stored(validPod());
    specOf(old).activeDeadlineSeconds = 60;
    const pod = structuredClone(old);
    (specOf(pod).tolerations as Record<string, unknown>[])[0].key = 'example.com/other';
    specOf(pod).activeDeadlineSeconds = 120;
    expect(messages(validateUpdate('Pod', pod, old))).to.deep.equal([
      'spec.activeDeadlineSeconds: Invalid value: 120: must be less than or equal to previous value',
    ]);
    specOf(pod).activeDeadlineSeconds = 60;
    expect(messages(validateUpdate('Pod', pod, old))).to.include(
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    );
  });

  it('keeps the QoS class', () => {
    const old = stored(validPod());
    const pod = structuredClone(old);
    specOf(pod).containers[0].resources = { requests: { cpu: '100m' } };
    expect(messages(validateUpdate('Pod', pod, old))).to.include(
      'metadata: Invalid value: "BestEffort": Pod QoS is immutable',
    );
  });
});
