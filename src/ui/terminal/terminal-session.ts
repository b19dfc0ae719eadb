import type { InputStream, OutputStream } from '../../shell/io/streams.ts';
import { commonPrefix, type Completion } from './completion.ts';
import { History } from './history.ts';
import { LineEditor } from './line-editor.ts';
import { TerminalInput } from './terminal-input.ts';

/** A command's streams, as the runner gets them. */
export interface RunIo {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
}

/** What runs the typed lines: the terminal's shell (see ShellSession). */
export interface CommandRunner {
  /** Runs a command line (maybe several lines); resolves to its exit status. */
  run(source: string, io: RunIo, signal: AbortSignal): Promise<number>;
  /** Whether `source` is a whole command; false makes the prompt ask for more with `> `. */
  isComplete(source: string): boolean;
  /** Lines about finished background jobs, printed before the next prompt. */
  notices?(): string[];
  /** Records a typed line (the shell's `history`). */
  remember?(line: string): void;
  /** Set once `exit` has run. */
  readonly exited?: number;
}

/** What a session drives: a terminal to write to, the commands behind the prompt. */
export interface SessionIo {
  /** Writes to the terminal (escape sequences and `\r\n` line ends, as xterm takes them). */
  write(data: string): void;
  /** Clears the screen and scrollback (Ctrl-L). */
  clear(): void;
  /** Completion candidates for the word before `cursor`. */
  complete(line: string, cursor: number): Promise<Completion>;
  /** Called when `exit` ends the shell. */
  exit?(status: number): void;
}

export const prompt = '$ ';
/** bash's PS2, while a command continues over several lines. */
export const continuationPrompt = '> ';

/** `\n` → `\r\n`, as a tty's output processing does for xterm. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/**
 * How long (ms) the prompt waits after Ctrl-C for the command's own cleanup (`kubectl run --rm`
 * deleting its pod) before it comes back anyway, for a command that ignores the interrupt.
 */
export const interruptGraceMs = 3000;

/** The command line running in the foreground. */
interface Foreground {
  controller: AbortController;
  /** Set by the first Ctrl-C: the command is finishing its cleanup. */
  interrupted: boolean;
  /** The last text it wrote, to end its line before the prompt. */
  last: string;
  /** Called when the prompt stops waiting for it (a second Ctrl-C, or the grace ran out). */
  abandon(): void;
}

interface SearchState {
  query: string;
  /** Index of the history entry shown; searching again looks older than it. */
  index: number | undefined;
  found: string;
}

/**
 * A shell prompt over a terminal, without the DOM: feed it what the terminal's keyboard sends
 * (`input`), and it edits the line, recalls history, completes with Tab, and hands each
 * complete command to the runner (a line that is not complete yet, such as a here-document or
 * an open quote, gets `> ` lines until it is), printing its stdout and stderr as they come.
 * While a command runs, what is typed waits its turn (a pasted script runs line by line),
 * unless the command reads the terminal, which then gets whole lines (Ctrl-D ends them).
 * Ctrl-C interrupts the running command and returns to a new prompt once the command has
 * finished what it does on an interrupt (its last lines come before the prompt, as a shell
 * waits for its foreground job), or after `graceMs` if it does not end, or at a second Ctrl-C.
 */
export class TerminalSession {
  readonly editor = new LineEditor();
  readonly history = new History();
  private busy = false;
  private queue = '';
  /** The running command line, for Ctrl-C. */
  private foreground: Foreground | undefined;
  /** The running command's stdin, when it reads the terminal. */
  private input_: TerminalInput | undefined;
  /** A line being typed for a command that reads the terminal. */
  private cooked = '';
  /** Bumped by Ctrl-C so an interrupted command's end prints no second prompt. */
  private generation = 0;
  private search: SearchState | undefined;
  /** Identifies the task (command or completion) that owns `busy`. */
  private task = 0;
  /** Lines of a command typed so far, while it continues with `> `. */
  private pending: string | undefined;
  /** Resolves when the last input has been handled (for tests and the element's `idle`). */
  private settled: Promise<void> = Promise.resolve();

