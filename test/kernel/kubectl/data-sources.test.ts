import { expect } from '@esm-bundle/chai';
import { goJsonMarshal, nameHash } from '../../../src/kernel/kubectl/data-sources.ts';

describe('kubectl --append-hash', () => {
  // The vectors of kubectl's pkg/util/hash tests (objects without a name).
  const cases: [string, unknown, string][] = [
    ['empty config map', { kind: 'ConfigMap', name: '', data: {} }, '42745tchd9'],
    ['one key', { kind: 'ConfigMap', name: '', data: { one: '' } }, '9g67k2htb6'],
    [
      'three keys',
      { kind: 'ConfigMap', name: '', data: { two: '2', one: '', three: '3' } },
      'f5h7t85m9b',
    ],
    ['config map without data', { kind: 'ConfigMap', name: '', data: null }, 'dk855m5d49'],
    ['empty secret', { kind: 'Secret', type: 'my-type', name: '', data: {} }, 't75bgf6ctb'],
    [
      'secret with three keys',
      { kind: 'Secret', type: 'my-type', name: '', data: { two: 'Mg==', one: '', three: 'Mw==' } },
      'dgcb6h9tmk',
    ],
  ];
  for (const [what, object, hash] of cases) {
    it(`hashes ${what} as kubectl does`, async () => {
      expect(await nameHash(goJsonMarshal(object))).to.equal(hash);
    });
  }
});
