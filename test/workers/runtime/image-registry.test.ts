import { expect } from '@esm-bundle/chai';
import { builtinList, BuiltinImageRegistry } from '../../../src/workers/runtime/image-registry.ts';
import { isPullFailure, type ResolvedImage } from '../../../src/workers/runtime/types.ts';
import { imagesUrl } from './run-helpers.ts';

interface Index {
  images: Record<string, { file: string; digest: string }>;
}

/** A registry over the built images whose fetches are counted. */
function countingRegistry() {
  const fetched: string[] = [];
  const registry = new BuiltinImageRegistry(imagesUrl, {
    fetch: (url) => {
      fetched.push(url.pathname.slice(url.pathname.lastIndexOf('/') + 1));
      return fetch(url);
    },
  });
  return { registry, fetched };
}

async function resolved(registry: BuiltinImageRegistry, image: string): Promise<ResolvedImage> {
  const result = await registry.pull(image);
  if (isPullFailure(result)) throw new Error(result.message);
  return result;
}

describe('BuiltinImageRegistry', () => {
  let index: Index;
  before(async () => {
    index = (await (await fetch(new URL('index.json', imagesUrl))).json()) as Index;
  });

  const names = [
    'ticker',
    'ticker:latest',
    'ticker:1.0',
    'library/ticker:1.0',
    'docker.io/library/ticker',
    'index.docker.io/library/ticker:latest',
  ];
  for (const image of names) {
    it(`resolves ${image} to the built-in ticker`, async () => {
      const { registry } = countingRegistry();
      const result = await resolved(registry, image);
      expect(result.image).to.equal(image);
      expect(result.imageID).to.equal(`builtin://ticker@${index.images['ticker:1.0'].digest}`);
      expect(result.module).to.be.instanceOf(WebAssembly.Module);
      expect(WebAssembly.Module.exports(result.module).map((e) => e.name)).to.include('_start');
      expect(result.bytes.byteLength).to.be.greaterThan(1000);
    });
  }

  it('honours a digest: the right one resolves, another is not found', async () => {
    const { registry } = countingRegistry();
    const right = index.images['hello:1.0'].digest;
    expect(isPullFailure(await registry.pull(`hello@${right}`))).to.equal(false);
    expect(isPullFailure(await registry.pull(`hello:1.0@${right}`))).to.equal(false);
    const wrong = await registry.pull(`hello@sha256:${'0'.repeat(64)}`);
    expect(wrong).to.include({ reason: 'ErrImagePull' });
  });

  it('fetches the index once and compiles each module once, however many pulls', async () => {
    const { registry, fetched } = countingRegistry();
    const pulls = await Promise.all(
      ['hello', 'hello:1.0', 'hello:latest', 'docker.io/library/hello', 'hello', 'ticker'].map(
        (image) => resolved(registry, image),
      ),
    );
    const again = await resolved(registry, 'hello:1.0');
    expect(fetched.sort()).to.deep.equal(['hello.wasm', 'index.json', 'ticker.wasm']);
    const hellos = [...pulls.slice(0, 5), again];
    for (const pull of hellos) expect(pull.module).to.equal(pulls[0].module);
    expect(pulls[5].module).not.to.equal(pulls[0].module);
  });

  it('reports an unknown image as ErrImagePull in containerd and kubelet wording', async () => {
    const { registry } = countingRegistry();
    const result = await registry.pull('nosuch:1.0');
    expect(result).to.include({ image: 'nosuch:1.0', reason: 'ErrImagePull' });
    const ref = 'docker.io/library/nosuch:1.0';
    expect((result as { message: string }).message).to.equal(
      `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ` +
        `${ref}: not found (not a built-in image; the built-in images are ${await servedList()}; ` +
        `to add one, put its C source in wasm-apps/<name>/main.c and rebuild)`,
    );
    expect((result as { message: string }).message).to.contain('ticker (1.0, latest)');
    expect((result as { message: string }).message).to.contain('busybox (1.28, 1.36, latest)');
  });

  const notBuiltIn = ['ticker:2.0', 'someone/ticker', 'ghcr.io/library/ticker:1.0'];
  for (const image of notBuiltIn) {
    it(`does not find ${image}`, async () => {
      const { registry } = countingRegistry();
      expect(await registry.pull(image)).to.include({ reason: 'ErrImagePull' });
    });
  }

  it('reports an unparsable name as InvalidImageName, as the kubelet words it', async () => {
    const { registry } = countingRegistry();
    expect(await registry.pull('Ticker:1.0')).to.deep.equal({
      image: 'Ticker:1.0',
      reason: 'InvalidImageName',
      message:
        'Failed to apply default image tag "Ticker:1.0": couldn\'t parse image name ' +
        '"Ticker:1.0": invalid reference format: repository name (library/Ticker) must be lowercase',
    });
  });

  it('reports an unreachable index as ErrImagePull and tries again on the next pull', async () => {
    let calls = 0;
    const registry = new BuiltinImageRegistry(imagesUrl, {
      fetch: (url) =>
        ++calls === 1 ? Promise.resolve(new Response('', { status: 503 })) : fetch(url),
    });
    const first = await registry.pull('hello');
    expect(first).to.include({ reason: 'ErrImagePull' });
    expect((first as { message: string }).message).to.match(
      /^failed to pull and unpack image "docker.io\/library\/hello:latest": failed to resolve reference .*503/,
    );
    expect(isPullFailure(await registry.pull('hello'))).to.equal(false);
  });
});

/** The built-in images the served index lists, as the registry words them. */
async function servedList(): Promise<string> {
  const index = (await (
    await fetch(new URL('../../../dist/images/index.json', import.meta.url))
  ).json()) as {
    images: Record<string, unknown>;
  };
  return builtinList(index as never);
}
