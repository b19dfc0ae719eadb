/**
 * The small part of Markdown that tutorials use, read into a tree the page renders with lit (so
 * every text is escaped: raw HTML shows as text and is never injected). Blocks: headings,
 * paragraphs, fenced code, bullet and numbered lists (nested by indentation), block quotes
 * and rules. Inline: `code`, **strong**, *emphasis* (or _emphasis_), [links](url), <autolinks>
 * and backslash escapes. Tables and HTML are not supported. DOM-free.
 */

export type MdInline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: MdInline[] }
  | { kind: 'em'; children: MdInline[] }
  | { kind: 'link'; href: string; children: MdInline[] };

export type MdBlock =
  | { kind: 'heading'; level: number; children: MdInline[] }
  | { kind: 'paragraph'; children: MdInline[] }
  | { kind: 'code'; info: string; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { kind: 'quote'; children: MdBlock[] }
  | { kind: 'rule' };

const fenceOpen = /^ {0,3}(`{3,}|~{3,})\s*([^`]*)$/;
const headingLine = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const ruleLine = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const listMarker = /^( {0,3})([-*+]|\d{1,9}[.)])(\s+|$)/;
const quoteLine = /^ {0,3}>\s?/;

/** Whether `line` starts a block other than a paragraph (and so ends a paragraph). */
function startsBlock(line: string): boolean {
  return (
    fenceOpen.test(line) ||
    headingLine.test(line) ||
    ruleLine.test(line) ||
    listMarker.test(line) ||
    quoteLine.test(line)
  );
}

/** Reads Markdown text into blocks. */
export function parseMarkdown(text: string): MdBlock[] {
  return parseBlocks(text.replace(/\r\n?/g, '\n').split('\n'));
}

function parseBlocks(lines: string[]): MdBlock[] {
  const blocks: MdBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = fenceOpen.exec(line);
    if (fence) {
      const marker = fence[1];
      const indent = line.length - line.trimStart().length;
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[i]);
        if (close && close[1][0] === marker[0] && close[1].length >= marker.length) break;
        body.push(lines[i].replace(new RegExp(`^ {0,${indent}}`), ''));
        i++;
      }
      i++;
      blocks.push({ kind: 'code', info: fence[2].trim(), text: body.join('\n') });
      continue;
    }
    const heading = headingLine.exec(line);
    if (heading) {
      blocks.push({
        kind: 'heading',
        level: heading[1].length,
        children: parseInline(heading[2] ?? ''),
      });
      i++;
      continue;
    }
    if (ruleLine.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (quoteLine.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && lines[i].trim() !== '') {
        inner.push(lines[i].replace(quoteLine, ''));
        i++;
      }
      blocks.push({ kind: 'quote', children: parseBlocks(inner) });
      continue;
    }
    const marker = listMarker.exec(line);
    if (marker) {
      i = readList(lines, i, blocks);
      continue;
    }
    const paragraph: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() !== '' &&
      (paragraph.length === 0 || !startsBlock(lines[i]))
    ) {
      paragraph.push(lines[i].trim());
      i++;
    }
    blocks.push({ kind: 'paragraph', children: parseInline(paragraph.join('\n')) });
  }
  return blocks;
}

