import { expect } from '@esm-bundle/chai';
import { parseImageReference } from '../../../src/workers/runtime/image-reference.ts';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  const valid: [string, string][] = [
    ['ticker', 'docker.io/library/ticker:latest'],
    ['ticker:1.0', 'docker.io/library/ticker:1.0'],
    ['library/ticker', 'docker.io/library/ticker:latest'],
    ['docker.io/library/ticker:1.0', 'docker.io/library/ticker:1.0'],
    ['index.docker.io/library/ticker', 'docker.io/library/ticker:latest'],
    ['me/app:2', 'docker.io/me/app:2'],
    ['ghcr.io/me/app', 'ghcr.io/me/app:latest'],
    ['localhost/app:v1', 'localhost/app:v1'],
    ['registry.local:5000/a/b/c:x_y-z.1', 'registry.local:5000/a/b/c:x_y-z.1'],
    [`ticker@${digest}`, `docker.io/library/ticker@${digest}`],
    [`ticker:1.0@${digest}`, `docker.io/library/ticker:1.0@${digest}`],
    ['my-app__x.y', 'docker.io/library/my-app__x.y:latest'],
  ];
  for (const [image, full] of valid) {
    it(`normalizes ${image} to ${full}`, () => {
      expect(parseImageReference(image)).to.include({ full });
    });
  }

  it('splits a reference into its parts', () => {
    expect(parseImageReference('ghcr.io/me/app:2')).to.deep.equal({
      domain: 'ghcr.io',
      path: 'me/app',
      tag: '2',
      digest: undefined,
      full: 'ghcr.io/me/app:2',
    });
  });

  const invalid: [string, string][] = [
    ['Ticker', 'invalid reference format: repository name (library/Ticker) must be lowercase'],
    ['me/App:1', 'invalid reference format: repository name (me/App) must be lowercase'],
    ['', 'invalid reference format'],
    ['ticker:', 'invalid reference format'],
    ['ticker:-x', 'invalid reference format'],
    ['a b', 'invalid reference format'],
    ['https://ghcr.io/me/app', 'invalid reference format'],
    ['ticker@sha256:xyz', 'invalid reference format'],
    ['/ticker', 'invalid reference format'],
    ['ticker//x', 'invalid reference format'],
  ];
  for (const [image, error] of invalid) {
    it(`rejects ${JSON.stringify(image)}`, () => {
      expect(parseImageReference(image)).to.deep.equal({ error });
    });
  }
});
