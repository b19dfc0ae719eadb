import { expect } from '@esm-bundle/chai';
import { findDecodeError, findUnknownFields } from '../../../../src/kernel/api/schema/index.ts';
import { loadManifests } from '../validation/load-manifests.ts';

describe('tutorial manifests against the schema', () => {
  it('have no unknown fields and decode cleanly', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const { file, object } of await loadManifests()) {
      if (object.kind !== 'Pod' && object.kind !== 'Deployment') continue;
      checked++;
      for (const path of findUnknownFields(object.kind, object))
        problems.push(`${file}: unknown field ${path}`);
      const err = findDecodeError(object.kind, object);
      if (err) problems.push(`${file}: ${err}`);
    }
    expect(checked).to.be.greaterThan(30);
    expect(problems).to.deep.equal([]);
  });
});
