/**
 * `kubectl create secret generic|tls|docker-registry NAME ...`: the Secret is built and checked
 * as kubectl builds it (keys, files, the TLS key pair's PEM, the docker config JSON) before it is
 * sent; `kubectl create secret` alone prints its help.
 */
import { secrets } from '../../api/resources.ts';
import { isConfigMapKey } from '../../api/validation/config-key.ts';
import type { Secret } from '../../types/config.ts';
import { encodeBase64, encodeBase64Text } from '../../util/go-base64.ts';
import { register, type Command } from '../command.ts';
import type { KubectlContext } from '../context.ts';
import {
  envFileEntries,
  goJsonMarshal,
  nameHash,
  parseFileSource,
  parseLiteralSource,
  readSourceFile,
} from '../data-sources.ts';
import { KubectlError } from '../errors.ts';
import { flagArray, flagBool, flagString, UsageError, type ParsedArgs } from '../flags.ts';
import { keyPairError } from '../pem-key-pair.ts';
import { createGenerated, generatorFlags, oneName } from './create.ts';

const appendHash = {
  name: 'append-hash',
  type: 'bool' as const,
  usage: 'Append a hash of the secret to its name.',
};

/** newSecretObj: no type is sent when none is given (the server defaults it to Opaque). */
function newSecret(name: string, type: string): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name },
    ...(type ? { type } : {}),
    data: {},
  };
}

/** addKeyFromLiteralToSecret: a valid key, not there yet; the value is stored as base64. */
function addKey(secret: Secret, key: string, value: string): void {
  const errs = isConfigMapKey(key);
  if (errs.length > 0) {
    throw new KubectlError(
      `${JSON.stringify(key)} is not valid key name for a Secret ${errs.join(';')}`,
    );
  }
  if (Object.hasOwn(secret.data!, key)) {
    throw new KubectlError(`cannot add key ${key}, another key by that name already exists`);
  }
  secret.data![key] = encodeBase64Text(value);
}

async function addFileSources(
  ctx: KubectlContext,
  secret: Secret,
  sources: string[],
): Promise<void> {
  for (const source of sources) {
    const [key, path] = parseFileSource(source);
    addKey(secret, key, await readSourceFile(ctx, path));
  }
}

/** `--append-hash`: the name gets a suffix from the secret's kind, type, name and data. */
async function withHash(secret: Secret, args: ParsedArgs): Promise<Secret> {
  if (!flagBool(args, 'append-hash')) return secret;
  const name = secret.metadata.name ?? '';
  const encoded = goJsonMarshal({
    kind: 'Secret',
    type: secret.type ?? '',
    name,
    data: secret.data,
  });
  secret.metadata.name = `${name}-${await nameHash(encoded)}`;
  return secret;
}

const listFlag = (args: ParsedArgs, name: string) =>
  flagArray(args, name).flatMap((v) => v.split(','));

const create = (ctx: KubectlContext, args: ParsedArgs, secret: Secret) =>
  // kubectl words this one without a colon.
  createGenerated(ctx, args, secrets, secret, (m) => `failed to create secret ${m}`);

const generic: Command = {
  path: ['create', 'secret', 'generic'],
  short: 'Create a secret from a local file, directory, or literal value',
  examples: `  # Create a new secret named my-secret with keys for each file in folder bar
  kubectl create secret generic my-secret --from-file=path/to/bar

  # Create a new secret named my-secret with specified keys instead of names on disk
  kubectl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-file=ssh-publickey=path/to/id_rsa.pub

  # Create a new secret named my-secret with key1=supersecret and key2=topsecret
  kubectl create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret

  # Create a new secret named my-secret using a combination of a file and a literal
  kubectl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-literal=passphrase=topsecret

  # Create a new secret named my-secret from env files
  kubectl create secret generic my-secret --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env`,
  flags: [
    {
      name: 'from-file',
      type: 'stringArray',
      usage:
        'Key files can be specified using their file path, in which case a default name will be given to them, or optionally with a name and file path, in which case the given name will be used.  Specifying a directory will iterate each named file in the directory that is a valid secret key.',
    },
    {
      name: 'from-literal',
      type: 'stringArray',
      usage: 'Specify a key and literal value to insert in secret (i.e. mykey=somevalue)',
    },
    {
      name: 'from-env-file',
      type: 'stringArray',
      usage: 'Specify the path to a file to read lines of key=val pairs to create a secret.',
    },
    { name: 'type', type: 'string', usage: 'The type of secret to create' },
    appendHash,
    ...generatorFlags,
  ],
  async run(ctx, args) {
    const name = oneName(args);
    const files = listFlag(args, 'from-file');
    const literals = flagArray(args, 'from-literal');
    const envFiles = listFlag(args, 'from-env-file');
    if (envFiles.length > 0 && (files.length > 0 || literals.length > 0)) {
      throw new KubectlError('from-env-file cannot be combined with from-file or from-literal');
    }
    const secret = newSecret(name, flagString(args, 'type'));
    for (const source of literals) addKey(secret, ...parseLiteralSource(source));
    await addFileSources(ctx, secret, files);
    for (const path of envFiles) {
      for (const [key, value] of envFileEntries(await readSourceFile(ctx, path))) {
        addKey(secret, key, value);
      }
    }
    return create(ctx, args, await withHash(secret, args));
  },
};

