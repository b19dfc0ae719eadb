import { isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';

/** One step of a Kubernetes field path: a field name, a list index, or a map key. */
export type PathStep = string | number;

/**
 * Splits a field path as Kubernetes writes it (`spec.template.spec.containers[0].image`,
 * `metadata.labels[app]`) into steps; `[n]` is an index, `[key]` a map key.
 */
export function parseFieldPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) steps.push(m[1]);
    else steps.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return steps;
}

/** Where a field path lands in a YAML document. */
export interface FieldRange {
  /** Character offsets of the marked text. */
  from: number;
  to: number;
  /** True when the whole path exists; false when it stops at the deepest existing ancestor. */
  exact: boolean;
}

/**
 * The text range of the field at `path` in `doc`: its key (`part: 'key'`, for unknown fields)
 * or its value (for type and validation errors). A path that is missing, such as a required
 * field left out, is marked at the first line of the deepest node that exists (the container
 * missing its `image`), so the mark sits where the field belongs.
 */
export function fieldRange(
  doc: Document,
  text: string,
  path: readonly PathStep[],
  part: 'key' | 'value' = 'value',
): FieldRange | undefined {
  let node: unknown = doc.contents;
  let keyNode: YamlNode | undefined;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    let next: unknown;
    let nextKey: YamlNode | undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step),
      );
      if (pair) {
        next = pair.value;
        nextKey = pair.key as YamlNode;
      }
    } else if (isSeq(node) && typeof step === 'number') {
      next = node.items[step];
    }
    if (next === undefined && nextKey === undefined)
      return firstLine(node ?? doc.contents, text, keyNode);
    if (next === null || next === undefined) {
      // `image:` with nothing after it: the key is all there is to mark.
      return nextKey ? rangeOf(nextKey, i === path.length - 1) : undefined;
    }
    node = next;
    keyNode = nextKey;
  }
  if (part === 'key' && keyNode) return rangeOf(keyNode, true);
  return rangeOf(node as YamlNode, true);
}

function rangeOf(node: YamlNode, exact: boolean): FieldRange | undefined {
  if (!node.range) return undefined;
  return { from: node.range[0], to: Math.max(node.range[0] + 1, node.range[1]), exact };
}

/** The first line of `node` (a map or list can span many), or of its key when it has one. */
function firstLine(node: unknown, text: string, key: YamlNode | undefined): FieldRange | undefined {
  const target = (key ?? node) as YamlNode | undefined;
  if (!target?.range) return undefined;
  const from = target.range[0];
  const lineEnd = text.indexOf('\n', from);
  const to = Math.min(target.range[1], lineEnd < 0 ? text.length : lineEnd);
  return { from, to: Math.max(from + 1, to), exact: false };
}
