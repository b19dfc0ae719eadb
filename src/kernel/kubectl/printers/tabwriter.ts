/** Go text/tabwriter settings: kubectl's tables use minWidth 6, padding 3; describe uses 0 and 2. */
export interface TabwriterOptions {
  /** Minimal cell width, padding included. */
  minWidth: number;
  padding: number;
}

export const tableWriter: TabwriterOptions = { minWidth: 6, padding: 3 };
export const describeWriter: TabwriterOptions = { minWidth: 0, padding: 2 };

/**
 * Lays rows out as Go's text/tabwriter does (padchar ' '): each column is as wide as its
 * widest cell plus the padding, at least the minimal width; the last cell of a row is not
 * padded. Every row ends with a newline.
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  options: TabwriterOptions = tableWriter,
): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i < row.length - 1) {
        widths[i] = Math.max(widths[i] ?? 0, options.minWidth, cell.length + options.padding);
      }
    });
  }
  let out = '';
  for (const row of rows) {
    out += row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]) : cell)).join('');
    out += '\n';
  }
  return out;
}
