import { expect } from '@esm-bundle/chai';
import { configmaps, secrets } from '../../../src/kernel/api/resources.ts';
import type { ConfigMap, Secret } from '../../../src/kernel/types/config.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const fail = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });
const text = (b64: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

const cert = `-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUc2FtcGxl
-----END CERTIFICATE-----
`;
const key = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIC2FtcGxlIGtleQ=
-----END EC PRIVATE KEY-----
`;

describe('kubectl and ConfigMaps', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
  });

  it('creates from literals, files and env files, and lists with DATA counting every key', async () => {
    k.files.set('game.properties', 'enemies=aliens\nlives=3\n');
    k.files.set('ui.env', '# colours\ncolor.good=purple\n\n  allow.textmode=true\nempty\n');
    expect(
      await k.run(
        'create configmap game --from-file=game.properties --from-file=ui=game.properties --from-literal=mode=easy --from-literal=eq=a=b',
      ),
    ).to.deep.equal(ok('configmap/game created\n'));
    expect(await k.run('create cm ui --from-env-file=ui.env')).to.deep.equal(
      ok('configmap/ui created\n'),
    );
    const game = await k.client.get<ConfigMap>(configmaps, 'default', 'game');
    expect(game.data).to.deep.equal({
      'game.properties': 'enemies=aliens\nlives=3\n',
      ui: 'enemies=aliens\nlives=3\n',
      mode: 'easy',
      eq: 'a=b',
    });
    const ui = await k.client.get<ConfigMap>(configmaps, 'default', 'ui');
    expect(ui.data).to.deep.equal({
      'color.good': 'purple',
      'allow.textmode': 'true',
      empty: '',
    });
    await k.client.create(configmaps, 'default', {
      metadata: { name: 'bin' },
      binaryData: { logo: 'iVBORw==' },
      data: { a: 'b' },
    });
    await k.clock.advance(61_000);
    expect(await k.run('get cm')).to.deep.equal(
      ok(`NAME   DATA   AGE
bin    2      61s
game   4      61s
ui     3      61s
`),
    );
  });

  it('describes every data value, and binary values by size', async () => {
    await k.client.create(configmaps, 'default', {
      metadata: { name: 'game', labels: { app: 'game' } },
      data: { 'game.properties': 'enemies=aliens\nlives=3\n', mode: 'easy' },
      binaryData: { logo: 'iVBORw==' },
    });
    expect(await k.run('describe configmap game')).to.deep.equal(
      ok(`Name:         game
Namespace:    default
Labels:       app=game
Annotations:  <none>

Data
====
game.properties:
----
enemies=aliens
lives=3


mode:
----
easy


BinaryData
====
logo: 4 bytes

Events:  <none>
`),
    );
  });

  const refused: [string, string][] = [
    [
      'create configmap c --from-literal=a',
      'error: invalid literal source a, expected key=value\n',
    ],
    [
      'create configmap c --from-literal==v',
      'error: invalid literal source =v, expected key=value\n',
    ],
    [
      'create configmap c --from-literal=a=1 --from-literal=a=2',
      'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "c"\n',
    ],
    [
      'create configmap c --from-literal=a/b=1',
      `error: "a/b" is not a valid key name for a ConfigMap: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n`,
    ],
    [
      'create configmap c --from-file=nope.txt',
      'error: error reading nope.txt: no such file or directory\n',
    ],
    ['create configmap c --from-file==x.txt', 'error: key name for file path x.txt missing\n'],
    ['create configmap c --from-file=k=', 'error: file path for key name k missing\n'],
    ['create configmap c --from-file=a=b=c', "error: key names or file paths cannot contain '='\n"],
    [
      'create configmap c --from-env-file=x.env --from-literal=a=b',
      'error: from-env-file cannot be combined with from-file or from-literal\n',
    ],
    [
      'create configmap c --from-env-file=nope.env',
      'error: error reading nope.env: no such file or directory\n',
    ],
    [
      'create configmap c --from-env-file=bad.env',
      `error: "1st" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n`,
    ],
  ];
  for (const [line, stderr] of refused) {
    it(`refuses: kubectl ${line}`, async () => {
      k.files.set('bad.env', 'ok=1\n1st=2\n');
      expect(await k.run(line)).to.deep.equal(fail(stderr));
      expect((await k.client.list(configmaps, 'default')).items).to.have.length(0);
    });
  }

  it('reports the server refusal as kubectl wraps it, and dry runs', async () => {
    expect(await k.run('create configmap Game --from-literal=a=b')).to.deep.equal(
      fail(
        `error: failed to create configmap: ConfigMap "Game" is invalid: metadata.name: Invalid value: "Game": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
      ),
    );
    expect(await k.run('create configmap c --from-literal=a=b --dry-run=client')).to.deep.equal(
      ok('configmap/c created (dry run)\n'),
    );
    expect(
      await k.run('create configmap c --from-literal=a=b --dry-run=server -o name'),
    ).to.deep.equal(ok('configmap/c\n'));
    expect((await k.client.list(configmaps, 'default')).items).to.have.length(0);
  });

  it('appends a hash of the config map to its name', async () => {
    const result = await k.run('create configmap name --append-hash --from-literal=a=b');
    expect(result.stdout).to.match(/^configmap\/name-[^013ae]{10} created\n$/);
    const again = await k.run(
      'create configmap name --append-hash --from-literal=a=b --dry-run=client',
    );
    expect(again.stdout).to.equal(result.stdout.replace('created', 'created (dry run)'));
  });
});

