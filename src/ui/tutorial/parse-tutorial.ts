/**
 * Reads a guided tutorial (docs/tutorials.md describes the format): YAML front matter with a
 * title and a summary, an introduction, and steps, each starting at a level-2 heading. A step
 * holds prose (Markdown, kept as text for the page to render), `sh` blocks whose commands are
 * typed into the learner's terminal, and `check` blocks that say when the step is done.
 * DOM-free, so the page, the tests and the tutorial harness read tutorials the same way.
 */
import { parse as parseYaml } from 'yaml';
import { needsMoreInput, parseScript, ShellSyntaxError } from '../../shell/syntax/parse-script.ts';

/** A whole tutorial, as read from its Markdown file. */
export interface Tutorial {
  title: string;
  summary: string;
  /** Markdown shown before the first step. */
  intro: string;
  steps: TutorialStep[];
}

/** One step: the text from a `## ` heading up to the next one. */
export interface TutorialStep {
  title: string;
  /** 1-based line of the heading in the file. */
  line: number;
  /** The step's content in the order written. */
  parts: StepPart[];
}

/** Prose (Markdown, including code blocks that are only shown), a command block, or a check block. */
export type StepPart = ProsePart | ShBlock | CheckBlock;

export interface ProsePart {
  kind: 'prose';
  markdown: string;
}

/** A ```` ```sh ```` block: what the learner runs. */
export interface ShBlock {
  kind: 'sh';
  /** The block's text as shown (without the fences). */
  source: string;
  /**
   * The command lines to type, in order: one per line, a here-document or an open quote
   * spanning the lines it needs; blank and comment-only lines are left out.
   */
  commands: string[];
  /** ```` ```sh interrupt ````: one command that runs until Ctrl-C stops it. */
  interrupt: boolean;
  line: number;
}

/** A ```` ```check ```` block: conditions on the cluster that say the step is done. */
export interface CheckBlock {
  kind: 'check';
  items: CheckItem[];
  line: number;
}

/** One condition shown to the learner: it holds when all of its commands pass. */
export interface CheckItem {
  /** The `# ` lines above its commands (or the first command, when the block has none). */
  description: string;
  commands: CheckCommand[];
}

/** A command line run in the check shell, and what its result must be. */
export interface CheckCommand {
  command: string;
  expect: Expectation;
  line: number;
}

/**
 * `exit-zero`: no expectation line, the exit status must be 0. `equals` (`=> TEXT`): stdout,
 * trimmed, is TEXT. `matches` (`=~ REGEX`): stdout, without its final newline, matches the
 * JavaScript regular expression (no flags). The exit status counts only for `exit-zero`.
 */
export type Expectation =
  { kind: 'exit-zero' } | { kind: 'equals'; text: string } | { kind: 'matches'; pattern: string };

/** Something wrong in a tutorial file, at a 1-based line. */
export interface TutorialProblem {
  line: number;
  message: string;
}

/** Thrown by `parseTutorial` with every problem found, not just the first. */
export class TutorialParseError extends Error {
  constructor(readonly problems: TutorialProblem[]) {
    super(problems.map((p) => `line ${p.line}: ${p.message}`).join('\n'));
    this.name = 'TutorialParseError';
  }
}

interface Fence {
  marker: string;
  info: string;
}

/** An opening or closing code fence: three or more backticks or tildes. */
function fenceAt(line: string): Fence | undefined {
  const m = /^ {0,3}(`{3,}|~{3,})\s*([^`]*)$/.exec(line);
  return m ? { marker: m[1], info: m[2].trim() } : undefined;
}

function closes(line: string, open: Fence): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return !!m && m[1][0] === open.marker[0] && m[1].length >= open.marker.length;
}

/**
 * Parses a tutorial's Markdown. Throws TutorialParseError listing every problem (missing
 * title, no steps, unclosed fence, incomplete or invalid shell command, stray expectation,
 * invalid regular expression...) with its line.
 */
