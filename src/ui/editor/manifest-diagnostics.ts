import { parseAllDocuments, type Document } from 'yaml';
import { applyDefaults } from '../../kernel/api/defaults/index.ts';
import { formatFieldError } from '../../kernel/api/errors.ts';
import { builtinResources } from '../../kernel/api/resources.ts';
import { findDecodeError, findUnknownFields } from '../../kernel/api/schema/index.ts';
import { servedKinds } from '../../kernel/api/schema/index.ts';
import { validateCreate } from '../../kernel/api/validation/index.ts';
import type { KubeObject } from '../../kernel/types/meta.ts';
import { fieldRange, parseFieldPath, type PathStep } from './field-range.ts';

/** One problem in the manifest text, at character offsets `from`..`to`. */
export interface ManifestDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What is wrong with a multi-document manifest before it is applied, each problem at its place
 * in the text: YAML syntax errors (the yaml parser's, at their position); a missing or unknown
 * kind; then, per object, what the API server would refuse: unknown fields (strict field
 * validation), values of the wrong type, and the kind's validation run on the defaulted object
 * (required fields, invalid values) — the kernel's own checks, so the editor and the server
 * agree.
 */
export function manifestDiagnostics(text: string): ManifestDiagnostic[] {
  const out: ManifestDiagnostic[] = [];
  for (const doc of parseAllDocuments(text, { prettyErrors: false })) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors)
        out.push(at(e.pos[0], e.pos[1], 'error', firstSentence(e.message)));
      continue;
    }
    for (const w of doc.warnings)
      out.push(at(w.pos[0], w.pos[1], 'warning', firstSentence(w.message)));
    out.push(...objectDiagnostics(doc, text));
  }
  return out.sort((a, b) => a.from - b.from);
}

function at(
  from: number,
  to: number,
  severity: 'error' | 'warning',
  message: string,
): ManifestDiagnostic {
  return { from, to: Math.max(to, from + 1), severity, message };
}

/** The yaml package's message without the `at line…` suffix and code excerpt (the mark shows where). */
function firstSentence(message: string): string {
  return message.replace(/ at line \d+, column \d+:[^]*$/, '').trim();
}

function objectDiagnostics(doc: Document, text: string): ManifestDiagnostic[] {
  const object: unknown = doc.toJS();
  if (object === null || object === undefined) return [];
  const start = doc.contents?.range?.[0] ?? 0;
  const mark = (
    path: PathStep[],
    part: 'key' | 'value',
    message: string,
    severity: 'error' | 'warning' = 'error',
  ) => {
    const range = fieldRange(doc, text, path, part) ?? { from: start, to: start + 1 };
    return at(range.from, range.to, severity, message);
  };
  if (!isObject(object))
    return [mark([], 'value', 'a manifest document must be a YAML mapping (an object)')];
  const kind = object.kind;
  const apiVersion = object.apiVersion;
  if (typeof apiVersion !== 'string' || apiVersion === '')
    return [mark([], 'value', "Object 'apiVersion' is missing")];
  if (typeof kind !== 'string' || kind === '')
    return [mark([], 'value', "Object 'Kind' is missing")];
  if (servedKinds[kind] !== apiVersion) {
    return [mark(['kind'], 'value', `no matches for kind "${kind}" in version "${apiVersion}"`)];
  }

  const out: ManifestDiagnostic[] = [];
  for (const path of findUnknownFields(kind, object)) {
    out.push(mark(parseFieldPath(path), 'key', `unknown field "${path}"`));
  }
  const decodeError = findDecodeError(kind, object);
  if (decodeError) {
    out.push(markDecodeError(doc, text, decodeError, start));
    return out;
  }

  const copy = structuredClone(object) as unknown as KubeObject;
  const info = builtinResources.find((r) => r.kind === kind);
  copy.metadata ??= {};
  if (info?.namespaced) copy.metadata.namespace ??= 'default';
  applyDefaults(kind, copy);
  for (const e of validateCreate(kind, copy)) {
    out.push(mark(parseFieldPath(e.field), 'value', formatFieldError(e)));
  }
  return out;
}

/**
 * The decoder names a field by its dotted path without list indexes
 * (`Go struct field Deployment.spec.template.spec.containers.ports.containerPort`): the first
 * value at that path holding the JSON kind it complains about is the one marked.
 */
function markDecodeError(
  doc: Document,
  text: string,
  message: string,
  start: number,
): ManifestDiagnostic {
  const where = /Go struct field [^.\s]+\.(\S+) of type/.exec(message)?.[1];
  const what = /cannot unmarshal (\w+)/.exec(message)?.[1];
  const fallback = at(start, start + 1, 'error', message);
  if (!where) return fallback;
  const object = doc.toJS() as unknown;
  const path = findTyped(object, where.split('.'), what, []);
  const range = path ? fieldRange(doc, text, path, 'value') : undefined;
  return range ? at(range.from, range.to, 'error', message) : fallback;
}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'array' : 'object';
}

/** The first concrete path (with list indexes) through `value` along `names` whose end has JSON kind `what`. */
function findTyped(
  value: unknown,
  names: string[],
  what: string | undefined,
  path: PathStep[],
): PathStep[] | undefined {
  if (names.length === 0) {
    if (what === undefined || jsonKind(value) === what) return path;
    // A list of the wrong items is reported at the list's path: mark the first wrong item.
    if (!Array.isArray(value)) return undefined;
    const i = value.findIndex((item) => jsonKind(item) === what);
    return i < 0 ? undefined : [...path, i];
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findTyped(value[i], names, what, [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value) || !(names[0] in value)) return undefined;
  return findTyped(value[names[0]], names.slice(1), what, [...path, names[0]]);
}
