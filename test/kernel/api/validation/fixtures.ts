/** Valid, defaulted objects for validation tests; each test changes one thing. */
import { applyDefaults } from '../../../../src/kernel/api/defaults/index.ts';
import { formatFieldError, type FieldError } from '../../../../src/kernel/api/errors.ts';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';

function defaulted(kind: string, object: KubeObject): KubeObject {
  applyDefaults(kind, object);
  return object;
}

export function validPod(): KubeObject {
  return defaulted('Pod', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
  });
}

export function validDeployment(): KubeObject {
  return defaulted('Deployment', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
      },
    },
  });
}

export function validReplicaSet(): KubeObject {
  return defaulted('ReplicaSet', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-5d8f7c9b6', namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
      },
    },
  });
}

/** A stored copy of `obj` as the update path sees it (resourceVersion set). */
export function stored(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  copy.metadata.resourceVersion = '42';
  copy.metadata.uid = 'a1b2c3';
  copy.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
  return copy;
}

/** `field: message` lines, the way users read them. */
export function messages(errors: FieldError[]): string[] {
  return errors.map(formatFieldError);
}

/** The field paths of the errors. */
export function fields(errors: FieldError[]): string[] {
  return errors.map((e) => e.field);
}
