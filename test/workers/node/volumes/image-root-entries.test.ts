import { expect } from '@esm-bundle/chai';
import { imageRootEntries } from '../../../../src/workers/node/volumes/image-root-entries.ts';

describe('imageRootEntries', () => {
  it("gives an image's files, each directory once and before what it holds", () => {
    const entries = imageRootEntries({
      'server.js': 'a',
      'usr/src/app/index.html': '<p>',
      'usr/src/app/app.js': 'b',
    });
    expect(entries.map((e) => `${e.kind} ${e.path} ${e.mode.toString(8)}`)).to.deep.equal([
      'file server.js 644',
      'dir usr 755',
      'dir usr/src 755',
      'dir usr/src/app 755',
      'file usr/src/app/index.html 644',
      'file usr/src/app/app.js 644',
    ]);
    const file = entries[0];
    expect(file.kind === 'file' && new TextDecoder().decode(file.data)).to.equal('a');
  });

  it('ignores leading slashes and empty paths', () => {
    expect(imageRootEntries({ '/etc/motd': 'hi', '/': 'x' }).map((e) => e.path)).to.deep.equal([
      'etc',
      'etc/motd',
    ]);
  });
});
