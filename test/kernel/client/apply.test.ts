import { expect } from '@esm-bundle/chai';
import { deployments } from '../../../src/kernel/api/resources.ts';
import {
  applyManifest,
  lastAppliedAnnotation,
  parseManifest,
  threeWayPatch,
} from '../../../src/kernel/client/apply.ts';
import { startTestApi } from '../../helpers/api.ts';

const container = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  image: 'busybox',
  ...extra,
});
const deployment = (containers: Record<string, unknown>[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { template: { spec: { containers } } },
});

describe('threeWayPatch', () => {
  const cases: {
    name: string;
    last: Record<string, unknown> | undefined;
    modified: Record<string, unknown>;
    current: Record<string, unknown>;
    patch: Record<string, unknown>;
  }[] = [
    {
      name: 'nothing changed',
      last: { a: 1, m: { x: 1 } },
      modified: { a: 1, m: { x: 1 } },
      current: { a: 1, m: { x: 1, y: 2 } },
      patch: {},
    },
    {
      name: 'a member dropped from the manifest becomes null; one the server added stays',
      last: { a: 1, m: { x: 1, z: 3 } },
      modified: { a: 2, m: { x: 1 } },
      current: { a: 1, m: { x: 1, y: 2, z: 3 } },
      patch: { a: 2, m: { z: null } },
    },
    {
      name: 'a container dropped from the manifest is deleted by name',
      last: deployment([container('a'), container('b')]),
      modified: deployment([container('a')]),
      current: deployment([container('a', { imagePullPolicy: 'Always' }), container('b')]),
      patch: {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'a' }],
              containers: [{ $patch: 'delete', name: 'b' }],
            },
          },
        },
      },
    },
    {
      name: 'an env var dropped and a field changed inside one container',
      last: deployment([
        container('a', {
          env: [
            { name: 'X', value: '1' },
            { name: 'Y', value: '2' },
          ],
        }),
      ]),
      modified: deployment([container('a', { image: 'nginx', env: [{ name: 'Y', value: '2' }] })]),
      current: deployment([
        container('a', {
          env: [
            { name: 'X', value: '1' },
            { name: 'Y', value: '2' },
          ],
        }),
      ]),
      patch: {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'a' }],
              containers: [
                {
                  name: 'a',
                  image: 'nginx',
                  '$setElementOrder/env': [{ name: 'Y' }],
                  env: [{ $patch: 'delete', name: 'X' }],
                },
              ],
            },
          },
        },
      },
    },
    {
      name: 'a finalizer dropped from a set-like list',
      last: { kind: 'Pod', metadata: { finalizers: ['a', 'b'] } },
      modified: { kind: 'Pod', metadata: { finalizers: ['a'] } },
      current: { kind: 'Pod', metadata: { finalizers: ['a', 'b'] } },
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } },
    },
    {
      name: 'a list without a merge key is replaced whole',
      last: {
        kind: 'Deployment',
        spec: { template: { spec: { containers: [container('a', { args: ['1', '2'] })] } } },
      },
      modified: {
        kind: 'Deployment',
        spec: { template: { spec: { containers: [container('a', { args: ['1'] })] } } },
      },
      current: {
        kind: 'Deployment',
        spec: { template: { spec: { containers: [container('a', { args: ['1', '2'] })] } } },
      },
      patch: {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'a' }],
              containers: [{ name: 'a', args: ['1'] }],
            },
          },
        },
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(threeWayPatch(c.last, c.modified, c.current)).to.deep.equal(c.patch));
  }
});

describe('applyManifest', () => {
  it('creates, leaves unchanged and configures, recording the manifest', async () => {
    const { client } = await startTestApi();
    const text = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: c, image: ${image}}
`;
    expect(await applyManifest(client, text('a'))).to.deep.equal([
      { ref: 'deployment.apps/web', action: 'created' },
    ]);
    expect(await applyManifest(client, text('a'))).to.deep.equal([
      { ref: 'deployment.apps/web', action: 'unchanged' },
    ]);
    expect(await applyManifest(client, text('b'))).to.deep.equal([
      { ref: 'deployment.apps/web', action: 'configured' },
    ]);
    const live = await client.get(deployments, 'default', 'web');
    const recorded = JSON.parse(live.metadata.annotations?.[lastAppliedAnnotation] ?? '{}');
    expect(recorded.metadata).to.deep.equal({ name: 'web', namespace: 'default' });
    expect(recorded.spec.template.spec.containers).to.deep.equal([{ image: 'b', name: 'c' }]);
  });

  it('reports each bad document and carries on', async () => {
    const { client } = await startTestApi();
    // A Service without ports is invalid (spec.ports: Required value).
    const results = await applyManifest(
      client,
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n',
    );
    expect(results.map((r) => [r.ref, r.action, r.error?.reason])).to.deep.equal([
      ['service/s', undefined, 'Invalid'],
      ['namespace/team', 'created', undefined],
    ]);
  });

  it('parseManifest unpacks Lists and skips empty documents', () => {
    const objects = parseManifest(
      '---\n# only a comment\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n',
    );
    expect(objects.map((o) => o.metadata.name)).to.deep.equal(['a']);
    expect(() => parseManifest('a: [')).to.throw(/error parsing manifest/);
  });
});
