/**
 * The parse tree of the terminal's shell: a POSIX sh subset (with the few bash forms tutorials
 * type), from words made of quoted and unquoted parts up to loops and function definitions.
 */

/** A piece of a word. `quoted` parts are exempt from field splitting and globbing. */
export type WordPart =
  | { type: 'literal'; text: string; quoted: boolean }
  | {
      type: 'param';
      name: string;
      /** `${#name}` */
      length?: boolean;
      /** `${name:-word}` and friends: `:-` `-` `:=` `=` `:?` `?` `:+` `+` `#` `##` `%` `%%`. */
      op?: string;
      arg?: Word;
      quoted: boolean;
    }
  | { type: 'command'; script: Script; source: string; quoted: boolean }
  | { type: 'arith'; expression: Word; quoted: boolean };

export interface Word {
  parts: WordPart[];
  /** The word as typed, for messages and `jobs`. */
  text: string;
}

export type RedirectOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '&>' | '&>>' | '<<<';

export type Redirect =
  | { type: 'file'; fd: number; op: RedirectOp; target: Word }
  | {
      type: 'heredoc';
      fd: number;
      /** The body, with `parts` when the delimiter was unquoted (so it expands). */
      body: Word;
      expand: boolean;
    };

export interface Assignment {
  name: string;
  value: Word;
  /** `name+=value` */
  append: boolean;
}

export interface SimpleCommand {
  type: 'simple';
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

export interface ForCommand {
  type: 'for';
  variable: string;
  /** Undefined: `for x; do` iterates over the positional parameters. */
  items: Word[] | undefined;
  body: Script;
  redirects: Redirect[];
}

export interface WhileCommand {
  type: 'while' | 'until';
  condition: Script;
  body: Script;
  redirects: Redirect[];
}

export interface IfCommand {
  type: 'if';
  branches: { condition: Script; body: Script }[];
  otherwise: Script | undefined;
  redirects: Redirect[];
}

export interface CaseCommand {
  type: 'case';
  subject: Word;
  items: { patterns: Word[]; body: Script }[];
  redirects: Redirect[];
}

export interface GroupCommand {
  type: 'group' | 'subshell';
  body: Script;
  redirects: Redirect[];
}

/** `(( expression ))`: status 0 when the expression is non-zero. */
export interface ArithCommand {
  type: 'arith';
  expression: Word;
  redirects: Redirect[];
}

export interface FunctionDefinition {
  type: 'function';
  name: string;
  body: Command;
  redirects: Redirect[];
}

export type Command =
  | SimpleCommand
  | ForCommand
  | WhileCommand
  | IfCommand
  | CaseCommand
  | GroupCommand
  | ArithCommand
  | FunctionDefinition;

export interface Pipeline {
  negated: boolean;
  commands: Command[];
  /** The pipeline as typed, for `jobs` and the Done line. */
  text: string;
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  /** Ended by `&`: run in the background. */
  background: boolean;
  text: string;
}

export interface Script {
  items: AndOr[];
}
