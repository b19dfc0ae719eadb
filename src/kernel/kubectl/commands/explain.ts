import { schemaForKind, typeDescription, type FieldSchema } from '../../api/schema/index.ts';
import { builtinResources, type ResourceInfo } from '../../api/resources.ts';
import { register } from '../command.ts';
import { KubectlError } from '../errors.ts';
import { flagBool, flagString } from '../flags.ts';
import { resolveResourceType } from '../resource-types.ts';

/** Greedy word wrap at `limit` columns keeping existing line breaks (go-wordwrap, as kubectl wraps). */
function wrap(text: string, limit: number): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(' ')) {
        if (line && line.length + 1 + word.length > limit) {
          lines.push(line);
          line = word;
        } else {
          line = line ? `${line} ${word}` : word;
        }
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}

/** The template's `indent`: every line, the empty last one included, gets the padding. */
function indent(text: string, amount: number): string {
  const pad = ' '.repeat(amount);
  return pad + text.replaceAll('\n', `\n${pad}`);
}

/** The `<type>` explain shows: `string`, `[]Container`, `map[string]string`, `ObjectMeta`, `Quantity`. */
function typeName(schema: FieldSchema): string {
  switch (schema.type) {
    case 'array':
      return `[]${schema.items ? typeName(schema.items) : 'Object'}`;
    case 'map':
      return `map[string]${schema.items ? typeName(schema.items) : 'Object'}`;
    case 'object':
      return schema.typeName ?? 'Object';
    case 'quantity':
      return 'Quantity';
    case 'int-or-string':
      return 'IntOrString';
    case 'any':
      return schema.goType.slice(schema.goType.lastIndexOf('.') + 1) || 'Object';
    default:
      return schema.type;
  }
}

/** Arrays and maps show the fields of what they hold. */
function fieldsOf(schema: FieldSchema): FieldSchema | undefined {
  let s: FieldSchema | undefined = schema;
  while (s && (s.type === 'array' || s.type === 'map')) s = s.items;
  return s?.children ? s : undefined;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The FIELDS list: name, type, `-required-`, description; with `recursive`, names only, nested. */
function fieldList(
  schema: FieldSchema,
  level: number,
  recursive: boolean,
  seen: Set<string>,
): string {
  const holder = fieldsOf(schema);
  if (!holder?.children) return '';
  // A type met again further down (a cycle) is not expanded a second time.
  if (holder.typeName && seen.has(holder.typeName)) return '';
  const nextSeen = new Set(seen);
  if (holder.typeName) nextSeen.add(holder.typeName);
  let out = '';
  for (const name of Object.keys(holder.children).sort(byteOrder)) {
    const field = holder.children[name];
    const pad = level * 2;
    out += `${' '.repeat(pad)}${name}\t<${typeName(field)}>${field.required ? ' -required-' : ''}\n`;
    if (!recursive) {
      out += `${indent(wrap(field.description || '<no description>', 78 - pad), pad + 2)}\n\n`;
    } else {
      out += fieldList(field, level + 1, recursive, nextSeen);
    }
  }
  return out;
}

/** Which resource an explain argument names, and the field path after it (`pods.spec.containers`). */
function splitRequest(arg: string): { info: ResourceInfo; path: string[] } {
  const parts = arg.split('.');
  // `deployments.apps.spec`: a resource qualified by its group.
  for (const info of builtinResources) {
    if (!info.group) continue;
    const groupParts = info.group.split('.');
    const qualified = parts.slice(1, 1 + groupParts.length).join('.');
    if (qualified === info.group && parts.length > groupParts.length) {
      try {
        if (resolveResourceType(`${parts[0]}.${info.group}`) === info) {
          return { info, path: parts.slice(1 + groupParts.length) };
        }
      } catch {
        // not this group
      }
    }
  }
  return { info: resolveResourceType(parts[0]), path: parts.slice(1) };
}

/** Renders kubectl's plaintext explain template for a kind or one of its fields. */
function explain(info: ResourceInfo, path: readonly string[], recursive: boolean): string {
  const root = schemaForKind(info.kind);
  if (!root)
    throw new KubectlError(
      `couldn't find resource for "${info.group ? `${info.group}/` : ''}${info.version}, Kind=${info.kind}"`,
    );
  let out = info.group ? `GROUP:      ${info.group}\n` : '';
  out += `KIND:       ${info.kind}\nVERSION:    ${info.version}\n\n`;
  let schema: FieldSchema = root;
  path.forEach((name, i) => {
    const holder = fieldsOf(schema);
    const child = holder?.children?.[name];
    if (!child) throw new KubectlError(`field "${path[path.length - 1]}" does not exist`);
    schema = child;
    if (i === path.length - 1) out += `FIELD: ${name} <${typeName(child)}>\n\n\n`;
  });
  // The template's "description": the field's own, then the one of the type it holds.
  let description = schema.description ? `${schema.description}\n` : '';
  const held = fieldsOf(schema);
  const ownType = path.length > 0 && held?.typeName ? typeDescription(held.typeName) : '';
  if (ownType) description += `${ownType}\n`;
  out += `DESCRIPTION:\n${indent(wrap(description || '<empty>', 76), 4)}\n`;
  const fields = fieldList(schema, 1, recursive, new Set());
  if (fields) out += `FIELDS:\n${fields}`;
  return `${out}\n`;
}

register({
  path: ['explain'],
  short: 'Get documentation for a resource',
  examples: `  # Get the documentation of the resource and its fields
  kubectl explain pods

  # Get all the fields in the resource
  kubectl explain pods --recursive

  # Get the explanation for deployment in supported api versions
  kubectl explain deployments --api-version=apps/v1

  # Get the documentation of a specific field of a resource
  kubectl explain pods.spec.containers`,
  flags: [
    {
      name: 'recursive',
      short: 'R',
      type: 'bool',
      usage: 'Print the fields of fields. Use --max-depth to cap the recursion depth.',
    },
    {
      name: 'api-version',
      type: 'string',
      usage: 'Get different explanations for particular API version (API group/version)',
    },
    {
      name: 'output',
      short: 'o',
      type: 'string',
      default: 'plaintext',
      usage: 'Format in which to render the schema (plaintext, plaintext-openapiv2)',
    },
  ],
  async run(ctx, args) {
    const words = args.positionals;
    if (words.length === 0) {
      throw new KubectlError(
        'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
      );
    }
    if (words.length > 1) throw new KubectlError('We accept only this format: explain RESOURCE');
    const output = flagString(args, 'output');
    if (output !== 'plaintext') {
      throw new KubectlError(`unrecognized format: ${output}`);
    }
    const { info, path } = splitRequest(words[0]);
    const apiVersion = flagString(args, 'api-version');
    const gv = info.group ? `${info.group}/${info.version}` : info.version;
    if (apiVersion && apiVersion !== gv) {
      throw new KubectlError(`couldn't find resource for "${apiVersion}, Kind=${info.kind}"`);
    }
    ctx.stdout.write(explain(info, path, flagBool(args, 'recursive')));
    return 0;
  },
});
