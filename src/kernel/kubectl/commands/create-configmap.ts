/**
 * `kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1]
 * [--from-env-file=path]`: file sources first, then literals, then env files, each key checked
 * as kubectl checks it before anything is sent.
 */
import { configmaps } from '../../api/resources.ts';
import { isConfigMapKey } from '../../api/validation/config-key.ts';
import type { ConfigMap } from '../../types/config.ts';
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
import { flagArray, flagBool, type FlagSpec, type ParsedArgs } from '../flags.ts';
import { createGenerated, generatorFlags, oneName } from './create.ts';

/** The `--append-hash` flag of the configmap and secret generators. */
export const appendHashFlag: FlagSpec = {
  name: 'append-hash',
  type: 'bool',
  usage: 'Append a hash of the configmap to its name.',
};

/** Checks a new key as validateNewConfigMap does, then adds it to data. */
function addKey(cm: ConfigMap, key: string, value: string): void {
  const errs = isConfigMapKey(key);
  if (errs.length > 0) {
    throw new KubectlError(
      `${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${errs.join(',')}`,
    );
  }
  const name = JSON.stringify(cm.metadata.name);
  if (Object.hasOwn(cm.data!, key)) {
    throw new KubectlError(
      `cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${name}`,
    );
  }
  cm.data![key] = value;
}

async function buildConfigMap(ctx: KubectlContext, args: ParsedArgs): Promise<ConfigMap> {
  const name = oneName(args);
  const files = flagArray(args, 'from-file').flatMap((v) => v.split(','));
  const literals = flagArray(args, 'from-literal');
  const envFiles = flagArray(args, 'from-env-file').flatMap((v) => v.split(','));
  if (envFiles.length > 0 && (files.length > 0 || literals.length > 0)) {
    throw new KubectlError('from-env-file cannot be combined with from-file or from-literal');
  }
  const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: {} };
  for (const source of files) {
    const [key, path] = parseFileSource(source);
    addKey(cm, key, await readSourceFile(ctx, path));
  }
  for (const source of literals) addKey(cm, ...parseLiteralSource(source));
  for (const path of envFiles) {
    for (const [key, value] of envFileEntries(await readSourceFile(ctx, path))) {
      addKey(cm, key, value);
    }
  }
  if (flagBool(args, 'append-hash')) {
    const encoded = goJsonMarshal({ kind: 'ConfigMap', name, data: cm.data });
    cm.metadata.name = `${name}-${await nameHash(encoded)}`;
  }
  return cm;
}

const command: Command = {
  path: ['create', 'configmap'],
  short: 'Create a config map from a local file, directory or literal value',
  examples: `  # Create a new config map named my-config based on folder bar
  kubectl create configmap my-config --from-file=path/to/bar

  # Create a new config map named my-config with specified keys instead of file basenames on disk
  kubectl create configmap my-config --from-file=key1=/path/to/bar/file1.txt --from-file=key2=/path/to/bar/file2.txt

  # Create a new config map named my-config with key1=config1 and key2=config2
  kubectl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2

  # Create a new config map named my-config from the key=value pairs in the file
  kubectl create configmap my-config --from-file=path/to/bar

  # Create a new config map named my-config from an env file
  kubectl create configmap my-config --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env`,
  flags: [
    {
      name: 'from-file',
      type: 'stringArray',
      usage:
        'Key file can be specified using its file path, in which case file basename will be used as configmap key, or optionally with a key and file path, in which case the given key will be used.  Specifying a directory will iterate each named file in the directory whose basename is a valid configmap key.',
    },
    {
      name: 'from-literal',
      type: 'stringArray',
      usage: 'Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)',
    },
    {
      name: 'from-env-file',
      type: 'stringArray',
      usage: 'Specify the path to a file to read lines of key=val pairs to create a configmap.',
    },
    appendHashFlag,
    ...generatorFlags,
  ],
  async run(ctx, args) {
    const cm = await buildConfigMap(ctx, args);
    return createGenerated(ctx, args, configmaps, cm, (m) => `failed to create configmap: ${m}`);
  },
};

register(command, { ...command, path: ['create', 'cm'] });
