/**
 * The label selector string grammar (`?labelSelector=`, `kubectl -l`), as apimachinery's
 * `labels.Parse` reads it:
 *
 *   selector    ::= requirement ( "," requirement )*
 *   requirement ::= [ "!" ] KEY [ ( "=" | "==" | "!=" | ">" | "<" ) VALUE
 *                                | ( "in" | "notin" ) "(" VALUE ( "," VALUE )* ")" ]
 *
 * Whitespace separates tokens anywhere; `in`/`notin` are keywords only where an operator may
 * stand; an empty VALUE is allowed. Errors carry apimachinery's exact wording.
 */
import {
  LabelSelectorError,
  labelKeyProblem,
  newLabelRequirement,
  type LabelOperator,
  type LabelRequirement,
} from './label-requirement.ts';

type TokenKind =
  | 'end'
  | 'closePar'
  | 'comma'
  | 'not'
  | 'doubleEquals'
  | 'equals'
  | 'greater'
  | 'identifier'
  | 'in'
  | 'less'
  | 'notEquals'
  | 'notin'
  | 'openPar';

interface Token {
  kind: TokenKind;
  literal: string;
}

const literalTokens: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  [')', 'closePar'],
  [',', 'comma'],
  ['!', 'not'],
  ['==', 'doubleEquals'],
  ['=', 'equals'],
  ['>', 'greater'],
  ['in', 'in'],
  ['<', 'less'],
  ['!=', 'notEquals'],
  ['notin', 'notin'],
  ['(', 'openPar'],
]);

const isWhitespace = (ch: string): boolean =>
  ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);

/** Splits the text into tokens; a NUL character ends the input, as in the Go lexer. */
function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const peek = (): string => (pos < text.length ? text[pos] : '\0');
  for (;;) {
    while (isWhitespace(peek())) pos++;
    const ch = peek();
    if (ch === '\0') {
      tokens.push({ kind: 'end', literal: '' });
      return tokens;
    }
    if (isSpecial(ch)) {
      // Longest run of operator characters that still spells a token (`!=` over `!`).
      let buffer = '';
      let best: Token | undefined;
      while (isSpecial(peek())) {
        const extended = buffer + peek();
        const kind = literalTokens.get(extended);
        if (kind) {
          best = { kind, literal: extended };
        } else if (best) {
          break;
        }
        buffer = extended;
        pos++;
      }
      // Every single special character is a token, so `best` is always set here.
      tokens.push(best ?? { kind: 'identifier', literal: buffer });
      continue;
    }
    let word = '';
    while (peek() !== '\0' && !isSpecial(peek()) && !isWhitespace(peek())) {
      word += peek();
      pos++;
    }
    tokens.push({ kind: literalTokens.get(word) ?? 'identifier', literal: word });
  }
}

/** Where the parser is: `in`/`notin` are plain identifiers wherever a value may stand. */
type Context = 'keyAndOperator' | 'values';

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  lookahead(context: Context): Token {
    return this.adjust(this.tokens[this.position], context);
  }

  consume(context: Context): Token {
    const token = this.tokens[this.position];
    if (this.position < this.tokens.length - 1) this.position++;
    return this.adjust(token, context);
  }

  private adjust(token: Token, context: Context): Token {
    if (context === 'values' && (token.kind === 'in' || token.kind === 'notin')) {
      return { kind: 'identifier', literal: token.literal };
    }
    return token;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const next = this.lookahead('values');
      if (next.kind === 'end') return requirements;
      if (next.kind !== 'identifier' && next.kind !== 'not') {
        throw new LabelSelectorError(
          `found '${next.literal}', expected: !, identifier, or 'end of string'`,
        );
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof LabelSelectorError) {
          throw new LabelSelectorError(`unable to parse requirement: ${e.message}`);
        }
        throw e;
      }
      const after = this.consume('values');
      if (after.kind === 'end') return requirements;
      if (after.kind !== 'comma') {
        throw new LabelSelectorError(`found '${after.literal}', expected: ',' or 'end of string'`);
      }
      const following = this.lookahead('values');
      if (following.kind !== 'identifier' && following.kind !== 'not') {
        throw new LabelSelectorError(
          `found '${following.literal}', expected: identifier after ','`,
        );
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') {
      return newLabelRequirement(key, operator, []);
    }
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newLabelRequirement(key, op, values);
  }

  private parseKeyAndInferOperator(): { key: string; operator?: LabelOperator } {
    let operator: LabelOperator | undefined;
    let token = this.consume('values');
    if (token.kind === 'not') {
      operator = '!';
      token = this.consume('values');
    }
    if (token.kind !== 'identifier') {
      throw new LabelSelectorError(`found '${token.literal}', expected: identifier`);
    }
    const problem = labelKeyProblem(token.literal, undefined);
    if (problem) throw new LabelSelectorError(problem);
    const next = this.lookahead('values').kind;
    if ((next === 'end' || next === 'comma') && operator !== '!') operator = 'exists';
    return { key: token.literal, operator };
  }

  private parseOperator(): LabelOperator {
    const token = this.consume('keyAndOperator');
    switch (token.kind) {
      case 'in':
        return 'in';
      case 'notin':
        return 'notin';
      case 'equals':
        return '=';
      case 'doubleEquals':
        return '==';
      case 'notEquals':
        return '!=';
      case 'greater':
        return 'gt';
      case 'less':
        return 'lt';
      default:
        throw new LabelSelectorError(
          `found '${token.literal}', expected: in, notin, =, ==, !=, gt, lt`,
        );
    }
  }

  /** `(a, b, ...)`: a set, so values come back sorted and unique; `()` means one empty value. */
  private parseValues(): string[] {
    const open = this.consume('values');
    if (open.kind !== 'openPar') {
      throw new LabelSelectorError(`found '${open.literal}' expected: '('`);
    }
    const first = this.lookahead('values');
    if (first.kind === 'closePar') {
      this.consume('values');
      return [''];
    }
    if (first.kind !== 'identifier' && first.kind !== 'comma') {
      throw new LabelSelectorError(`found '${first.literal}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifiersList();
    this.consume('values'); // the `)` that ended the list
    return [...values].sort();
  }

  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const token = this.consume('values');
      if (token.kind === 'identifier') {
        values.add(token.literal);
        const next = this.lookahead('values');
        if (next.kind === 'comma') continue;
        if (next.kind === 'closePar') return values;
        throw new LabelSelectorError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token.kind === 'comma') {
        // Empty entries (`(,a)`, `(a,)`, `(a,,b)`) stand for the empty value.
        if (values.size === 0) values.add('');
        const next = this.lookahead('values').kind;
        if (next === 'closePar') {
          values.add('');
          return values;
        }
        if (next === 'comma') values.add('');
        continue;
      }
      throw new LabelSelectorError(`found '${token.literal}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead('values').kind;
    if (next === 'end' || next === 'comma') return [''];
    const token = this.consume('values');
    if (token.kind === 'identifier') return [token.literal];
    throw new LabelSelectorError(`found '${token.literal}', expected: identifier`);
  }
}

/**
 * Parses selector text into requirements sorted by key (stable, like apimachinery's small
 * sorts), or throws a LabelSelectorError with apimachinery's message. Empty text gives none.
 */
export function parseLabelRequirements(text: string): LabelRequirement[] {
  const requirements = new Parser(lex(text)).parse();
  return requirements
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i))
    .map(({ r }) => r);
}
