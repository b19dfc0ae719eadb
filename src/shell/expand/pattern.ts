/**
 * Shell patterns (`*`, `?`, `[...]`) as regular expressions, for pathname expansion, `case`
 * and `${x#pattern}`; quoted characters match only themselves.
 */

/** A piece of a pattern: quoted text is literal. */
export interface Segment {
  text: string;
  quoted: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Whether unquoted pattern characters occur. */
export function hasPattern(segments: readonly Segment[]): boolean {
  return segments.some((s) => !s.quoted && /[*?[]/.test(s.text));
}

/**
 * The regular expression source of a pattern. With `path`, `*` and `?` do not match `/` and a
 * leading `.` must be matched explicitly, as pathname expansion requires.
 */
export function patternSource(segments: readonly Segment[], path = false, greedy = true): string {
  let out = '';
  const any = path ? '[^/]' : '[^]';
  for (const s of segments) {
    if (s.quoted) {
      out += escapeRegExp(s.text);
      continue;
    }
    for (let i = 0; i < s.text.length; i++) {
      const c = s.text[i];
      if (c === '*') out += `${any}*${greedy ? '' : '?'}`;
      else if (c === '?') out += any;
      else if (c === '[') {
        const end = s.text.indexOf(']', i + 2);
        if (end < 0) {
          out += '\\[';
          continue;
        }
        let body = s.text.slice(i + 1, end);
        const negated = body.startsWith('!') || body.startsWith('^');
        if (negated) body = body.slice(1);
        out += `[${negated ? '^' : ''}${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      } else if (c === '\\' && i + 1 < s.text.length) {
        out += escapeRegExp(s.text[++i]);
      } else out += escapeRegExp(c);
    }
  }
  return out;
}

/** Whether `text` matches the whole pattern. */
export function matchesPattern(text: string, segments: readonly Segment[]): boolean {
  return new RegExp(`^${patternSource(segments)}$`).test(text);
}