export function parseTutorial(text: string): Tutorial {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const problems: TutorialProblem[] = [];
  let at = 0;
  let meta: Record<string, unknown> = {};
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    if (end < 0) {
      problems.push({ line: 1, message: 'front matter opened with --- is never closed' });
      at = lines.length;
    } else {
      try {
        const parsed: unknown = parseYaml(lines.slice(1, end).join('\n'));
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          meta = parsed as Record<string, unknown>;
        else if (parsed != null)
          problems.push({ line: 2, message: 'front matter must be a map of keys to values' });
      } catch (err) {
        problems.push({
          line: 2,
          message: `front matter is not valid YAML: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
      at = end + 1;
    }
  } else {
    problems.push({
      line: 1,
      message: 'a tutorial starts with front matter (---, title: ..., ---)',
    });
  }
  const title = typeof meta.title === 'string' ? meta.title.trim() : '';
  if (!title && problems.length === 0)
    problems.push({ line: 2, message: 'the front matter has no title' });
  const summary = typeof meta.summary === 'string' ? meta.summary.trim() : '';

  const intro: string[] = [];
  const steps: TutorialStep[] = [];
  let prose: string[] = intro;
  let step: TutorialStep | undefined;
  const flushProse = () => {
    if (!step) return;
    const markdown = prose.join('\n').trim();
    if (markdown) step.parts.push({ kind: 'prose', markdown });
    prose = [];
  };

  for (let i = at; i < lines.length; i++) {
    const line = lines[i];
    const heading = /^##\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading && !line.startsWith('###')) {
      flushProse();
      step = { title: heading[1], line: i + 1, parts: [] };
      if (!step.title) problems.push({ line: i + 1, message: 'a step heading has no title' });
      steps.push(step);
      prose = [];
      continue;
    }
    const fence = fenceAt(line);
    if (!fence) {
      prose.push(line);
      continue;
    }
    let end = i + 1;
    while (end < lines.length && !closes(lines[end], fence)) end++;
    if (end >= lines.length) {
      problems.push({ line: i + 1, message: `code block (${fence.marker}) is never closed` });
      prose.push(...lines.slice(i));
      break;
    }
    const body = lines.slice(i + 1, end);
    const kind = fence.info.split(/\s+/)[0];
    if (kind === 'sh' || kind === 'check') {
      if (!step) {
        problems.push({
          line: i + 1,
          message: `a ${kind} block belongs in a step (after a ## heading), not in the introduction`,
        });
      } else {
        flushProse();
        step.parts.push(
          kind === 'sh'
            ? shBlock(fence.info, body, i + 1, problems)
            : checkBlock(fence.info, body, i + 1, problems),
        );
      }
    } else {
      prose.push(...lines.slice(i, end + 1));
    }
    i = end;
  }
  flushProse();
  if (steps.length === 0)
    problems.push({
      line: lines.length,
      message: 'a tutorial needs at least one step (## heading)',
    });
  if (problems.length > 0) throw new TutorialParseError(problems);
  return { title, summary, intro: intro.join('\n').trim(), steps };
}

/** Whole command lines from a block's lines: each complete after its last line. */
function commandLines(
  body: string[],
  firstLine: number,
  problems: TutorialProblem[],
  skip: (line: string) => boolean,
): { command: string; line: number }[] {
  const out: { command: string; line: number }[] = [];
  let pending: string[] = [];
  let start = 0;
  for (let j = 0; j < body.length; j++) {
    if (pending.length === 0) {
      if (skip(body[j])) continue;
      start = j;
    }
    pending.push(body[j]);
    const source = pending.join('\n');
    if (needsMoreInput(source)) continue;
    pending = [];
    try {
      parseScript(source);
    } catch (err) {
      if (err instanceof ShellSyntaxError)
        problems.push({ line: firstLine + start + 1, message: `bash: ${err.message}` });
      else throw err;
    }
    if (source.includes('\t'))
      problems.push({
        line: firstLine + start + 1,
        message: 'a tab character would be typed as Tab (completion): indent with spaces',
      });
    out.push({ command: source, line: firstLine + start + 1 });
  }
  if (pending.length > 0)
    problems.push({
      line: firstLine + start + 1,
      message:
        'this command is not complete at the end of its block (an open quote or here-document?)',
    });
  return out;
}