/** readFile of create_secret_tls: its own wording for a missing file. */
async function readTlsFile(ctx: KubectlContext, path: string): Promise<string> {
  const text = ctx.readFile ? await ctx.readFile(path) : undefined;
  if (text === undefined) {
    throw new KubectlError(`Cannot read file ${path}, open ${path}: no such file or directory`);
  }
  return text;
}

const tls: Command = {
  path: ['create', 'secret', 'tls'],
  short: 'Create a TLS secret',
  examples: `  # Create a new TLS secret named tls-secret with the given key pair
  kubectl create secret tls tls-secret --cert=path/to/tls.crt --key=path/to/tls.key`,
  flags: [
    { name: 'cert', type: 'string', usage: 'Path to PEM encoded public key certificate.' },
    {
      name: 'key',
      type: 'string',
      usage: 'Path to private key associated with given certificate.',
    },
    appendHash,
    ...generatorFlags,
  ],
  async run(ctx, args) {
    const name = oneName(args);
    const certPath = flagString(args, 'cert');
    const keyPath = flagString(args, 'key');
    if (!certPath || !keyPath) throw new KubectlError('key and cert must be specified');
    const cert = await readTlsFile(ctx, certPath);
    const key = await readTlsFile(ctx, keyPath);
    const problem = keyPairError(cert, key);
    if (problem) throw new KubectlError(problem);
    const secret = newSecret(name, 'kubernetes.io/tls');
    secret.data = { 'tls.crt': encodeBase64Text(cert), 'tls.key': encodeBase64Text(key) };
    return create(ctx, args, await withHash(secret, args));
  },
};

const dockerRegistry: Command = {
  path: ['create', 'secret', 'docker-registry'],
  short: 'Create a secret for use with a Docker registry',
  examples: `  # If you do not already have a .dockercfg file, create a dockercfg secret directly
  kubectl create secret docker-registry my-secret --docker-server=DOCKER_REGISTRY_SERVER --docker-username=DOCKER_USER --docker-password=DOCKER_PASSWORD --docker-email=DOCKER_EMAIL

  # Create a new secret named my-secret from ~/.docker/config.json
  kubectl create secret docker-registry my-secret --from-file=path/to/.docker/config.json`,
  flags: [
    {
      name: 'docker-username',
      type: 'string',
      usage: 'Username for Docker registry authentication',
    },
    {
      name: 'docker-password',
      type: 'string',
      usage: 'Password for Docker registry authentication',
    },
    { name: 'docker-email', type: 'string', usage: 'Email for Docker registry' },
    {
      name: 'docker-server',
      type: 'string',
      default: 'https://index.docker.io/v1/',
      usage: 'Server location for Docker registry',
    },
    appendHash,
    {
      name: 'from-file',
      type: 'stringArray',
      usage:
        'Key files can be specified using their file path, in which case a default name of .dockerconfigjson will be given to them, or optionally with a name and file path, in which case the given name will be used. Specifying a directory will iterate each named file in the directory that is a valid secret key. For this command, the key should always be .dockerconfigjson.',
    },
    ...generatorFlags,
  ],
  async run(ctx, args) {
    const name = oneName(args);
    const files = listFlag(args, 'from-file').map((f) =>
      f.includes('=') ? f : `.dockerconfigjson=${f}`,
    );
    const username = flagString(args, 'docker-username');
    const password = flagString(args, 'docker-password');
    const server = flagString(args, 'docker-server');
    if (files.length === 0 && (!username || !password || !server)) {
      throw new KubectlError(
        'either --from-file or the combination of --docker-username, --docker-password and --docker-server is required',
      );
    }
    const secret = newSecret(name, 'kubernetes.io/dockerconfigjson');
    if (files.length > 0) {
      await addFileSources(ctx, secret, files);
    } else {
      // DockerConfigEntry: empty fields are left out; auth is base64 of user:password.
      const entry: Record<string, string> = {};
      if (username) entry.username = username;
      if (password) entry.password = password;
      const email = flagString(args, 'docker-email');
      if (email) entry.email = email;
      entry.auth = encodeBase64(new TextEncoder().encode(`${username}:${password}`));
      const json = goJsonMarshal({ auths: { [server]: entry } });
      secret.data = { '.dockerconfigjson': encodeBase64Text(json) };
    }
    return create(ctx, args, await withHash(secret, args));
  },
};

const parent: Command = {
  path: ['create', 'secret'],
  short: 'Create a secret using a specified subcommand',
  flags: [],
  async run(ctx, args) {
    if (args.positionals.length > 0)
      throw new UsageError(`unknown command "${args.positionals.join(' ')}"`);
    ctx.stderr.write(`Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   ${dockerRegistry.short}
  generic           ${generic.short}
  tls               ${tls.short}

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use "kubectl create secret <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`);
    return 1;
  },
};

register(parent, generic, tls, dockerRegistry);
