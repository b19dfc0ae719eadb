import { expect } from '@esm-bundle/chai';
import type { StatusError } from '../../../../src/kernel/api/errors.ts';
import { configmaps } from '../../../../src/kernel/api/resources.ts';
import type { ConfigMap } from '../../../../src/kernel/types/config.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

const keyMessage =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function configMap(fields: Partial<ConfigMap> = {}): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'game' }, ...fields };
}

async function failure(attempt: Promise<unknown>): Promise<StatusError> {
  try {
    await attempt;
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('the request succeeded');
}

describe('ConfigMap API', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });

  it('stores data and binaryData without a generation and serves it under its short name', async () => {
    const created = await api.client.create<ConfigMap>(
      configmaps,
      'default',
      configMap({ data: { 'game.properties': 'lives=3\n' }, binaryData: { logo: 'iVBO\nRw==' } }),
    );
    expect(created.data).to.deep.equal({ 'game.properties': 'lives=3\n' });
    // The server decodes and re-encodes bytes: newlines in base64 are gone.
    expect(created.binaryData).to.deep.equal({ logo: 'iVBORw==' });
    expect(created.metadata.generation).to.equal(undefined);
    expect(created.metadata.uid).to.be.a('string');
    expect(configmaps.shortNames).to.deep.equal(['cm']);
  });

  it('leaves empty maps out, as the server encodes them', async () => {
    const created = await api.client.create<ConfigMap>(
      configmaps,
      'default',
      configMap({ data: {}, binaryData: {} }),
    );
    expect(created).to.not.have.property('data');
    expect(created).to.not.have.property('binaryData');
  });

  const invalid: [string, ConfigMap, string, string][] = [
    [
      'a key with a space',
      configMap({ data: { 'bad key': 'v' } }),
      'data[bad key]',
      `ConfigMap "game" is invalid: data[bad key]: Invalid value: "bad key": ${keyMessage}`,
    ],
    [
      'a key that climbs out of the directory',
      configMap({ binaryData: { '..data': 'AA==' } }),
      'binaryData[..data]',
      `ConfigMap "game" is invalid: binaryData[..data]: Invalid value: "..data": must not start with '..'`,
    ],
    [
      'a key in both maps',
      configMap({ data: { logo: 'x' }, binaryData: { logo: 'AA==' } }),
      'data[logo]',
      'ConfigMap "game" is invalid: data[logo]: Invalid value: "logo": duplicate of key present in binaryData',
    ],
    [
      'more than 1 MiB in all',
      configMap({ data: { a: 'x'.repeat(600 * 1024), b: 'y'.repeat(500 * 1024) } }),
      '',
      'ConfigMap "game" is invalid: : Too long: may not be more than 1048576 bytes',
    ],
  ];
  for (const [what, cm, field, message] of invalid) {
    it(`refuses ${what}`, async () => {
      const err = await failure(api.client.create(configmaps, 'default', cm));
      expect(err.status.reason).to.equal('Invalid');
      expect(err.status.code).to.equal(422);
      expect(err.status.details?.causes?.map((c) => c.field)).to.deep.equal([field]);
      expect(err.status.message).to.equal(message);
    });
  }

  it('counts binary values by their decoded size', async () => {
    // 1 MiB of bytes is 1.33 MiB of base64 text: still within the limit.
    const bytes = new Uint8Array(1024 * 1024);
    let text = '';
    for (let i = 0; i < bytes.length; i += 3 * 1024) {
      text += btoa(String.fromCharCode(...bytes.subarray(i, i + 3 * 1024)));
    }
    await api.client.create(configmaps, 'default', configMap({ binaryData: { blob: text } }));
  });

  it('answers malformed base64 with the decoder error', async () => {
    const err = await failure(
      api.client.create(configmaps, 'default', configMap({ binaryData: { logo: 'abc$defg' } })),
    );
    expect(err.status.reason).to.equal('BadRequest');
    expect(err.status.message).to.equal(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte 3',
    );
  });

  it('freezes data and binaryData of an immutable config map, and immutable itself', async () => {
    await api.client.create(
      configmaps,
      'default',
      configMap({ data: { a: '1' }, binaryData: { b: 'AA==' }, immutable: true }),
    );
    const current = await api.client.get<ConfigMap>(configmaps, 'default', 'game');
    const err = await failure(
      api.client.update(configmaps, {
        ...current,
        data: { a: '2' },
        binaryData: {},
        immutable: false,
      }),
    );
    expect(err.status.reason).to.equal('Invalid');
    expect(err.status.details?.causes?.map((c) => c.field)).to.deep.equal([
      'immutable',
      'data',
      'binaryData',
    ]);
    expect(err.status.message).to.equal(
      'ConfigMap "game" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set, binaryData: Forbidden: field is immutable when `immutable` is set]',
    );
    // Metadata may still change.
    const labelled = await api.client.patch<ConfigMap>(configmaps, 'default', 'game', {
      metadata: { labels: { tier: 'web' } },
    });
    expect(labelled.metadata.labels).to.deep.equal({ tier: 'web' });
  });

  it('lets a mutable config map change and become immutable', async () => {
    await api.client.create(configmaps, 'default', configMap({ data: { a: '1' } }));
    const patched = await api.client.patch<ConfigMap>(configmaps, 'default', 'game', {
      data: { a: '2' },
      immutable: true,
    });
    expect(patched.data).to.deep.equal({ a: '2' });
    expect(patched.immutable).to.equal(true);
  });
});
