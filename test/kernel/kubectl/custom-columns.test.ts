import { expect } from '@esm-bundle/chai';
import {
  CustomColumnsError,
  customColumnsTable,
  parseCustomColumns,
  parseCustomColumnsFile,
} from '../../../src/kernel/kubectl/printers/custom-columns.ts';
import { formatTable } from '../../../src/kernel/kubectl/printers/tabwriter.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';

const objects: KubeObject[] = [
  {
    metadata: { name: 'web-1', labels: { app: 'web' } },
    spec: { nodeName: 'node-1', containers: [{ image: 'a:1' }, { image: 'b:2' }] },
  },
  { metadata: { name: 'pending' }, spec: { containers: [{ image: 'a:1' }] } },
];

describe('custom columns', () => {
  it('prints the header and one row per object, <none> for missing values', () => {
    const columns = parseCustomColumns(
      'NAME:.metadata.name,NODE:spec.nodeName,IMAGES:{.spec.containers[*].image},LABELS:.metadata.labels',
    );
    expect(formatTable(customColumnsTable(columns, objects))).to.equal(
      'NAME      NODE     IMAGES    LABELS\n' +
        'web-1     node-1   a:1,b:2   map[app:web]\n' +
        'pending   <none>   a:1       <none>\n',
    );
  });

  it('prints only the header for no objects, and no header with noHeaders', () => {
    const columns = parseCustomColumns('NAME:.metadata.name');
    expect(customColumnsTable(columns, [])).to.deep.equal([['NAME']]);
    expect(customColumnsTable(columns, objects, true)).to.deep.equal([['web-1'], ['pending']]);
  });

  it('reads a custom-columns file: headers on one line, paths on the next', () => {
    const columns = parseCustomColumnsFile('NAME   NODE\n.metadata.name   .spec.nodeName\n');
    expect(customColumnsTable(columns, objects)).to.deep.equal([
      ['NAME', 'NODE'],
      ['web-1', 'node-1'],
      ['pending', '<none>'],
    ]);
  });

  const bad: [() => unknown, string][] = [
    [
      () => parseCustomColumns('NAME'),
      'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>',
    ],
    [
      () => parseCustomColumns('A:.a:b'),
      'unexpected custom-columns spec: A:.a:b, expected <header>:<json-path-expr>',
    ],
    [() => parseCustomColumns(''), 'custom-columns format specified but no custom columns given'],
    [
      () => parseCustomColumnsFile('NAME NODE\n.metadata.name\n'),
      'number of headers (2) does not match number of columns (1)',
    ],
  ];
  for (const [fn, message] of bad) {
    it(`refuses: ${message}`, () => expect(fn).to.throw(CustomColumnsError, message));
  }
});
