/**
 * The bordered tables minikube prints (olekukonko/tablewriter): headers centred, numbers
 * right-aligned, other cells left-aligned, widths in terminal columns (an emoji takes two).
 */

/** Columns a string takes on a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /\p{Extended_Pictographic}/u.test(ch) ? 2 : /[\uFE0F\u200D]/.test(ch) ? 0 : 1;
  return width;
}

export function asciiTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const border = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`;
  const pad = (text: string, width: number, align: 'left' | 'right' | 'center') => {
    const space = width - displayWidth(text);
    if (align === 'right') return ' '.repeat(space) + text;
    if (align === 'center')
      return ' '.repeat(Math.floor(space / 2)) + text + ' '.repeat(Math.ceil(space / 2));
    return text + ' '.repeat(space);
  };
  const line = (cells: string[], header: boolean) =>
    `|${cells
      .map(
        (c, i) => ` ${pad(c, widths[i], header ? 'center' : /^\d+$/.test(c) ? 'right' : 'left')} `,
      )
      .join('|')}|\n`;
  return border + line(headers, true) + border + rows.map((r) => line(r, false)).join('') + border;
}
