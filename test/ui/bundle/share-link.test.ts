import { expect } from '@esm-bundle/chai';
import {
  deflateToBase64Url,
  inflateFromBase64Url,
  shareLink,
  sharedManifests,
  withoutSharedManifests,
} from '../../../src/ui/bundle/share-link.ts';

const manifests = `apiVersion: v1
kind: ConfigMap
metadata: {name: greeting}
data: {text: "héllo wörld ✓ — ${'x'.repeat(5000)}"}
`;

describe('share links', () => {
  it('carry the manifests in the fragment and only the tutorial position in the query', async () => {
    const link = await shareLink(
      'https://play.example/kube/index.html?cluster=mine&memory&tutorial=rolling-updates&step=3#old',
      manifests,
    );
    const url = new URL(link);
    expect(url.origin + url.pathname).to.equal('https://play.example/kube/index.html');
    expect([...url.searchParams]).to.deep.equal([
      ['tutorial', 'rolling-updates'],
      ['step', '3'],
    ]);
    expect(url.hash).to.match(/^#bundle=[A-Za-z0-9_-]+$/);
    // Compressed: the repeated text costs little.
    expect(link.length).to.be.below(manifests.length / 4);
    expect(await sharedManifests(link)).to.equal(manifests);
  });

  it('keep no query at all when the page has no tutorial open', async () => {
    const link = await shareLink('http://localhost:8080/?cluster=x', 'kind: List\n');
    expect(new URL(link).search).to.equal('');
    expect(await sharedManifests(link)).to.equal('kind: List\n');
  });

  it('are told apart from other pages, and a damaged one is an error', async () => {
    expect(await sharedManifests('http://localhost/?tutorial=x#step-2')).to.equal(undefined);
    const link = await shareLink('http://localhost/', manifests);
    let error: unknown;
    try {
      await sharedManifests(link.slice(0, link.length - 20));
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.contain('damaged');
  });

  it('leave the address bar clean once handled', () => {
    expect(withoutSharedManifests('http://localhost/?tutorial=a&step=2#bundle=abc')).to.equal(
      'http://localhost/?tutorial=a&step=2',
    );
    expect(withoutSharedManifests('http://localhost/#x=1&bundle=abc')).to.equal(
      'http://localhost/#x=1',
    );
  });

  for (const text of ['', 'a', 'ab', 'abc', '\u0000\u00ff', '🚀'.repeat(40000)]) {
    it(`round-trips ${JSON.stringify(text.slice(0, 8))} (${text.length} chars) through deflate-raw and base64url`, async () => {
      const data = await deflateToBase64Url(text);
      expect(data).to.match(/^[A-Za-z0-9_-]*$/);
      expect(await inflateFromBase64Url(data)).to.equal(text);
    });
  }
});