describe('kubectl and Secrets', () => {
  let k: KubectlHarness;
  beforeEach(async () => {
    k = await startKubectl();
  });

  it('creates generic secrets, lists them by type and describes sizes only', async () => {
    k.files.set('./username.txt', 'admin');
    k.files.set('./password.txt', 'S!B\\*d$zDsb=');
    expect(
      await k.run(
        'create secret generic db-user-pass --from-file=./username.txt --from-file=./password.txt',
      ),
    ).to.deep.equal(ok('secret/db-user-pass created\n'));
    expect(
      await k.run(
        'create secret generic typed --type=example.com/token --from-literal=token=t0k3n',
      ),
    ).to.deep.equal(ok('secret/typed created\n'));
    const created = await k.client.get<Secret>(secrets, 'default', 'db-user-pass');
    expect(created.type).to.equal('Opaque');
    expect(text(created.data!['password.txt'])).to.equal('S!B\\*d$zDsb=');
    await k.clock.advance(51_000);
    expect(await k.run('get secrets')).to.deep.equal(
      ok(`NAME           TYPE                DATA   AGE
db-user-pass   Opaque              2      51s
typed          example.com/token   1      51s
`),
    );
    const described = await k.run('describe secret db-user-pass');
    expect(described).to.deep.equal(
      ok(`Name:         db-user-pass
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
password.txt:  12 bytes
username.txt:  5 bytes
`),
    );
    expect(described.stdout).to.not.include('admin');
  });

  it('shows a service account token, as kubectl does', async () => {
    await k.client.create(secrets, 'default', {
      metadata: {
        name: 'sa-token',
        annotations: { 'kubernetes.io/service-account.name': 'default' },
      },
      type: 'kubernetes.io/service-account-token',
      stringData: { token: 'eyJhbGciOi', 'ca.crt': 'abc' },
    });
    expect((await k.run('describe secret sa-token')).stdout).to.equal(`Name:         sa-token
Namespace:    default
Labels:       <none>
Annotations:  kubernetes.io/service-account.name: default

Type:  kubernetes.io/service-account-token

Data
====
ca.crt:  3 bytes
token:   eyJhbGciOi
`);
  });

  it('creates TLS secrets from a key pair, checking the PEM as kubectl does', async () => {
    k.files.set('tls.crt', cert);
    k.files.set('tls.key', key);
    expect(await k.run('create secret tls web-tls --cert=tls.crt --key=tls.key')).to.deep.equal(
      ok('secret/web-tls created\n'),
    );
    const s = await k.client.get<Secret>(secrets, 'default', 'web-tls');
    expect(s.type).to.equal('kubernetes.io/tls');
    expect(text(s.data!['tls.crt'])).to.equal(cert);
    expect(text(s.data!['tls.key'])).to.equal(key);
    const cases: [string, string][] = [
      ['create secret tls t --cert=tls.crt', 'error: key and cert must be specified\n'],
      [
        'create secret tls t --cert=nope.crt --key=tls.key',
        'error: Cannot read file nope.crt, open nope.crt: no such file or directory\n',
      ],
      [
        'create secret tls t --cert=tls.key --key=tls.crt',
        'error: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched\n',
      ],
      [
        'create secret tls t --cert=tls.crt --key=tls.crt',
        'error: tls: found a certificate rather than a key in the PEM for the private key\n',
      ],
      [
        'create secret tls t --cert=empty --key=tls.key',
        'error: tls: failed to find any PEM data in certificate input\n',
      ],
    ];
    k.files.set('empty', 'hello');
    for (const [line, stderr] of cases) expect(await k.run(line), line).to.deep.equal(fail(stderr));
  });

  it('creates docker-registry secrets with the docker config kubectl writes', async () => {
    expect(
      await k.run(
        'create secret docker-registry regcred --docker-username=tiger --docker-password=pass<&> --docker-email=tiger@acme.example',
      ),
    ).to.deep.equal(ok('secret/regcred created\n'));
    const s = await k.client.get<Secret>(secrets, 'default', 'regcred');
    expect(s.type).to.equal('kubernetes.io/dockerconfigjson');
    expect(text(s.data!['.dockerconfigjson'])).to.equal(
      `{"auths":{"https://index.docker.io/v1/":{"auth":"${btoa('tiger:pass<&>')}","email":"tiger@acme.example","password":"pass\\u003c\\u0026\\u003e","username":"tiger"}}}`,
    );
    expect(await k.run('create secret docker-registry r2 --docker-username=u')).to.deep.equal(
      fail(
        'error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required\n',
      ),
    );
    k.files.set('config.json', '{"auths":{}}');
    expect(await k.run('create secret docker-registry r3 --from-file=config.json')).to.deep.equal(
      ok('secret/r3 created\n'),
    );
    const r3 = await k.client.get<Secret>(secrets, 'default', 'r3');
    expect(Object.keys(r3.data!)).to.deep.equal(['.dockerconfigjson']);
  });

  it('refuses bad keys and prints help for create secret alone', async () => {
    expect(await k.run('create secret generic s --from-literal=a/b=1')).to.deep.equal(
      fail(
        `error: "a/b" is not valid key name for a Secret a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n`,
      ),
    );
    expect(
      await k.run('create secret generic s --from-literal=a=1 --from-literal=a=2'),
    ).to.deep.equal(fail('error: cannot add key a, another key by that name already exists\n'));
    expect(
      await k.run('create secret generic s --type=kubernetes.io/tls --from-literal=a=1'),
    ).to.deep.equal(
      fail(
        'error: failed to create secret Secret "s" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]\n',
      ),
    );
    const help = await k.run('create secret');
    expect(help.exitCode).to.equal(1);
    expect(help.stderr).to.include(`Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret
`);
  });
});
