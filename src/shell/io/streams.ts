/**
 * The shell's standard streams: text arriving over time (a command's input), and writers (its
 * output). A Pipe joins two commands of a pipeline; a reader that stops early (`head -1`)
 * closes its end, after which the writer's text is dropped (the pipeline then ends the writer,
 * as SIGPIPE would).
 */

/** Where a command reads from. */
export interface InputStream {
  /** The next chunk of text, or undefined at the end of the input. */
  read(): Promise<string | undefined>;
  /** The terminal: input is what the user types, line by line, until Ctrl-D. */
  readonly isTerminal: boolean;
  /** Tells the writer nothing more will be read (a closed pipe's reading end). */
  close?(): void;
}

/** Where a command writes to. */
export interface OutputStream {
  write(text: string): void;
  /** The terminal (commands may colour or format for it, as `grep` and `ls` do). */
  readonly isTerminal: boolean;
}

/** A pipe between two commands. */
export class Pipe implements InputStream, OutputStream {
  readonly isTerminal = false;
  private chunks: string[] = [];
  private ended = false;
  private readerGone = false;
  private wake: (() => void) | undefined;
  /** Called once when the reading end is closed. */
  onReaderClosed: (() => void) | undefined;

  write(text: string): void {
    if (this.ended || this.readerGone || text === '') return;
    this.chunks.push(text);
    this.notify();
  }

  /** The writing end is done: the reader sees the end after what was written. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  close(): void {
    if (this.readerGone) return;
    this.readerGone = true;
    this.chunks = [];
    this.onReaderClosed?.();
  }

  async read(): Promise<string | undefined> {
    for (;;) {
      if (this.chunks.length > 0) return this.chunks.shift();
      if (this.ended || this.readerGone) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Input that is a fixed text (a here-document, a file, a here-string). */
export function textInput(text: string): InputStream {
  let done = text === '';
  return {
    isTerminal: false,
    async read() {
      if (done) return undefined;
      done = true;
      return text;
    },
  };
}

/** `/dev/null` as input: nothing. */
export const nullInput: InputStream = { isTerminal: false, read: async () => undefined };

/** `/dev/null` as output. */
export const nullOutput: OutputStream = { isTerminal: false, write: () => undefined };

/** An output that keeps what is written (command substitution, tests). */
export class Capture implements OutputStream {
  text = '';
  constructor(
    readonly isTerminal = false,
    private readonly forward?: (text: string) => void,
  ) {}
  write(text: string): void {
    this.text += text;
    this.forward?.(text);
  }
}

/** Everything until the end of the input. */
export async function readAll(input: InputStream): Promise<string> {
  let text = '';
  for (let chunk = await input.read(); chunk !== undefined; chunk = await input.read())
    text += chunk;
  return text;
}

/**
 * The input's lines as they arrive, each with its `\n` (the last may lack one); stops early
 * when the consumer breaks out of the loop.
 */
export async function* readLines(input: InputStream): AsyncGenerator<string> {
  let buffer = '';
  for (let chunk = await input.read(); chunk !== undefined; chunk = await input.read()) {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      yield buffer.slice(0, newline + 1);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  }
  if (buffer !== '') yield buffer;
}

/** Splits text into lines without their `\n` (a final newline makes no empty last line). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
