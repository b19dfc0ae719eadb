/**
 * bash's brace expansion, done before any other: `{a,b,c}` and the sequences `{1..10}`,
 * `{10..1..2}`, `{a..e}`, `{01..10}` (zero-padded), in the unquoted text of a word.
 */

/** The words `text` brace-expands to (itself alone when it has no brace expression). */
export function expandBraces(text: string): string[] {
  const found = findBraces(text);
  if (!found) return [text];
  const { start, end, items } = found;
  const prefix = text.slice(0, start);
  const suffix = text.slice(end + 1);
  return items.flatMap((item) => expandBraces(prefix + item + suffix));
}

function findBraces(text: string): { start: number; end: number; items: string[] } | undefined {
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    if (text[start - 1] === '$') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          const inner = text.slice(start + 1, i);
          if (commas.length > 0) {
            const items: string[] = [];
            let from = start + 1;
            for (const comma of commas) {
              items.push(text.slice(from, comma));
              from = comma + 1;
            }
            items.push(text.slice(from, i));
            return { start, end: i, items };
          }
          const sequence = sequenceItems(inner);
          if (sequence) return { start, end: i, items: sequence };
          break;
        }
      } else if (c === ',' && depth === 1) commas.push(i);
    }
  }
  return undefined;
}

function sequenceItems(inner: string): string[] | undefined {
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner);
  if (numeric) {
    const [, a, b, s] = numeric;
    const from = Number(a);
    const to = Number(b);
    const step = Math.abs(Number(s ?? 1)) || 1;
    const width = /^-?0\d/.test(a) || /^-?0\d/.test(b) ? Math.max(a.length, b.length) : 0;
    const items: string[] = [];
    for (let n = from; from <= to ? n <= to : n >= to; n += from <= to ? step : -step) {
      const text = String(Math.abs(n)).padStart(width - (n < 0 ? 1 : 0), '0');
      items.push(n < 0 ? `-${text}` : text);
      if (items.length > 100_000) break;
    }
    return items;
  }
  const letters = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/.exec(inner);
  if (letters) {
    const from = letters[1].charCodeAt(0);
    const to = letters[2].charCodeAt(0);
    const step = Math.abs(Number(letters[3] ?? 1)) || 1;
    const items: string[] = [];
    for (let n = from; from <= to ? n <= to : n >= to; n += from <= to ? step : -step)
      items.push(String.fromCharCode(n));
    return items;
  }
  return undefined;
}
