/**
 * Go's text/tabwriter as kubectl's describers use it (`tabwriter.Init(buf, 0, 8, 2, ' ', 0)`):
 * cells end at a tab; a column is aligned only across the run of consecutive lines that have a
 * tab-terminated cell in it, so a line without tabs (`Containers:`) starts new blocks. This is
 * what gives `kubectl describe` its block-by-block alignment, unlike formatTable's whole-table
 * columns.
 */

const minWidth = 0;
const padding = 2;

function width(cell: string): number {
  return [...cell].length;
}

function writeLines(
  lines: readonly string[][],
  widths: readonly number[],
  from: number,
  to: number,
  out: string[],
): void {
  for (let i = from; i < to; i++) {
    const cells = lines[i];
    let text = '';
    cells.forEach((cell, j) => {
      text += j < widths.length ? cell.padEnd(widths[j] - width(cell) + cell.length) : cell;
    });
    out.push(text);
  }
}

/** Port of tabwriter's format: one recursion level per column, blocks of consecutive lines. */
function format(
  lines: readonly string[][],
  widths: number[],
  line0: number,
  line1: number,
  out: string[],
): void {
  const column = widths.length;
  for (let i = line0; i < line1; i++) {
    if (column >= lines[i].length - 1) continue;
    writeLines(lines, widths, line0, i, out);
    line0 = i;
    let w = minWidth;
    for (; i < line1; i++) {
      if (column >= lines[i].length - 1) break;
      w = Math.max(w, width(lines[i][column]) + padding);
    }
    widths.push(w);
    format(lines, widths, line0, i, out);
    widths.pop();
    line0 = i;
  }
  writeLines(lines, widths, line0, line1, out);
}

/** Aligns describe text (`Key:\tvalue\n` lines) as kubectl's tabbedString does. */
export function tabbedString(text: string): string {
  const rows = text.split('\n');
  const partial = rows.pop() ?? '';
  const lines = rows.map((row) => row.split('\t'));
  const out: string[] = [];
  format(lines, [], 0, lines.length, out);
  let result = out.map((line) => `${line}\n`).join('');
  if (partial) result += partial.replaceAll('\t', '');
  return result;
}
