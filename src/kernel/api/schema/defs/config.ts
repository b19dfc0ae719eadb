/**
 * Field shapes of core/v1 ConfigMap and Secret. Field names and Go types follow k8s.io/api;
 * descriptions are this project's own one-liners.
 */
import type { Definitions } from '../types.ts';

export const configDefinitions: Definitions = {
  ConfigMap: {
    d: 'Configuration for pods to read as environment variables or files.',
    f: {
      metadata: ['ObjectMeta', "The config map's name, namespace and other object metadata."],
      data: [
        'map[string]string',
        'Text values by key; keys are alphanumerics, -, _ and . (not also in binaryData).',
      ],
      binaryData: [
        'map[string][]byte',
        'Byte values by key, base64-encoded; for values that are not UTF-8 text.',
      ],
      immutable: [
        'bool',
        'When true, data and binaryData can never change again (only metadata can).',
      ],
    },
  },
  Secret: {
    d: 'Sensitive data (passwords, tokens, keys) for pods to read.',
    f: {
      metadata: ['ObjectMeta', "The secret's name, namespace and other object metadata."],
      data: [
        'map[string][]byte',
        'Values by key, base64-encoded; keys are alphanumerics, -, _ and . .',
      ],
      stringData: [
        'map[string]string',
        'Write-only plain-text values, merged into data on write (and winning over it).',
      ],
      type: [
        'SecretType',
        'What the secret holds (Opaque, kubernetes.io/tls...); decides its required keys.',
      ],
      immutable: ['bool', 'When true, data can never change again (only metadata can).'],
    },
  },
};