function shBlock(info: string, body: string[], line: number, problems: TutorialProblem[]): ShBlock {
  const options = info.split(/\s+/).slice(1);
  for (const o of options)
    if (o !== 'interrupt')
      problems.push({ line, message: `unknown sh block option "${o}" (known: interrupt)` });
  const interrupt = options.includes('interrupt');
  const commands = commandLines(body, line, problems, (l) => /^\s*(#.*)?$/.test(l)).map(
    (c) => c.command,
  );
  if (commands.length === 0) problems.push({ line, message: 'this sh block has no command' });
  if (interrupt && commands.length > 1)
    problems.push({ line, message: 'an sh interrupt block holds exactly one command' });
  return { kind: 'sh', source: body.join('\n'), commands, interrupt, line };
}

function checkBlock(
  info: string,
  body: string[],
  line: number,
  problems: TutorialProblem[],
): CheckBlock {
  if (info.split(/\s+/).length > 1)
    problems.push({ line, message: 'a check block takes no options' });
  const items: CheckItem[] = [];
  let describing: string[] | undefined;
  let item: CheckItem | undefined;
  let last: CheckCommand | undefined;
  let pending: string[] = [];
  let pendingStart = 0;
  const fileLine = (j: number) => line + j + 1;
  for (let j = 0; j < body.length; j++) {
    const l = body[j];
    if (pending.length === 0) {
      if (l.trim() === '') continue;
      if (l.startsWith('#')) {
        if (!describing) {
          describing = [];
          item = undefined;
        }
        const words = l.slice(1).trim();
        if (words) describing.push(words);
        continue;
      }
      const expectation = /^(=>|=~)(?: (.*)|$)/.exec(l);
      if (expectation) {
        if (!last) {
          problems.push({
            line: fileLine(j),
            message: `${expectation[1]} has no command above it`,
          });
        } else if (last.expect.kind !== 'exit-zero') {
          problems.push({ line: fileLine(j), message: 'a command takes one expectation line' });
        } else if (expectation[1] === '=>') {
          last.expect = { kind: 'equals', text: (expectation[2] ?? '').trim() };
        } else {
          const pattern = expectation[2] ?? '';
          try {
            new RegExp(pattern);
          } catch (err) {
            problems.push({
              line: fileLine(j),
              message: `=~ needs a JavaScript regular expression: ${err instanceof Error ? err.message : String(err)}`,
            });
          }
          if (pattern === '') problems.push({ line: fileLine(j), message: '=~ has no pattern' });
          last.expect = { kind: 'matches', pattern };
        }
        continue;
      }
      pendingStart = j;
    }
    pending.push(l);
    const source = pending.join('\n');
    if (needsMoreInput(source)) continue;
    pending = [];
    try {
      parseScript(source);
    } catch (err) {
      if (err instanceof ShellSyntaxError)
        problems.push({ line: fileLine(pendingStart), message: `bash: ${err.message}` });
      else throw err;
    }
    last = { command: source, expect: { kind: 'exit-zero' }, line: fileLine(pendingStart) };
    if (describing) {
      item = { description: describing.join(' '), commands: [] };
      items.push(item);
      describing = undefined;
      item.commands.push(last);
    } else if (item) {
      item.commands.push(last);
    } else {
      // Commands above any description are shown one by one, as written.
      items.push({ description: source, commands: [last] });
    }
  }
  if (pending.length > 0)
    problems.push({
      line: fileLine(pendingStart),
      message:
        'this command is not complete at the end of its block (an open quote or here-document?)',
    });
  if (describing)
    problems.push({ line, message: 'a check description (# ...) has no command under it' });
  if (items.length === 0) problems.push({ line, message: 'this check block has no command' });
  return { kind: 'check', items, line };
}

/** Every check item of a step, in order; a step without any is done once its commands ran. */
export function stepChecks(step: TutorialStep): CheckItem[] {
  return step.parts.flatMap((p) => (p.kind === 'check' ? p.items : []));
}

/** The step's sh blocks, in order. */
export function stepCommands(step: TutorialStep): ShBlock[] {
  return step.parts.filter((p): p is ShBlock => p.kind === 'sh');
}
