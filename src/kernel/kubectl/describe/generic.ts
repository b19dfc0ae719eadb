import type { ResourceInfo } from '../../api/resources.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import { byteOrder, printAnnotations, printLabels } from './format.ts';
import { PrefixWriter } from './prefix-writer.ts';

type CharClass = 'lower' | 'upper' | 'digit' | 'other';

function charClass(c: string): CharClass {
  if (/\p{Ll}/u.test(c)) return 'lower';
  if (/\p{Lu}/u.test(c)) return 'upper';
  if (/\p{Nd}/u.test(c)) return 'digit';
  return 'other';
}

/** fatih/camelcase.Split: runs of one character class, `HTTPServer` → `HTTP`, `Server`. */
function camelSplit(s: string): string[] {
  const runs: { text: string; cls: CharClass }[] = [];
  for (const c of s) {
    const cls = charClass(c);
    const last = runs[runs.length - 1];
    if (last && last.cls === cls) last.text += c;
    else runs.push({ text: c, cls });
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (runs[i].cls === 'upper' && runs[i + 1].cls === 'lower') {
      const chars = [...runs[i].text];
      const moved = chars.pop() ?? '';
      runs[i].text = chars.join('');
      runs[i + 1].text = moved + runs[i + 1].text;
    }
  }
  return runs.map((r) => r.text).filter(Boolean);
}

const acronyms = new Set(['API', 'URL', 'UID', 'GUID']);

/** smartLabelFor: `apiVersion` → `API Version`, `creationTimestamp` → `Creation Timestamp`. */
export function smartLabel(field: string): string {
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== '-')) return field;
  const parts = camelSplit(field);
  const merged: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const next = parts[i + 1];
    const allUpper = [...part].every((c) => !/\p{L}/u.test(c) || /\p{Lu}/u.test(c));
    if (next !== undefined && part.length >= 2 && allUpper && /^\p{Lu}/u.test(next)) {
      merged.push(part + next);
      i++;
      continue;
    }
    merged.push(part);
  }
  return merged
    .filter((p) => p !== '_')
    .map((p) => {
      if (acronyms.has(p.toUpperCase())) return p.toUpperCase();
      if (p.toLowerCase() === p) return p.charAt(0).toUpperCase() + p.slice(1);
      return p;
    })
    .join(' ');
}

/** Go's %v of a decoded JSON value. */
function scalar(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

const skipped = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);

/** printUnstructuredContent: every field, sorted, maps and lists as nested blocks. */
function printContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
): void {
  for (const field of Object.keys(content).sort(byteOrder)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (skipped.has(path)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child))
          printContent(w, level + 1, child as Record<string, unknown>, path);
        else w.write(level + 1, `${scalar(child)}\n`);
      }
    } else if (value && typeof value === 'object') {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value as Record<string, unknown>, path);
    } else {
      w.write(level, `${smartLabel(field)}:\t${scalar(value)}\n`);
    }
  }
}

/**
 * kubectl's generic describer, for kinds without their own (events, leases): name, namespace,
 * labels, annotations, then every field of the object, and its events.
 */
export function genericDescriber(info: ResourceInfo): Describer {
  return async (ctx, namespace, name) => {
    const obj = await ctx.client.get<KubeObject>(
      info,
      info.namespaced ? namespace : undefined,
      name,
    );
    const w = new PrefixWriter();
    w.write(0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', obj.metadata.labels);
    printAnnotations(w, 'Annotations', obj.metadata.annotations);
    printContent(w, 0, obj as Record<string, unknown>, '');
    if (ctx.showEvents) {
      await writeEvents(w, ctx.client, ctx.now, [
        {
          name: obj.metadata.name ?? name,
          namespace: obj.metadata.namespace ?? '',
          kind: obj.kind ?? info.kind,
          uid: obj.metadata.uid,
        },
      ]);
    }
    return w.result();
  };
}
