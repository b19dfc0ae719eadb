/**
 * The line being typed at the prompt: its text and the cursor, with readline's editing moves
 * (Ctrl-A/E/U/K/W and friends). Pure state; the terminal redraws the line from `text`/`cursor`.
 */
export class LineEditor {
  private chars: string[] = [];
  private at = 0;

  /** The line as typed so far. */
  get text(): string {
    return this.chars.join('');
  }

  /** The cursor as a character index into `text` (0 = before the first character). */
  get cursor(): number {
    return this.at;
  }

  /** Replaces the line, the cursor at its end (history recall, completion). */
  set(text: string, cursor = [...text].length): void {
    this.chars = [...text];
    this.at = Math.max(0, Math.min(cursor, this.chars.length));
  }

  /** Inserts typed or pasted text at the cursor; control characters in it are dropped. */
  insert(text: string): void {
    const clean = [...text.replace(/[\r\n\t]+/g, ' ')].filter((c) => c >= ' ' && c !== '\x7f');
    this.chars.splice(this.at, 0, ...clean);
    this.at += clean.length;
  }

  left(): void {
    if (this.at > 0) this.at--;
  }

  right(): void {
    if (this.at < this.chars.length) this.at++;
  }

  home(): void {
    this.at = 0;
  }

  end(): void {
    this.at = this.chars.length;
  }

  /** Backspace: deletes the character before the cursor. */
  backspace(): void {
    if (this.at === 0) return;
    this.chars.splice(this.at - 1, 1);
    this.at--;
  }

  /** Delete: deletes the character under the cursor. */
  deleteForward(): void {
    this.chars.splice(this.at, 1);
  }

  /** Ctrl-U: deletes from the start of the line to the cursor. */
  killToStart(): void {
    this.chars.splice(0, this.at);
    this.at = 0;
  }

  /** Ctrl-K: deletes from the cursor to the end of the line. */
  killToEnd(): void {
    this.chars.splice(this.at);
  }

  /** Ctrl-W: deletes the whitespace-delimited word before the cursor (and the spaces after it). */
  deleteWordBack(): void {
    let start = this.at;
    while (start > 0 && this.chars[start - 1] === ' ') start--;
    while (start > 0 && this.chars[start - 1] !== ' ') start--;
    this.chars.splice(start, this.at - start);
    this.at = start;
  }

  /** Alt-B / Ctrl-Left: to the start of the previous word. */
  wordLeft(): void {
    while (this.at > 0 && this.chars[this.at - 1] === ' ') this.at--;
    while (this.at > 0 && this.chars[this.at - 1] !== ' ') this.at--;
  }

  /** Alt-F / Ctrl-Right: to the end of the next word. */
  wordRight(): void {
    const n = this.chars.length;
    while (this.at < n && this.chars[this.at] === ' ') this.at++;
    while (this.at < n && this.chars[this.at] !== ' ') this.at++;
  }
}
