import { expect } from '@esm-bundle/chai';
import type { ApplyResult } from '../../../src/kernel/client/apply.ts';
import { preloadManifest } from '../../../src/ui/embed/preload-manifest.ts';

/** Records what is applied; a document naming `bad` is refused as the API server would. */
function fakeApply() {
  const applied: string[] = [];
  return {
    applied,
    async apply(yaml: string): Promise<ApplyResult[]> {
      applied.push(yaml);
      if (yaml.includes('bad'))
        return [
          {
            ref: 'deployment.apps/bad',
            error: {
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              reason: 'Invalid',
              code: 422,
              message: 'Deployment.apps "bad" is invalid: spec.selector: Required value',
            },
          },
        ];
      return [{ ref: 'configmap/ok', action: 'created' }];
    },
  };
}

describe('preloadManifest', () => {
  it('applies the manifest at the URL, then the inline one', async () => {
    const fake = fakeApply();
    const url = `data:text/yaml,${encodeURIComponent('kind: ConfigMap\n')}`;
    const outcome = await preloadManifest(fake, { manifestUrl: url, inlineManifest: 'kind: X\n' });
    expect(fake.applied).to.deep.equal(['kind: ConfigMap\n', 'kind: X\n']);
    expect(outcome).to.deep.equal({
      applied: [
        { ref: 'configmap/ok', action: 'created' },
        { ref: 'configmap/ok', action: 'created' },
      ],
    });
  });

  it('does nothing without a manifest', async () => {
    const fake = fakeApply();
    expect(await preloadManifest(fake, {})).to.deep.equal({ applied: [] });
    expect(fake.applied).to.deep.equal([]);
  });

  it('reports a manifest that cannot be fetched and still applies the inline one', async () => {
    const fake = fakeApply();
    const url = new URL('./no-such-manifest.yaml', import.meta.url).href;
    const outcome = await preloadManifest(fake, { manifestUrl: url, inlineManifest: 'kind: X\n' });
    expect(fake.applied).to.deep.equal(['kind: X\n']);
    expect(outcome.error).to.equal(`${url}: GET ${url}: 404 Not Found`);
  });

  it("reports a refused document with kubectl's line for it", async () => {
    const fake = fakeApply();
    const outcome = await preloadManifest(fake, { inlineManifest: 'name: bad\n' });
    expect(outcome.applied).to.have.length(1);
    expect(outcome.error).to.equal(
      'the inline manifest: Error from server (Invalid): Deployment.apps "bad" is invalid: spec.selector: Required value',
    );
  });
});
