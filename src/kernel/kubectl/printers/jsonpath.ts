/**
 * kubectl's JSONPath templates (client-go util/jsonpath): text outside braces is printed as
 * is; inside braces a path (`.items[*].metadata.name`, `..namespace`, `[?(@.type=="Ready")]`,
 * `['app.kubernetes.io/name']`), a quoted string (`"\n"`), or `range PATH` ... `end`.
 */
import { goValueString } from '../../api/patch/go-value-string.ts';
import { goJsonEscape } from './object-printer.ts';

/** A template that does not parse or cannot run; the message is client-go's. */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}

type Step =
  | { type: 'root' }
  | { type: 'current' }
  | { type: 'field'; name: string }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'index'; start?: number; end?: number; step?: number; single: boolean }
  | { type: 'filter'; left: Operand; op: string; right?: Operand };

type Operand = { type: 'path'; steps: Step[] } | { type: 'literal'; value: unknown };

type Node =
  | { type: 'text'; text: string }
  | { type: 'path'; steps: Step[] }
  | { type: 'range'; steps: Step[]; body: Node[] };

/** A parsed template: run it on a JSON value with `execute` or `findResults`. */
export interface JsonPath {
  /** The template's output for `data` (no newline is added). Missing keys print nothing. */
  execute(data: unknown): string;
  /** The values each top-level `{...}` path yields, for sorting and custom columns. */
  findResults(data: unknown): unknown[][];
}

function unquote(text: string): string {
  if (text.startsWith("'")) return text.slice(1, -1);
  try {
    return JSON.parse(text) as string;
  } catch {
    throw new JsonPathError(`invalid syntax`);
  }
}

function parseLiteral(text: string): Operand {
  const t = text.trim();
  if (t.startsWith('@') || t.startsWith('$')) return { type: 'path', steps: parsePath(t) };
  if (t.startsWith('"') || t.startsWith("'")) return { type: 'literal', value: unquote(t) };
  if (t === 'true' || t === 'false') return { type: 'literal', value: t === 'true' };
  if (/^-?\d+(\.\d+)?$/.test(t)) return { type: 'literal', value: Number(t) };
  throw new JsonPathError(`unrecognized character in action: ${t}`);
}

function parseFilter(expr: string): Step {
  const m = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(expr.trim());
  if (!m) return { type: 'filter', left: parseLiteral(expr), op: 'exists' };
  return { type: 'filter', left: parseLiteral(m[1]), op: m[2], right: parseLiteral(m[3]) };
}

function parseBracket(inner: string): Step[] {
  const t = inner.trim();
  if (t === '*') return [{ type: 'wildcard' }];
  if (t.startsWith('?')) {
    const m = /^\?\s*\((.*)\)$/s.exec(t);
    if (!m) throw new JsonPathError(`unclosed filter`);
    return [parseFilter(m[1])];
  }
  if (t.startsWith("'") || t.startsWith('"')) {
    return t.split(/\s*,\s*/).map((part) => ({ type: 'field', name: unquote(part) }));
  }
  const parts = t.split(':');
  if (parts.length > 3 || parts.some((p) => p.trim() !== '' && !/^-?\d+$/.test(p.trim()))) {
    throw new JsonPathError(`invalid array index ${t}`);
  }
  const num = (p: string | undefined) =>
    p === undefined || p.trim() === '' ? undefined : Number(p);
  if (parts.length === 1) {
    return [{ type: 'index', start: num(parts[0]), single: true }];
  }
  return [
    { type: 'index', start: num(parts[0]), end: num(parts[1]), step: num(parts[2]), single: false },
  ];
}

/** Parses a path such as `.items[0].spec['x.y']..name`, `@.status`, `$`. */
function parsePath(text: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    const c = s[i];
    if (c === '$') {
      steps.push({ type: 'root' });
      i++;
    } else if (c === '@') {
      steps.push({ type: 'current' });
      i++;
    } else if (c === '[') {
      // Find the matching bracket, skipping quoted text and nested parentheses.
      let depth = 0;
      let j = i + 1;
      let quote = '';
      for (; j < s.length; j++) {
        const d = s[j];
        if (quote) {
          if (d === '\\') j++;
          else if (d === quote) quote = '';
        } else if (d === '"' || d === "'") quote = d;
        else if (d === '(' || d === '[') depth++;
        else if (d === ')') depth--;
        else if (d === ']') {
          if (depth === 0) break;
          depth--;
        }
      }
      if (j >= s.length) throw new JsonPathError('unterminated array');
      steps.push(...parseBracket(s.slice(i + 1, j)));
      i = j + 1;
    } else if (c === '.') {
      if (s[i + 1] === '.') {
        steps.push({ type: 'recursive' });
        i += 2;
      } else {
        i++;
      }
      if (s[i] === '*') {
        steps.push({ type: 'wildcard' });
        i++;
        continue;
      }
      let name = '';
      while (i < s.length && !'.[]() '.includes(s[i])) {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        name += s[i++];
      }
      if (name) steps.push({ type: 'field', name });
    } else if (c === ' ') {
      i++;
    } else {
      // A bare name at the start (custom-columns accept `metadata.name`).
      let name = '';
      while (i < s.length && !'.[]() '.includes(s[i])) {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        name += s[i++];
      }
      steps.push({ type: 'field', name });
    }
  }
  return steps;
}

