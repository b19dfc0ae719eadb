/**
 * A line-based unified diff with three lines of context and no file header, the shape
 * apimachinery's diff.Diff prints under "pod updates may not change fields other than ...".
 */

type Op = { tag: 'equal' | 'delete' | 'insert'; a: number; b: number };

/** Line-level edit script from a longest-common-subsequence table. */
function editScript(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ tag: 'equal', a: i++, b: j++ });
    else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j]))
      ops.push({ tag: 'insert', a: i, b: j++ });
    else ops.push({ tag: 'delete', a: i++, b: j });
  }
  return ops;
}

function range(start: number, length: number): string {
  if (length === 1) return `${start + 1}`;
  if (length === 0) return `${start},0`;
  return `${start + 1},${length}`;
}

/** Unified diff of two texts; empty when they are equal. */
export function unifiedDiff(before: string, after: string, context = 3): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = editScript(a, b);
  const changed = ops.map((op, k) => (op.tag === 'equal' ? -1 : k)).filter((k) => k >= 0);
  if (changed.length === 0) return '';
  // Group changes whose context windows touch into hunks.
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const lo = Math.max(0, k - context);
    const hi = Math.min(ops.length - 1, k + context);
    const last = hunks[hunks.length - 1];
    if (last && lo <= last[1] + 1) last[1] = hi;
    else hunks.push([lo, hi]);
  }
  let out = '';
  for (const [lo, hi] of hunks) {
    const slice = ops.slice(lo, hi + 1);
    const aStart = slice[0].a;
    const bStart = slice[0].b;
    const aLen = slice.filter((o) => o.tag !== 'insert').length;
    const bLen = slice.filter((o) => o.tag !== 'delete').length;
    out += `@@ -${range(aStart, aLen)} +${range(bStart, bLen)} @@\n`;
    for (const op of slice) {
      if (op.tag === 'equal') out += ` ${a[op.a]}\n`;
      else if (op.tag === 'delete') out += `-${a[op.a]}\n`;
      else out += `+${b[op.b]}\n`;
    }
  }
  return out;
}
