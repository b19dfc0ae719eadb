import { expect } from '@esm-bundle/chai';
import { applyPatch } from '../../../../src/kernel/api/patch/apply-patch.ts';
import {
  applyStrategicMergePatch,
  strategicMergePatch,
} from '../../../../src/kernel/api/patch/strategic-merge-patch.ts';
import type { PatchSchema } from '../../../../src/kernel/api/patch/strategic-merge-schema.ts';
import { frozen, statusErrorOf } from './patch-test-helpers.ts';

type Json = Record<string, unknown>;

const twoContainerPod = frozen({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a.io/x', 'b.io/y'] },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        env: [
          { name: 'MODE', value: 'prod' },
          { name: 'LOG', value: 'info' },
        ],
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        args: ['--a', '--b'],
      },
      {
        name: 'sidecar',
        image: 'busybox:1.36',
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'False' },
      { type: 'PodScheduled', status: 'True' },
    ],
  },
});

function deployment(containers: Json[]): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
    },
  };
}

interface Case {
  name: string;
  original: Json;
  patch: Json;
  /** Checks on the result (path → expected value). */
  expect: (result: Json) => void;
}

function at(value: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], value);
}

const cases: Case[] = [
  {
    name: "changes one container's image without touching the other",
    original: twoContainerPod,
    patch: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.37' }] } },
    expect: (r) => {
      expect(at(r, 'spec', 'containers')).to.deep.equal([
        twoContainerPod.spec.containers[0],
        { ...twoContainerPod.spec.containers[1], image: 'busybox:1.37' },
      ]);
    },
  },
  {
    name: 'deletes a container with $patch: delete',
    original: twoContainerPod,
    patch: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } },
    expect: (r) => {
      expect(at(r, 'spec', 'containers')).to.deep.equal([twoContainerPod.spec.containers[0]]);
    },
  },
  {
    name: 'adds an env var by name and changes another in place',
    original: twoContainerPod,
    patch: {
      spec: {
        containers: [
          {
            name: 'app',
            env: [
              { name: 'LOG', value: 'debug' },
              { name: 'NEW', value: '1' },
            ],
          },
        ],
      },
    },
    expect: (r) => {
      const env = at(r, 'spec', 'containers', 0, 'env') as Json[];
      expect(env).to.have.deep.members([
        { name: 'MODE', value: 'prod' },
        { name: 'LOG', value: 'debug' },
        { name: 'NEW', value: '1' },
      ]);
      expect(env).to.have.length(3);
      expect(at(r, 'spec', 'containers', 0, 'image')).to.equal('nginx:1.25');
    },
  },
  {
    name: 'places an item the server did not have before the server items, as apimachinery does',
    original: twoContainerPod,
    patch: { spec: { containers: [{ name: 'debug', image: 'busybox' }] } },
    expect: (r) => {
      expect((at(r, 'spec', 'containers') as Json[]).map((c) => c.name)).to.deep.equal([
        'debug',
        'app',
        'sidecar',
      ]);
    },
  },
  {
    name: 'merges ports by containerPort',
    original: twoContainerPod,
    patch: {
      spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }] }] },
    },
    expect: (r) => {
      expect(at(r, 'spec', 'containers', 0, 'ports')).to.deep.equal([
        { containerPort: 80, protocol: 'TCP', name: 'http' },
      ]);
    },
  },
  {
    name: 'replaces lists that have no merge strategy (args, tolerations)',
    original: twoContainerPod,
    patch: {
      spec: {
        containers: [{ name: 'app', args: ['--c'] }],
        tolerations: [{ key: 'other', operator: 'Exists' }],
      },
    },
    expect: (r) => {
      expect(at(r, 'spec', 'containers', 0, 'args')).to.deep.equal(['--c']);
      expect(at(r, 'spec', 'tolerations')).to.deep.equal([{ key: 'other', operator: 'Exists' }]);
    },
  },
  {
    name: 'deletes fields with null, in maps and inside merged list items',
    original: twoContainerPod,
    patch: {
      metadata: { labels: { app: null } },
      spec: { containers: [{ name: 'app', args: null }], tolerations: null },
    },
    expect: (r) => {
      expect(at(r, 'metadata', 'labels')).to.deep.equal({});
      expect(at(r, 'spec', 'containers', 0)).to.not.have.property('args');
      expect(at(r, 'spec')).to.not.have.property('tolerations');
    },
  },
  {
    name: 'replaces a whole list with $patch: replace',
    original: twoContainerPod,
    patch: {
      spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x', extra: null }] },
    },
    expect: (r) => {
      expect(at(r, 'spec', 'containers')).to.deep.equal([{ name: 'only', image: 'x' }]);
    },
  },
  {
    name: 'replaces a map with $patch: replace',
    original: twoContainerPod,
    patch: { metadata: { labels: { $patch: 'replace', tier: 'fe' } } },
    expect: (r) => {
      expect(at(r, 'metadata', 'labels')).to.deep.equal({ tier: 'fe' });
    },
  },
  {
    name: 'empties a map with $patch: delete',
    original: twoContainerPod,
    patch: { metadata: { labels: { $patch: 'delete' } } },
    expect: (r) => {
      expect(at(r, 'metadata', 'labels')).to.deep.equal({});
    },
  },
  {
    name: 'merges finalizers as a set of strings',
    original: twoContainerPod,
    patch: { metadata: { finalizers: ['b.io/y', 'c.io/z'] } },
    expect: (r) => {
      expect(at(r, 'metadata', 'finalizers')).to.have.members(['a.io/x', 'b.io/y', 'c.io/z']);
      expect(at(r, 'metadata', 'finalizers')).to.have.length(3);
    },
  },
  {
    name: 'removes finalizers with $deleteFromPrimitiveList',
    original: twoContainerPod,
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.io/x', 'nope'] } },
    expect: (r) => {
      expect(at(r, 'metadata', 'finalizers')).to.deep.equal(['b.io/y']);
    },
  },
  {
    name: 'merges status conditions by type',
    original: twoContainerPod,
    patch: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    expect: (r) => {
      expect(at(r, 'status', 'conditions')).to.have.deep.members([
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ]);
    },
  },
  {
    name: 'orders a list with $setElementOrder',
    original: twoContainerPod,
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
        containers: [{ name: 'app', image: 'nginx:1.26' }],
      },
    },
    expect: (r) => {
      const containers = at(r, 'spec', 'containers') as Json[];
      expect(containers.map((c) => c.name)).to.deep.equal(['sidecar', 'app']);
      expect(containers[1].image).to.equal('nginx:1.26');
      expect(at(r, 'spec')).to.not.have.property('$setElementOrder/containers');
    },
  },
  {
    name: 'drops unlisted members with $retainKeys',
    original: {
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
    },
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    expect: (r) => {
      expect(at(r, 'spec', 'strategy')).to.deep.equal({ type: 'Recreate' });
    },
  },
  {
    name: 'knows pod specs inside templates (spec.template.spec.containers)',
    original: deployment([
      { name: 'app', image: 'nginx:1.25' },
      { name: 'sidecar', image: 'busybox' },
    ]),
    patch: { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } } },
    expect: (r) => {
      expect(at(r, 'spec', 'template', 'spec', 'containers')).to.deep.equal([
        { name: 'app', image: 'nginx:1.26' },
        { name: 'sidecar', image: 'busybox' },
      ]);
      expect(at(r, 'spec', 'replicas')).to.equal(2);
    },
  },
  {
    name: 'replaces lists of kinds it has no rules for (a ConfigMap-like kind)',
    original: { kind: 'Widget', metadata: { name: 'w' }, items: [{ name: 'a', v: 1 }] },
    patch: { items: [{ name: 'b' }] },
    expect: (r) => {
      expect(r.items).to.deep.equal([{ name: 'b' }]);
    },
  },
  {
    name: 'takes new values from the patch without nulls or directives',
    original: { kind: 'Pod', metadata: { name: 'p' } },
    patch: {
      spec: {
        containers: [
          { name: 'a', image: null },
          { name: 'b', $patch: 'delete' },
        ],
      },
    },
    expect: (r) => {
      expect(r.spec).to.deep.equal({ containers: [{ name: 'a' }] });
    },
  },
];

