import { expect } from '@esm-bundle/chai';
import { applyDefaults } from '../../../../src/kernel/api/defaults/index.ts';
import { formatFieldError } from '../../../../src/kernel/api/errors.ts';
import { validateCreate } from '../../../../src/kernel/api/validation/index.ts';
import { loadManifests, type ManifestObject } from './load-manifests.ts';

describe('tutorial manifests', () => {
  let objects: ManifestObject[] = [];
  before(async () => {
    objects = (await loadManifests()).filter(
      (m) => m.object.kind === 'Pod' || m.object.kind === 'Deployment',
    );
  });

  it('include the Pods and Deployments of the tutorials', () => {
    expect(objects.filter((m) => m.object.kind === 'Pod').length).to.be.greaterThan(15);
    expect(objects.filter((m) => m.object.kind === 'Deployment').length).to.be.greaterThan(15);
  });

  it('all validate cleanly after defaulting', () => {
    const problems: string[] = [];
    for (const { file, object } of objects) {
      object.metadata.namespace ??= 'default';
      applyDefaults(object.kind as string, object);
      for (const e of validateCreate(object.kind as string, object))
        problems.push(`${file}: ${formatFieldError(e)}`);
    }
    expect(problems).to.deep.equal([]);
  });
});
