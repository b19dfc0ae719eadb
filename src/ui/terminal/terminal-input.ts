import type { InputStream } from '../../shell/io/streams.ts';

/**
 * The terminal as a command's stdin (a tty in canonical mode): what the user types, a line at a
 * time once Enter is pressed, until Ctrl-D on an empty line ends it. The session feeds it.
 */
export class TerminalInput implements InputStream {
  readonly isTerminal = true;
  private readonly lines: string[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  /** True while a command waits for a line: typed keys then go to it. */
  waiting = false;

  /** Called when a command starts waiting for input (to hand it what was typed ahead). */
  constructor(private readonly onWait: () => void) {}

  async read(): Promise<string | undefined> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.ended) return undefined;
      this.waiting = true;
      this.onWait();
      if (this.lines.length > 0 || this.ended) continue;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** A completed line (with its newline), or a partial one sent by Ctrl-D. */
  deliver(text: string): void {
    this.lines.push(text);
    this.notify();
  }

  /** Ctrl-D on an empty line: the end of the input. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    this.waiting = false;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