/** Reads a list starting at line `start`; returns the line after it. */
function readList(lines: string[], start: number, blocks: MdBlock[]): number {
  const first = listMarker.exec(lines[start])!;
  const ordered = /\d/.test(first[2]);
  const kind = (m: RegExpExecArray) => (/\d/.test(m[2]) ? 'ordered' : m[2]);
  const items: MdBlock[][] = [];
  let i = start;
  while (i < lines.length) {
    const m = listMarker.exec(lines[i]);
    if (!m || kind(m) !== kind(first)) break;
    const width = m[0].length === m[1].length + m[2].length ? m[0].length + 1 : m[0].length;
    const body = [lines[i].slice(m[0].length)];
    i++;
    while (i < lines.length) {
      const l = lines[i];
      if (l.trim() === '') {
        // A blank line continues the item only when indented content follows it.
        const next = lines[i + 1];
        if (next !== undefined && /^\s+\S/.test(next) && indentOf(next) >= Math.min(width, 2)) {
          body.push('');
          i++;
          continue;
        }
        break;
      }
      if (indentOf(l) >= Math.min(width, 2)) {
        body.push(l.slice(Math.min(indentOf(l), width)));
        i++;
        continue;
      }
      // A lazy continuation line of the item's paragraph.
      if (!startsBlock(l) && body[body.length - 1]?.trim() !== '') {
        body.push(l.trim());
        i++;
        continue;
      }
      break;
    }
    items.push(parseBlocks(body));
    // Blank lines between items of the same list.
    let j = i;
    while (j < lines.length && lines[j].trim() === '') j++;
    const next = j < lines.length ? listMarker.exec(lines[j]) : null;
    if (next && kind(next) === kind(first) && j > i) i = j;
  }
  blocks.push({
    kind: 'list',
    ordered,
    start: ordered ? Number.parseInt(first[2], 10) : 1,
    items,
  });
  return i;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Reads inline Markdown; line breaks inside a paragraph become spaces. */
export function parseInline(text: string): MdInline[] {
  const out: MdInline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      plain += ' ';
      i++;
      continue;
    }
    if (ch === '`') {
      const ticks = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(ticks, i + ticks.length);
      if (end >= 0) {
        flush();
        let code = text.slice(i + ticks.length, end).replace(/\n/g, ' ');
        if (/^ .*\S.* $/.test(code)) code = code.slice(1, -1);
        out.push({ kind: 'code', text: code });
        i = end + ticks.length;
        continue;
      }
      plain += ticks;
      i += ticks.length;
      continue;
    }
    if (ch === '<') {
      const auto = /^<(https?:\/\/[^\s<>]+)>/.exec(text.slice(i));
      if (auto) {
        flush();
        out.push({ kind: 'link', href: auto[1], children: [{ kind: 'text', text: auto[1] }] });
        i += auto[0].length;
        continue;
      }
    }
    if (ch === '[') {
      const link = readLink(text, i);
      if (link) {
        flush();
        out.push({ kind: 'link', href: link.href, children: parseInline(link.label) });
        i = link.end;
        continue;
      }
    }
    if (ch === '*' || ch === '_') {
      const emphasis = readEmphasis(text, i);
      if (emphasis) {
        flush();
        out.push(emphasis.node);
        i = emphasis.end;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  flush();
  return out;
}

/** `[label](href)` at `at`, with balanced brackets in the label. */
function readLink(
  text: string,
  at: number,
): { label: string; href: string; end: number } | undefined {
  let depth = 0;
  let close = -1;
  for (let j = at; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] === '`') {
      const end = text.indexOf('`', j + 1);
      if (end > 0) j = end;
      continue;
    }
    if (text[j] === '[') depth++;
    else if (text[j] === ']' && --depth === 0) {
      close = j;
      break;
    }
  }
  if (close < 0 || text[close + 1] !== '(') return undefined;
  const target = /^\(\s*<?([^\s()<>]*)>?(?:\s+"[^"]*")?\s*\)/.exec(text.slice(close + 1));
  if (!target) return undefined;
  return { label: text.slice(at + 1, close), href: target[1], end: close + 1 + target[0].length };
}

/** `**strong**`, `__strong__`, `*em*` or `_em_` at `at`. */
function readEmphasis(text: string, at: number): { node: MdInline; end: number } | undefined {
  const ch = text[at];
  const double = text[at + 1] === ch;
  const marker = double ? ch + ch : ch;
  const after = text[at + marker.length];
  if (after === undefined || /\s/.test(after)) return undefined;
  // An underscore inside a word (snake_case) is not emphasis.
  if (ch === '_' && at > 0 && /\w/.test(text[at - 1])) return undefined;
  let j = at + marker.length;
  while (j < text.length) {
    if (text[j] === '\\') {
      j += 2;
      continue;
    }
    if (text[j] === '`') {
      const end = text.indexOf('`', j + 1);
      j = end > 0 ? end + 1 : j + 1;
      continue;
    }
    if (
      text.startsWith(marker, j) &&
      !/\s/.test(text[j - 1]) &&
      (double || text[j + 1] !== ch) &&
      !(ch === '_' && /\w/.test(text[j + marker.length] ?? ''))
    ) {
      const inner = text.slice(at + marker.length, j);
      if (inner === '') return undefined;
      const children = parseInline(inner);
      return {
        node: double ? { kind: 'strong', children } : { kind: 'em', children },
        end: j + marker.length,
      };
    }
    j++;
  }
  return undefined;
}

/**
 * Whether a link target is safe to put in an href: http(s), mailto, or a relative URL or
 * fragment. `javascript:` and other schemes are refused (the link shows as plain text).
 */
export function safeHref(href: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim());
  return !scheme || ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase());
}