  constructor(
    private readonly io: SessionIo,
    private readonly runner: CommandRunner,
    private readonly graceMs = interruptGraceMs,
  ) {}

  /** Shows the first prompt. */
  start(banner = ''): void {
    if (banner) this.io.write(toTerminal(banner));
    this.io.write(prompt);
  }

  /** True while a kubectl command runs. */
  get running(): boolean {
    return this.busy;
  }

  /** Resolves once everything typed so far has been handled (commands finished). */
  async idle(): Promise<void> {
    for (;;) {
      const settled = this.settled;
      await settled;
      if (settled === this.settled && !this.busy) return;
      if (settled === this.settled) await Promise.resolve();
    }
  }

  /** Handles what the terminal's keyboard (or a paste) sent. */
  input(data: string): void {
    if (this.busy) {
      if (data.includes('\x03')) this.interrupt();
      else if (this.input_?.waiting) this.type(data);
      else this.queue += data;
      return;
    }
    this.process(data);
  }

  /** Keys for a command reading the terminal: echoed, edited with Backspace, sent by Enter. */
  private type(data: string): void {
    const reader = this.input_;
    if (!reader) return;
    for (const ch of data) {
      if (ch === '\r' || ch === '\n') {
        this.io.write('\r\n');
        reader.deliver(`${this.cooked}\n`);
        this.cooked = '';
      } else if (ch === '\x04') {
        if (this.cooked === '') reader.end();
        else reader.deliver(this.cooked);
        this.cooked = '';
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.cooked !== '') {
          this.cooked = [...this.cooked].slice(0, -1).join('');
          this.io.write('\b \b');
        }
      } else if (ch >= ' ') {
        this.cooked += ch;
        this.io.write(ch);
      }
    }
  }

  private process(data: string): void {
    let i = 0;
    while (i < data.length && !this.busy) {
      const key = nextKey(data, i);
      i += key.length;
      this.key(key);
    }
    if (this.busy) this.queue = data.slice(i) + this.queue;
  }

  private async work(task: () => Promise<void>): Promise<void> {
    this.busy = true;
    const id = ++this.task;
    const done = (async () => {
      try {
        await task();
      } finally {
        if (id === this.task) this.busy = false;
      }
      if (id !== this.task) return;
      const queued = this.queue;
      this.queue = '';
      if (queued) this.process(queued);
    })();
    this.settled = this.settled.then(() => done);
    return done;
  }

  /**
   * Ctrl-C stops a running `-w`, `-f` or loop for real. The prompt comes when the command ends
   * (see `enter`); a completion, a command still running after the grace, or a second Ctrl-C
   * gets it at once, and that command's end then prints no second prompt.
   */
  private interrupt(): void {
    const current = this.foreground;
    // The terminal drops what was typed ahead, as a tty flushes its input on an interrupt.
    this.queue = '';
    this.cooked = '';
    this.input_?.end();
    this.input_ = undefined;
    this.io.write('^C\r\n');
    if (!current || current.interrupted) {
      this.giveUp('\n');
      return;
    }
    current.interrupted = true;
    current.last = '\n';
    current.controller.abort();
    setTimeout(() => {
      if (this.foreground === current) this.giveUp(current.last);
    }, this.graceMs);
  }

  /** Back to a prompt without waiting for the running task (`last`: what it wrote last). */
  private giveUp(last: string): void {
    const current = this.foreground;
    this.foreground = undefined;
    this.generation++;
    this.task++;
    this.busy = false;
    this.io.write((last.endsWith('\n') ? '' : '\r\n') + this.notices() + prompt);
    this.editor.set('');
    this.history.reset();
    current?.abandon();
  }

  /** Finished background jobs' lines (`[1]+  Done  ...`), for just before a prompt. */
  private notices(): string {
    return (this.runner.notices?.() ?? []).map((line) => `${line}\r\n`).join('');
  }

  private key(key: string): void {
    if (this.search) {
      this.searchKey(key);
      return;
    }
    const e = this.editor;
    switch (key) {
      case '\r':
      case '\n':
        this.enter();
        return;
      case '\x7f':
      case '\b':
        e.backspace();
        break;
      case '\x1b[3~':
        e.deleteForward();
        break;
      case '\x1b[D':
      case '\x02':
        e.left();
        break;
      case '\x1b[C':
      case '\x06':
        e.right();
        break;
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
      case '\x01':
        e.home();
        break;
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
      case '\x05':
        e.end();
        break;
      case '\x1b[1;5D':
      case '\x1bb':
        e.wordLeft();
        break;
      case '\x1b[1;5C':
      case '\x1bf':
        e.wordRight();
        break;
      case '\x15':
        e.killToStart();
        break;
      case '\x0b':
        e.killToEnd();
        break;
      case '\x17':
      case '\x1b\x7f':
        e.deleteWordBack();
        break;
      case '\x1b[A':
      case '\x10': {
        const line = this.history.previous(e.text);
        if (line === undefined) return;
        e.set(line);
        break;
      }
      case '\x1b[B':
      case '\x0e': {
        const line = this.history.next();
        if (line === undefined) return;
        e.set(line);
        break;
      }
      case '\x03':
        this.pending = undefined;
        this.io.write(`^C\r\n${prompt}`);
        e.set('');
        this.history.reset();
        return;
      case '\x04':
        // Ctrl-D on an empty line ends the shell, as bash's `exit`.
        if (e.text === '' && this.pending === undefined) {
          this.io.write('exit\r\n');
          this.io.exit?.(0);
          return;
        }
        e.deleteForward();
        break;
      case '\x0c':
        this.io.clear();
        break;
      case '\x12':
        this.search = { query: '', index: undefined, found: '' };
        this.drawSearch();
        return;
      case '\t':
        void this.work(() => this.tab());
        return;
      default:
        if (key.startsWith('\x1b') || (key.length === 1 && key < ' ')) return;
        e.insert(key);
    }
    this.redraw();
  }

  /** Redraws the prompt line and puts the cursor where the editor has it. */
  private redraw(): void {
    const { text, cursor } = this.editor;
    const back = [...text].length - cursor;
    const shown = this.pending === undefined ? prompt : continuationPrompt;
    this.io.write(`\r\x1b[K${shown}${text}${back > 0 ? `\x1b[${back}D` : ''}`);
  }

  private enter(): void {
    const line = this.editor.text;
    this.io.write('\r\n');
    this.editor.set('');
    this.history.add(line);
    if (line.trim() !== '') this.runner.remember?.(line);
    const source = this.pending === undefined ? line : `${this.pending}\n${line}`;
    if (!this.runner.isComplete(source)) {
      this.pending = source;
      this.io.write(continuationPrompt);
      return;
    }
    this.pending = undefined;
    if (source.trim() === '') {
      this.io.write(this.notices() + prompt);
      return;
    }
    const generation = this.generation;
    let abandoned!: () => void;
    const given = new Promise<void>((resolve) => (abandoned = resolve));
    const current: Foreground = {
      controller: new AbortController(),
      interrupted: false,
      last: '\n',
      abandon: abandoned,
    };
    this.foreground = current;
    void this.work(async () => {
      // Output is shown as it is written (a `get -w` row, a `logs -f` line).
      const write = (text: string) => {
        if (text === '') return;
        if (generation === this.generation) current.last = text;
        this.io.write(toTerminal(text));
      };
      const out: OutputStream = { isTerminal: true, write };
      const stdin = new TerminalInput(() => {
        // What was typed ahead goes to a command that reads the terminal.
        const queued = this.queue;
        this.queue = '';
        if (queued) this.type(queued);
      });
      this.input_ = stdin;
      this.cooked = '';
      const finished = (async () => {
        try {
          await this.runner.run(
            source,
            { stdin, stdout: out, stderr: out },
            current.controller.signal,
          );
        } catch (err) {
          write(`bash: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      })();
      // A command that ignores Ctrl-C no longer holds the terminal once the prompt gave up on it.
      await Promise.race([finished, given]);
      if (generation !== this.generation) return;
      this.foreground = undefined;
      this.input_ = undefined;
      if (this.runner.exited !== undefined) {
        this.io.exit?.(this.runner.exited);
        return;
      }
      this.io.write((current.last.endsWith('\n') ? '' : '\r\n') + this.notices() + prompt);
    });
  }

  private async tab(): Promise<void> {
    const { text, cursor } = this.editor;
    const generation = this.generation;
    let completion: Completion;
    try {
      completion = await this.io.complete(text, cursor);
    } catch {
      return;
    }
    if (generation !== this.generation) return;
    const { start, candidates } = completion;
    const typed = text.slice(start, cursor);
    const insert = (word: string) => {
      this.editor.set(text.slice(0, start) + word + text.slice(cursor), start + word.length);
    };
    if (candidates.length === 1) {
      const word = candidates[0];
      insert(/[/=]$/.test(word) ? word : word + ' ');
    } else if (candidates.length > 1) {
      const prefix = commonPrefix(candidates);
      if (prefix.length > typed.length) insert(prefix);
      else this.io.write(`\r\n${listing(candidates)}\r\n`);
    } else {
      this.io.write('\x07');
      return;
    }
    this.redraw();
  }

  private drawSearch(): void {
    const s = this.search!;
    this.io.write(`\r\x1b[K(reverse-i-search)\`${s.query}': ${s.found}`);
  }

  private searchKey(key: string): void {
    const s = this.search!;
    const printable = key[0] >= ' ' && key !== '\x7f';
    if (key === '\x12' || printable || key === '\x7f') {
      if (key === '\x12') {
        const hit = s.query ? this.history.search(s.query, s.index) : undefined;
        if (hit) Object.assign(s, { index: hit.index, found: hit.line });
      } else {
        s.query = key === '\x7f' ? s.query.slice(0, -1) : s.query + key;
        const hit = s.query ? this.history.search(s.query) : undefined;
        s.index = hit?.index;
        s.found = hit?.line ?? (s.query ? s.found : '');
      }
      this.drawSearch();
      return;
    }
    this.search = undefined;
    if (key === '\x03' || key === '\x07') {
      this.editor.set('');
      this.redraw();
      return;
    }
    this.editor.set(s.found);
    if (key === '\r' || key === '\n') {
      this.redraw();
      this.enter();
      return;
    }
    this.redraw();
  }
}

/** Candidates in columns of one width, as bash lists them, 80 columns wide. */
function listing(candidates: readonly string[]): string {
  const width = Math.max(...candidates.map((c) => c.length)) + 2;
  const perRow = Math.max(1, Math.floor(80 / width));
  const rows: string[] = [];
  for (let i = 0; i < candidates.length; i += perRow) {
    rows.push(
      candidates
        .slice(i, i + perRow)
        .map((c) => c.padEnd(width))
        .join('')
        .trimEnd(),
    );
  }
  return rows.join('\r\n');
}

/** The one key (or printable run) at `i`: an escape sequence, a control character, or text. */
function nextKey(data: string, i: number): string {
  const c = data[i];
  if (c === '\x1b') {
    // ESC, then a CSI sequence (`[1;5D`), an SS3 one (`OH`), or one character (Alt-b).
    const rest = /^(\[[0-9;]*[A-Za-z~]|O[A-Za-z]|[^])?/.exec(data.slice(i + 1));
    return c + (rest?.[0] ?? '');
  }
  if (c < ' ' || c === '\x7f') return c;
  let j = i;
  while (j < data.length && data[j] >= ' ' && data[j] !== '\x7f') j++;
  return data.slice(i, j);
}