describe('strategic merge patch', () => {
  for (const c of cases) {
    it(c.name, () => {
      const original = frozen(c.original);
      c.expect(strategicMergePatch(original, frozen(c.patch)));
    });
  }

  it('returns a new object sharing nothing with its inputs', () => {
    const patch = {
      spec: { containers: [{ name: 'debug', image: 'busybox', env: [{ name: 'X' }] }] },
    };
    const result = strategicMergePatch(twoContainerPod, patch) as Json;
    const debug = at(result, 'spec', 'containers', 0) as Json;
    expect(debug).to.not.equal(patch.spec.containers[0]);
    expect(debug.env).to.not.equal(patch.spec.containers[0].env);
    expect(at(result, 'spec', 'containers', 1)).to.not.equal(twoContainerPod.spec.containers[0]);
  });

  describe('apimachinery ordering rules (with a test schema)', () => {
    const schema: PatchSchema = {
      name: 'Test',
      fields: {
        mergingList: { strategy: 'merge', mergeKey: 'name' },
        mergingIntList: { strategy: 'merge' },
      },
    };
    const run = (original: Json, patch: Json) => strategicMergePatch(original, patch, schema);

    it('keeps server-only items after the ones $setElementOrder lists', () => {
      const result = run(
        {
          mergingList: [
            { name: '1', other: 'a' },
            { name: '3' },
            { name: '4' },
            { name: '2' },
            { name: '9' },
          ],
        },
        {
          '$setElementOrder/mergingList': [
            { name: '4' },
            { name: '2' },
            { name: '3' },
            { name: '1' },
          ],
        },
      );
      expect((result.mergingList as Json[]).map((i) => i.name)).to.deep.equal([
        '4',
        '2',
        '3',
        '1',
        '9',
      ]);
      expect((result.mergingList as Json[])[3]).to.deep.equal({ name: '1', other: 'a' });
    });

    it('adds and deletes in a scalar list with order and deletion directives', () => {
      const result = run(
        { mergingIntList: [1, 2, 3, 4] },
        {
          '$setElementOrder/mergingIntList': [1, 2, 4],
          '$deleteFromPrimitiveList/mergingIntList': [3],
        },
      );
      expect(result.mergingIntList).to.deep.equal([1, 2, 4]);
    });

    it('does not add a list that $deleteFromPrimitiveList names but the object lacks', () => {
      expect(
        run({ foo: ['bar'] }, { '$deleteFromPrimitiveList/mergingIntList': [3] }),
      ).to.deep.equal({ foo: ['bar'] });
    });

    it('rejects a patch list out of $setElementOrder order (500, no reason)', () => {
      const err = statusErrorOf(() =>
        run(
          { mergingList: [{ name: '1' }, { name: '3' }, { name: '2' }] },
          {
            '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }, { name: '3' }],
            mergingList: [
              { name: '3', value: 3 },
              { name: '1', value: 1 },
            ],
          },
        ),
      );
      expect(err.code).to.equal(500);
      expect(err.reason).to.equal(undefined);
      expect(err.status.message).to.contain("doesn't match $setElementOrder list");
    });
  });

  describe('failures carry the apiserver status', () => {
    const failures: [string, Json, unknown, number, string][] = [
      [
        'a list element without its merge key',
        twoContainerPod,
        { spec: { containers: [{ image: 'x' }] } },
        500,
        'map: map[image:x] does not contain declared merge key: name',
      ],
      [
        'a list of lists',
        { kind: 'Pod', metadata: {}, spec: { containers: [[1]] } },
        { spec: { containers: [[2]] } },
        422,
        'the server rejected our request due to an error in our request',
      ],
      [
        'a patch key outside $retainKeys',
        twoContainerPod,
        { metadata: { $retainKeys: ['name'], labels: { a: 'b' } } },
        400,
        'invalid patch format of retainKeys',
      ],
      [
        'an unknown $patch directive',
        twoContainerPod,
        { metadata: { labels: { $patch: 'explode' } } },
        500,
        'unknown patch type: explode in map: map[$patch:explode]',
      ],
      [
        '$patch: merge on a list',
        twoContainerPod,
        { spec: { containers: [{ $patch: 'merge' }] } },
        500,
        'merging lists cannot yet be specified in the patch',
      ],
      [
        'an array instead of an object',
        twoContainerPod,
        [{ spec: {} }],
        400,
        'json: cannot unmarshal array into Go value of type map[string]interface {}',
      ],
    ];
    for (const [what, original, patch, code, message] of failures) {
      it(`${what} → ${code}`, () => {
        const err = statusErrorOf(() => strategicMergePatch(original, patch));
        expect(err.code).to.equal(code);
        expect(err.status.message).to.equal(message);
      });
    }
  });

  describe('through applyPatch by Content-Type', () => {
    const imagePatch = { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } };

    it('merges by key for strategic-merge-patch+json and replaces for merge-patch+json', () => {
      const strategic = applyPatch(
        twoContainerPod,
        'application/strategic-merge-patch+json; charset=utf-8',
        JSON.stringify(imagePatch),
      );
      expect(strategic.spec.containers).to.have.length(2);
      const merge = applyPatch(twoContainerPod, 'application/merge-patch+json', imagePatch);
      expect(merge.spec.containers).to.deep.equal([{ name: 'app', image: 'nginx:1.26' }]);
      const byDefault = applyPatch(twoContainerPod, undefined, imagePatch);
      expect(byDefault.spec.containers).to.have.length(1);
    });

    it('applies json-patch+json', () => {
      const patched = applyPatch(twoContainerPod, 'application/json-patch+json', [
        { op: 'replace', path: '/spec/containers/1/image', value: 'busybox:1.37' },
      ]);
      expect(patched.spec.containers[1].image).to.equal('busybox:1.37');
    });

    it('answers 415 to other content types and 400 to a body that is not JSON', () => {
      expect(statusErrorOf(() => applyPatch(twoContainerPod, 'text/plain', '{}')).code).to.equal(
        415,
      );
      const err = statusErrorOf(() => applyStrategicMergePatch(twoContainerPod, '{nope'));
      expect(err.code).to.equal(400);
      expect(err.status.message).to.equal('invalid JSON patch');
    });
  });
});
