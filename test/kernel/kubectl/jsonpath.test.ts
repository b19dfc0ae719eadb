import { expect } from '@esm-bundle/chai';
import {
  JsonPathError,
  parseJsonPath,
  relaxedJsonPath,
} from '../../../src/kernel/kubectl/printers/jsonpath.ts';

const list = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      kind: 'Pod',
      metadata: { name: 'web-1', labels: { app: 'web', 'app.kubernetes.io/name': 'shop' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], replicas: 3 },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Initialized', status: 'True', lastProbeTime: null },
          { type: 'Ready', status: 'True' },
        ],
      },
    },
    {
      kind: 'Pod',
      metadata: { name: 'db-0', labels: { app: 'db' }, annotations: { note: 'a<b & c>d' } },
      spec: {
        containers: [
          { name: 'db', image: 'postgres:16' },
          { name: 'backup', image: 'busybox:1.36' },
        ],
        replicas: 1,
      },
      status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] },
    },
  ],
};

describe('jsonpath templates', () => {
  const cases: [string, string][] = [
    ['{.kind}', 'List'],
    ['{$.kind}', 'List'],
    ['{@.apiVersion}', 'v1'],
    ['{.items[*].metadata.name}', 'web-1 db-0'],
    ['{.items[0].spec.containers[0].image}', 'nginx:1.25'],
    ['{.items[-1].metadata.name}', 'db-0'],
    ['{.items[0:1].metadata.name}', 'web-1'],
    ['{.items[1].spec.containers[*].name}', 'db backup'],
    ['{.items[*].spec.containers[*].image}', 'nginx:1.25 postgres:16 busybox:1.36'],
    ['{range .items[*]}{.metadata.name}{"\\n"}{end}', 'web-1\ndb-0\n'],
    [
      '{range .items[*]}{.metadata.name}:{range .spec.containers[*]} {.name}{end}{"\\n"}{end}',
      'web-1: app\ndb-0: db backup\n',
    ],
    ['{.items[?(@.status.phase=="Running")].metadata.name}', 'web-1'],
    ["{.items[?(@.status.phase!='Running')].metadata.name}", 'db-0'],
    ['{.items[?(@.spec.replicas>1)].metadata.name}', 'web-1'],
    ['{.items[?(@.spec.replicas<=1)].metadata.name}', 'db-0'],
    ['{.items[*].status.conditions[?(@.type=="Ready")].status}', 'True False'],
    ['{.items[?(@.metadata.labels.app\\.kubernetes\\.io/name)].metadata.name}', 'web-1'],
    ["{.items[0].metadata.labels['app.kubernetes.io/name']}", 'shop'],
    ['{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', 'shop'],
    ['{.items[0].metadata.labels.*}', 'web shop'],
    ['{..phase}', 'Running Pending'],
    ['{.items[0].metadata.labels}', '{"app":"web","app.kubernetes.io/name":"shop"}'],
    ['{.items[1].spec.containers[0]}', '{"image":"postgres:16","name":"db"}'],
    ['{.items[0].spec.replicas}', '3'],
    ['{.items[1].metadata.annotations}', '{"note":"a\\u003cb \\u0026 c\\u003ed"}'],
    ['{.items[1].metadata.annotations.note}', 'a<b & c>d'],
    ['{.items[0].status.conditions[0].lastProbeTime}', 'null'],
    ['name={.items[0].metadata.name} phase={.items[0].status.phase}', 'name=web-1 phase=Running'],
    ['{.items[0].metadata.missing}', ''],
    ['{.nope[*].x}', ''],
    ['{.items[0].metadata.name}{"\\t"}{.items[1].metadata.name}', 'web-1\tdb-0'],
  ];
  for (const [template, output] of cases) {
    it(template, () => expect(parseJsonPath(template).execute(list)).to.equal(output));
  }

  const failures: [string, RegExp][] = [
    ['{.items[5].metadata.name}', /array index out of bounds: index 5, length 2/],
    ['{range .items[*]}{.metadata.name}', /unclosed range/],
    ['{end}', /not in range, nothing to end/],
    ['{.items[0]', /unclosed action/],
  ];
  for (const [template, message] of failures) {
    it(`fails on ${template}`, () =>
      expect(() => parseJsonPath(template).execute(list)).to.throw(JsonPathError, message));
  }

  it('finds each top-level path result for sorting and custom columns', () => {
    expect(parseJsonPath('{.items[*].metadata.name}').findResults(list)).to.deep.equal([
      ['web-1', 'db-0'],
    ]);
  });

  const relaxed: [string, string][] = [
    ['.metadata.name', '{.metadata.name}'],
    ['metadata.name', '{.metadata.name}'],
    ['{.metadata.name}', '{.metadata.name}'],
    ['{metadata.name}', '{.metadata.name}'],
  ];
  for (const [input, output] of relaxed) {
    it(`relaxes ${input}`, () => expect(relaxedJsonPath(input)).to.equal(output));
  }
});
