import { tableWriter, type TabwriterOptions } from './tabwriter.ts';

/**
 * A table printed in pieces, as kubectl's tabwriter with RememberWidths does for `get -w`:
 * each write lays out its rows with column widths that only grow, so later rows line up
 * with the header printed first.
 */
export class RememberingTable {
  private widths: number[] = [];

  constructor(private readonly options: TabwriterOptions = tableWriter) {}

  /** The text of `rows`, widening remembered columns as needed. */
  format(rows: readonly (readonly string[])[]): string {
    for (const row of rows) {
      row.forEach((cell, i) => {
        if (i < row.length - 1) {
          this.widths[i] = Math.max(
            this.widths[i] ?? 0,
            this.options.minWidth,
            cell.length + this.options.padding,
          );
        }
      });
    }
    return rows
      .map(
        (row) =>
          row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(this.widths[i]) : cell)).join('') +
          '\n',
      )
      .join('');
  }
}
