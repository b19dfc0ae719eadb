import { expect } from '@esm-bundle/chai';
import { builtinList, BuiltinImageRegistry } from '../../../src/workers/runtime/image-registry.ts';
import { standIns } from '../../../src/workers/runtime/stand-ins.ts';
import { isPullFailure, type ResolvedImage } from '../../../src/workers/runtime/types.ts';
import { IdbUserImages } from '../../../src/workers/runtime/user-images.ts';
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

  it('reports an unknown image as ErrImagePull in containerd wording, saying how to add one', async () => {
    const { registry } = countingRegistry();
    const result = await registry.pull('nosuch:1.0');
    expect(result).to.include({ image: 'nosuch:1.0', reason: 'ErrImagePull' });
    const ref = 'docker.io/library/nosuch:1.0';
    const message = (result as { message: string }).message;
    expect(message).to.equal(
      `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ` +
        `${ref}: not found (no built-in stand-in for "nosuch:1.0": upload a WASI module under ` +
        `that name with window.playground.images.add("nosuch:1.0", bytes), or put its C source ` +
        `in wasm-apps/<name>/main.c and rebuild; the built-in images are ${await servedList()}; ` +
        `stand-ins (docs/images.md): ${standIns.map((s) => s.name).join(', ')})`,
    );
    expect(message).to.contain('ticker (1.0, latest)');
    // The programs behind stand-ins are reached by the well-known names instead.
    expect(message).not.to.contain('nginx (1.0, latest)');
    const other = await registry.pull('ghcr.io/me/app@sha256:' + '0'.repeat(64));
    expect((other as { message: string }).message).to.contain(
      `no built-in stand-in for "ghcr.io/me/app@sha256:${'0'.repeat(64)}"`,
    );
  });

  describe('stand-ins', () => {
    it('resolves nginx:1.14.2 to the nginx module with its image config and a stand-in ID', async () => {
      const { registry } = countingRegistry();
      const result = await resolved(registry, 'nginx:1.14.2');
      expect(result.image).to.equal('nginx:1.14.2');
      expect(result.imageID).to.equal(
        `builtin://stand-in/nginx@${index.images['nginx:1.0'].digest}`,
      );
      expect(result.config).to.deep.include({
        standIn: 'nginx',
        entrypoint: [],
        cmd: ['nginx', '-g', 'daemon off;'],
      });
      expect(new Map(result.config!.env).get('NGINX_VERSION')).to.equal('1.14.2');
      // Its shell is the toolbox, pulled when a container asks for it.
      const shell = await result.config!.utilities!();
      expect(shell).to.include({ image: 'toolbox:1.0' });
      expect((shell as ResolvedImage).imageID).to.equal(
        `builtin://toolbox@${index.images['toolbox:1.0'].digest}`,
      );
    });

    it('answers any tag, registry alias and digest, sharing one compiled module', async () => {
      const { registry, fetched } = countingRegistry();
      const pulls = await Promise.all(
        [
          'busybox',
          'busybox:1.28',
          'k8s.gcr.io/busybox',
          `registry.k8s.io/busybox@sha256:${'1'.repeat(64)}`,
        ].map((image) => resolved(registry, image)),
      );
      for (const pull of pulls) {
        expect(pull.imageID).to.equal(
          `builtin://stand-in/busybox@${index.images['toolbox:1.0'].digest}`,
        );
        expect(pull.module).to.equal(pulls[0].module);
      }
      expect(fetched.sort()).to.deep.equal(['index.json', 'toolbox.wasm']);
    });

    it('gives an image without a shell no utilities', async () => {
      const { registry } = countingRegistry();
      const result = await resolved(registry, 'kicbase/echo-server:1.0');
      expect(result.config?.utilities).to.equal(undefined);
      expect(result.config?.entrypoint).to.deep.equal(['/bin/echo-server']);
    });
  });

  describe('modules users added', () => {
    const database = `user-images-test-${crypto.randomUUID()}`;
    let images: IdbUserImages;
    before(() => {
      images = new IdbUserImages(database);
    });
    after(async () => {
      await images.close();
      indexedDB.deleteDatabase(database);
    });

    it('finds a module added under a name, before stand-ins and built-ins', async () => {
      const bytes = await (await fetch(new URL('hello.wasm', imagesUrl))).arrayBuffer();
      const added = await images.add('nginx:custom', bytes);
      expect(added.name).to.equal('nginx:custom');
      expect(added.digest).to.equal(index.images['hello:1.0'].digest);
      const mine = await images.add('ghcr.io/me/app', new Uint8Array(bytes));
      expect(mine.name).to.equal('ghcr.io/me/app:latest');
      const registry = new BuiltinImageRegistry(imagesUrl, { userImages: images });
      const result = await resolved(registry, 'docker.io/library/nginx:custom');
      expect(result.imageID).to.equal(`uploaded://docker.io/library/nginx@${added.digest}`);
      expect(result.config).to.equal(undefined);
      expect((await resolved(registry, 'ghcr.io/me/app')).imageID).to.equal(
        `uploaded://ghcr.io/me/app@${added.digest}`,
      );
      expect(
        (await resolved(registry, `ghcr.io/me/app@${added.digest}`)).bytes.byteLength,
      ).to.equal(bytes.byteLength);
      // Other tags of nginx are still the stand-in.
      expect((await resolved(registry, 'nginx:1.27')).imageID).to.match(
        /^builtin:\/\/stand-in\/nginx@/,
      );
      expect((await images.list()).map((i) => i.name)).to.deep.equal([
        'ghcr.io/me/app:latest',
        'nginx:custom',
      ]);
      expect(await images.remove('nginx:custom')).to.equal(true);
      expect(await images.remove('nginx:custom')).to.equal(false);
      // nginx has no such tag: without the upload it fails to pull, as on a real cluster.
      expect(await registry.pull('nginx:custom')).to.include({ reason: 'ErrImagePull' });
    });

    it('refuses bytes that are not WebAssembly and names with a digest', async () => {
      let error = '';
      await images
        .add('bad:1', new TextEncoder().encode('not wasm'))
        .catch((e: Error) => (error = e.message));
      expect(error).to.equal('"bad:1": the bytes are not a WebAssembly module');
      await images
        .add(`app@sha256:${'0'.repeat(64)}`, new Uint8Array())
        .catch((e: Error) => (error = e.message));
      expect(error).to.equal(
        `an added image is named by a tag, not a digest: "app@sha256:${'0'.repeat(64)}"`,
      );
      await images.add('Bad', new Uint8Array()).catch((e: Error) => (error = e.message));
      expect(error).to.equal(
        'couldn\'t parse image name "Bad": invalid reference format: repository name (library/Bad) must be lowercase',
      );
    });
  });

  it('fails to pull a tag the real repository does not have as it fails an unknown image', async () => {
    const { registry } = countingRegistry();
    const result = await registry.pull('nginx:1.161');
    expect(result).to.include({ image: 'nginx:1.161', reason: 'ErrImagePull' });
    const ref = 'docker.io/library/nginx:1.161';
    expect((result as { message: string }).message).to.contain(
      `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ` +
        `${ref}: not found (no built-in stand-in for "nginx:1.161": upload a WASI module under ` +
        `that name with window.playground.images.add("nginx:1.161", bytes)`,
    );
    expect(await resolved(registry, 'nginx:1.16.1')).to.have.property('config');
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
