/**
 * The commands run so far, newest last, with a cursor for Up/Down recall as bash keeps it: the
 * line being typed is kept as the entry below the newest, so Down past the newest brings it
 * back. A command equal to the one before it is stored once.
 */
export class History {
  private readonly entries: string[] = [];
  /** Index into entries while recalling; entries.length means "the line being typed". */
  private index = 0;
  private draft = '';

  constructor(private readonly limit = 500) {}

  /** Records a run command and ends any recall. Blank lines are not recorded. */
  add(line: string): void {
    if (line.trim() !== '' && this.entries[this.entries.length - 1] !== line) {
      this.entries.push(line);
      if (this.entries.length > this.limit) this.entries.shift();
    }
    this.reset();
  }

  /** Ends a recall: the next Up starts from the newest entry again. */
  reset(): void {
    this.index = this.entries.length;
    this.draft = '';
  }

  /** Up: the entry before the one shown, or undefined at the oldest. `current` is the shown line. */
  previous(current: string): string | undefined {
    if (this.index === 0) return undefined;
    if (this.index === this.entries.length) this.draft = current;
    this.index--;
    return this.entries[this.index];
  }

  /** Down: the entry after the one shown, the typed line past the newest, undefined below it. */
  next(): string | undefined {
    if (this.index >= this.entries.length) return undefined;
    this.index++;
    return this.index === this.entries.length ? this.draft : this.entries[this.index];
  }

  /**
   * Ctrl-R: the newest entry containing `query` that is older than entry `before` (all entries
   * when omitted), with its index for searching further back; undefined if none.
   */
  search(query: string, before = this.entries.length): { line: string; index: number } | undefined {
    for (let i = Math.min(before, this.entries.length) - 1; i >= 0; i--) {
      if (this.entries[i].includes(query)) return { line: this.entries[i], index: i };
    }
    return undefined;
  }

  /** Every entry, oldest first. */
  all(): readonly string[] {
    return this.entries;
  }
}
