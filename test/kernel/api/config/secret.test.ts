import { expect } from '@esm-bundle/chai';
import type { StatusError } from '../../../../src/kernel/api/errors.ts';
import { secrets } from '../../../../src/kernel/api/resources.ts';
import type { Secret } from '../../../../src/kernel/types/config.ts';
import { startTestApi, type TestApi } from '../../../helpers/api.ts';

function secret(fields: Partial<Secret> = {}): Secret {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, ...fields };
}

async function failure(attempt: Promise<unknown>): Promise<StatusError> {
  try {
    await attempt;
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('the request succeeded');
}

describe('Secret API', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });

  it('defaults the type to Opaque and merges stringData into data, never storing it', async () => {
    const created = await api.client.create<Secret>(
      secrets,
      'default',
      secret({ data: { user: 'YWRtaW4=', pass: 'b2xk' }, stringData: { pass: 's3cr=t' } }),
    );
    expect(created.type).to.equal('Opaque');
    expect(created.data).to.deep.equal({ user: 'YWRtaW4=', pass: 'czNjcj10' });
    expect(created).to.not.have.property('stringData');
    const read = await api.client.get<Secret>(secrets, 'default', 'db');
    expect(read).to.not.have.property('stringData');
    expect(read.data).to.deep.equal(created.data);
  });

  it('merges stringData sent with an update or a patch', async () => {
    await api.client.create(secrets, 'default', secret({ stringData: { a: '1' } }));
    const patched = await api.client.patch<Secret>(secrets, 'default', 'db', {
      stringData: { b: '2' },
    });
    expect(patched.data).to.deep.equal({ a: 'MQ==', b: 'Mg==' });
    expect(patched).to.not.have.property('stringData');
  });

  const invalid: [string, Secret, string[], string][] = [
    [
      'a TLS secret without its key',
      secret({ type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'cert' } }),
      ['data[tls.key]'],
      'Secret "db" is invalid: data[tls.key]: Required value',
    ],
    [
      'a TLS secret without anything',
      secret({ type: 'kubernetes.io/tls' }),
      ['data[tls.crt]', 'data[tls.key]'],
      'Secret "db" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]',
    ],
    [
      'a docker config secret without its config',
      secret({ type: 'kubernetes.io/dockerconfigjson' }),
      ['data[.dockerconfigjson]'],
      'Secret "db" is invalid: data[.dockerconfigjson]: Required value',
    ],
    [
      'a docker config that is not JSON, without showing it',
      secret({
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { '.dockerconfigjson': '{"auths": hunter2}' },
      }),
      ['data[.dockerconfigjson]'],
      `Secret "db" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character 'h' looking for beginning of value`,
    ],
    [
      'a basic-auth secret with neither username nor password',
      secret({ type: 'kubernetes.io/basic-auth', stringData: { user: 'x' } }),
      ['data[username]', 'data[password]'],
      'Secret "db" is invalid: [data[username]: Required value, data[password]: Required value]',
    ],
    [
      'an ssh-auth secret with an empty private key',
      secret({ type: 'kubernetes.io/ssh-auth', stringData: { 'ssh-privatekey': '' } }),
      ['data[ssh-privatekey]'],
      'Secret "db" is invalid: data[ssh-privatekey]: Required value',
    ],
    [
      'a service account token without its service account',
      secret({ type: 'kubernetes.io/service-account-token' }),
      ['metadata.annotations[kubernetes.io/service-account.name]'],
      'Secret "db" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ],
    [
      'an invalid key',
      secret({ stringData: { 'a/b': 'x' } }),
      ['data[a/b]'],
      `Secret "db" is invalid: data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ],
    [
      'more than 1 MiB of data',
      secret({ stringData: { a: 'x'.repeat(1024 * 1024 + 1) } }),
      ['data'],
      'Secret "db" is invalid: data: Too long: may not be more than 1048576 bytes',
    ],
  ];
  for (const [what, body, fields, message] of invalid) {
    it(`refuses ${what}`, async () => {
      const err = await failure(api.client.create(secrets, 'default', body));
      expect(err.status.reason).to.equal('Invalid');
      expect(err.status.details?.causes?.map((c) => c.field)).to.deep.equal(fields);
      expect(err.status.message).to.equal(message);
      expect(err.status.message).to.not.include('hunter2');
    });
  }

  it('accepts the well-known types with their required keys', async () => {
    const valid: Secret[] = [
      secret({ type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'c', 'tls.key': 'k' } }),
      secret({
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { '.dockerconfigjson': '{"auths":{}}' },
      }),
      secret({ type: 'kubernetes.io/basic-auth', stringData: { password: '' } }),
      secret({ type: 'kubernetes.io/ssh-auth', stringData: { 'ssh-privatekey': 'k' } }),
      secret({
        type: 'kubernetes.io/service-account-token',
        metadata: { name: 'db', annotations: { 'kubernetes.io/service-account.name': 'default' } },
      }),
      secret({ type: 'example.com/custom' }),
    ];
    for (const [i, s] of valid.entries()) {
      s.metadata.name = `s${i}`;
      await api.client.create(secrets, 'default', s);
    }
  });

  it('keeps the type once created', async () => {
    await api.client.create(secrets, 'default', secret({ stringData: { a: '1' } }));
    const err = await failure(
      api.client.patch(secrets, 'default', 'db', {
        type: 'kubernetes.io/basic-auth',
        stringData: { username: 'u' },
      }),
    );
    expect(err.status.details?.causes?.map((c) => c.field)).to.deep.equal(['type']);
    expect(err.status.message).to.equal(
      'Secret "db" is invalid: type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
    );
  });

  it('refuses data changes of an immutable secret, through stringData too', async () => {
    await api.client.create(
      secrets,
      'default',
      secret({ stringData: { a: '1' }, immutable: true }),
    );
    const err = await failure(
      api.client.patch(secrets, 'default', 'db', { stringData: { a: '2' } }),
    );
    expect(err.status.message).to.equal(
      'Secret "db" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
    const unset = await failure(api.client.patch(secrets, 'default', 'db', { immutable: null }));
    expect(unset.status.details?.causes?.map((c) => c.field)).to.deep.equal(['immutable']);
  });

  it('answers malformed base64 with the decoder error', async () => {
    const err = await failure(
      api.client.create(secrets, 'default', secret({ data: { a: 'aGVsbG8' } })),
    );
    expect(err.status.message).to.equal(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4',
    );
  });
});
