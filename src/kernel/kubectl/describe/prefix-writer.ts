import { tabbedString } from './tabbed-string.ts';

/**
 * kubectl's describe PrefixWriter: text written at a nesting level gets two spaces per level in
 * front; `\t` separates aligned cells. `result()` lays the whole text out as kubectl's
 * tabbedString does.
 */
export class PrefixWriter {
  private text = '';

  /** Writes `text` (usually ending in `\n`) indented by `level`. */
  write(level: number, text: string): void {
    this.text += '  '.repeat(level) + text;
  }

  /** Ends the current line with `text` (Go's WriteLine: no indentation). */
  line(text: string): void {
    this.text += `${text}\n`;
  }

  result(): string {
    return tabbedString(this.text);
  }
}