/** Splits a template into text and `{...}` actions, building range blocks. */
function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ type: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ type: 'text', text: template.slice(i, open) });
    let close = -1;
    let quote = '';
    for (let j = open + 1; j < template.length; j++) {
      const d = template[j];
      if (quote) {
        if (d === '\\') j++;
        else if (d === quote) quote = '';
      } else if (d === '"' || d === "'") quote = d;
      else if (d === '}') {
        close = j;
        break;
      }
    }
    if (close < 0) throw new JsonPathError(`unclosed action`);
    const action = template.slice(open + 1, close).trim();
    const current = stack[stack.length - 1];
    if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError(`not in range, nothing to end`);
      stack.pop();
    } else if (action.startsWith('range ') || action.startsWith('range\t')) {
      const node: Node = { type: 'range', steps: parsePath(action.slice(6)), body: [] };
      current.push(node);
      stack.push(node.body);
    } else if (action.startsWith('"') || action.startsWith("'")) {
      current.push({ type: 'text', text: unquote(action) });
    } else if (action !== '') {
      current.push({ type: 'path', steps: parsePath(action) });
    }
    i = close + 1;
  }
  if (stack.length > 1) throw new JsonPathError(`unclosed range`);
  return root;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return [];
}

/** Every container value under `v`, itself first (client-go's evalRecursive order). */
function descendants(v: unknown): unknown[] {
  const kids = children(v);
  if (kids.length === 0) return [];
  return [v, ...kids.flatMap(descendants)];
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    default:
      return x >= y;
  }
}

function operandValues(operand: Operand, item: unknown, root: unknown): unknown[] {
  return operand.type === 'literal' ? [operand.value] : evaluate(operand.steps, [item], root);
}

function evaluate(steps: readonly Step[], input: unknown[], root: unknown): unknown[] {
  let values = input;
  for (const step of steps) {
    const next: unknown[] = [];
    switch (step.type) {
      case 'root':
        next.push(root);
        break;
      case 'current':
        next.push(...values);
        break;
      case 'field':
        for (const v of values) {
          if (isObject(v) && step.name in v && v[step.name] !== undefined) next.push(v[step.name]);
        }
        break;
      case 'wildcard':
        for (const v of values) next.push(...children(v));
        break;
      case 'recursive':
        for (const v of values) next.push(...descendants(v));
        break;
      case 'index':
        for (const v of values) {
          if (!Array.isArray(v)) continue;
          const len = v.length;
          if (step.single) {
            let at = step.start ?? 0;
            if (at < 0) at += len;
            if (at < 0 || at >= len) {
              throw new JsonPathError(
                `array index out of bounds: index ${step.start ?? 0}, length ${len}`,
              );
            }
            next.push(v[at]);
            continue;
          }
          let start = step.start ?? 0;
          let end = step.end ?? len;
          if (start < 0) start += len;
          if (end < 0) end += len;
          start = Math.max(0, Math.min(start, len));
          end = Math.max(start, Math.min(end, len));
          const stride = step.step && step.step > 0 ? step.step : 1;
          for (let k = start; k < end; k += stride) next.push(v[k]);
        }
        break;
      case 'filter':
        for (const v of values) {
          for (const item of Array.isArray(v) ? v : [v]) {
            const lefts = operandValues(step.left, item, root);
            if (step.op === 'exists') {
              if (lefts.length > 0) next.push(item);
              continue;
            }
            const rights = step.right ? operandValues(step.right, item, root) : [];
            if (lefts.length > 0 && rights.length > 0 && compare(lefts[0], step.op, rights[0])) {
              next.push(item);
            }
          }
        }
        break;
    }
    values = next;
  }
  return values;
}

/**
 * How client-go prints one result: text for scalars, compact JSON for maps and lists, and
 * `null` for a JSON null (kubernetes PR #119883; before it printed `<nil>`).
 */
export function jsonPathValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  if (Array.isArray(value) || isObject(value)) return goJsonEscape(JSON.stringify(sortKeys(value)));
  return goValueString(value);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
}

function run(nodes: readonly Node[], current: unknown, root: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'path') {
      out += evaluate(node.steps, [current], root).map(jsonPathValueText).join(' ');
    } else {
      for (const item of evaluate(node.steps, [current], root)) out += run(node.body, item, root);
    }
  }
  return out;
}

/**
 * Parses a kubectl JSONPath template (`{.items[*].metadata.name}`,
 * `{range .items[*]}{.metadata.name}{"\n"}{end}`); throws JsonPathError when it does not parse.
 */
export function parseJsonPath(template: string): JsonPath {
  const nodes = parseTemplate(template);
  return {
    execute: (data) => run(nodes, data, data),
    findResults: (data) =>
      nodes
        .filter((n): n is Extract<Node, { type: 'path' }> => n.type === 'path')
        .map((n) => evaluate(n.steps, [data], data)),
  };
}

/**
 * kubectl's relaxed path for `--sort-by` and custom columns: `.a.b`, `a.b`, `{.a.b}` and
 * `{a.b}` all mean `{.a.b}`.
 */
export function relaxedJsonPath(expr: string): string {
  const m = /^\{?(\.?[^{}]+?)\}?$/.exec(expr.trim());
  if (!m) {
    throw new JsonPathError(
      `unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'`,
    );
  }
  const path = m[1].startsWith('.') ? m[1] : `.${m[1]}`;
  return `{${path}}`;
}
