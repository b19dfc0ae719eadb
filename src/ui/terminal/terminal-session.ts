import type { KubectlResult } from '../../kernel/kubectl/kubectl.ts';
import { commonPrefix, type Completion } from './completion.ts';
import { History } from './history.ts';
import { LineEditor } from './line-editor.ts';

/** What a session drives: a terminal to write to and the commands behind the prompt. */
export interface SessionIo {
  /** Writes to the terminal (escape sequences and `\r\n` line ends, as xterm takes them). */
  write(data: string): void;
  /** Clears the screen and scrollback (`clear`, Ctrl-L). */
  clear(): void;
  /**
   * Runs one kubectl line (beginning with `kubectl`), passing output to `onOutput` as it comes;
   * `signal` is aborted by Ctrl-C.
   */
  kubectl(
    line: string,
    options: { signal: AbortSignal; onOutput(stream: 'stdout' | 'stderr', text: string): void },
  ): Promise<KubectlResult>;
  /** Completion candidates for the word before `cursor`. */
  complete(line: string, cursor: number): Promise<Completion>;
}

export const prompt = '$ ';

/** `\n` → `\r\n`, as a tty's output processing does for xterm. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

interface SearchState {
  query: string;
  /** Index of the history entry shown; searching again looks older than it. */
  index: number | undefined;
  found: string;
}

/**
 * A shell prompt over a terminal, without the DOM: feed it what the terminal's keyboard sends
 * (`input`), and it edits the line, recalls history, completes with Tab, and runs `kubectl …`
 * (or `k …`) lines through `io.kubectl`, printing stdout and stderr as a terminal shows them.
 * `clear` clears; any other first word is `<word>: command not found`. Input arriving while a
 * command runs or a completion is looked up waits its turn (so a pasted script runs line by
 * line). Output appears as the command writes it; Ctrl-C aborts the running command (ending a
 * `-w`, `-f` or `rollout status`) and returns to a new prompt at once.
 */
export class TerminalSession {
  readonly editor = new LineEditor();
  readonly history = new History();
  private busy = false;
  private queue = '';
  /** The running command's interrupt, for Ctrl-C. */
  private running_: AbortController | undefined;
  /** Bumped by Ctrl-C so a running command's late answer is dropped. */
  private generation = 0;
  private search: SearchState | undefined;
  /** Identifies the task (command or completion) that owns `busy`. */
  private task = 0;
  /** Resolves when the last input has been handled (for tests and the element's `idle`). */
  private settled: Promise<void> = Promise.resolve();

  constructor(private readonly io: SessionIo) {}

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
      else this.queue += data;
      return;
    }
    this.process(data);
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

  private interrupt(): void {
    // Ctrl-C stops a running `-w` or `-f` for real; any later output is dropped.
    this.running_?.abort();
    this.running_ = undefined;
    this.generation++;
    this.task++;
    this.queue = '';
    this.busy = false;
    this.io.write('^C\r\n' + prompt);
    this.editor.set('');
    this.history.reset();
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
      case '\x04':
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
        this.io.write('^C\r\n' + prompt);
        e.set('');
        this.history.reset();
        return;
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
    this.io.write(`\r\x1b[K${prompt}${text}${back > 0 ? `\x1b[${back}D` : ''}`);
  }

  private enter(): void {
    const line = this.editor.text;
    this.io.write('\r\n');
    this.editor.set('');
    this.history.add(line);
    const word = line.trim().split(/\s+/)[0];
    if (word === '') {
      this.io.write(prompt);
    } else if (word === 'clear') {
      this.io.clear();
      this.io.write(prompt);
    } else if (word === 'kubectl' || word === 'k') {
      const generation = this.generation;
      const command = line.trim().replace(/^k(?=\s|$)/, 'kubectl');
      const controller = new AbortController();
      this.running_ = controller;
      void this.work(async () => {
        // Output is shown as it is written (a `get -w` row, a `logs -f` line).
        let last = '\n';
        let streamed = false;
        const show = (text: string) => {
          if (generation !== this.generation || text === '') return;
          last = text;
          this.io.write(toTerminal(text));
        };
        try {
          const result = await this.io.kubectl(command, {
            signal: controller.signal,
            onOutput: (_, text) => {
              streamed = true;
              show(text);
            },
          });
          // A runner that does not stream (a test's fake) answers at the end.
          if (!streamed) show(result.stdout + result.stderr);
        } catch (err) {
          show(`error: ${err instanceof Error ? err.message : String(err)}\n`);
        }
        if (generation !== this.generation) return;
        this.running_ = undefined;
        this.io.write((last.endsWith('\n') ? '' : '\r\n') + prompt);
      });
    } else {
      this.io.write(`${word}: command not found\r\n${prompt}`);
    }
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
