/**
 * The scanner of Go's text/template (parse/lex.go), as Go 1.22+ has it: text and `{{ }}`
 * actions, `{{- ` / ` -}}` trimming the spaces around them, comments, and inside actions the
 * words, literals and punctuation the parser reads. A lexical error ends the token list with
 * an `error` token carrying Go's message.
 */

export type TokenType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  // Keywords.
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

export interface Token {
  type: TokenType;
  /** Index of its first character in the template. */
  pos: number;
  value: string;
  /** 1-based line it starts on. */
  line: number;
}

const keywords: Record<string, TokenType> = {
  '.': 'dot',
  block: 'block',
  break: 'break',
  continue: 'continue',
  define: 'define',
  else: 'else',
  end: 'end',
  if: 'if',
  range: 'range',
  nil: 'nil',
  template: 'template',
  with: 'with',
};

const keywordTypes = new Set<TokenType>(Object.values(keywords));

/** How Go prints a token in "unexpected %s": EOF, the error, `<keyword>`, or the quoted text. */
export function tokenString(token: Token): string {
  if (token.type === 'eof') return 'EOF';
  if (token.type === 'error') return token.value;
  if (keywordTypes.has(token.type)) return `<${token.value}>`;
  const runes = [...token.value];
  if (runes.length > 10) return `${JSON.stringify(runes.slice(0, 10).join(''))}...`;
  return JSON.stringify(token.value);
}

const leftDelim = '{{';
const rightDelim = '}}';
const leftTrimMarker = '- ';
const rightTrimMarker = ' -';
const spaceChars = ' \t\r\n';

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string) => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);

/** `%#U` of a character: `U+007D '}'`. */
function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

/** Splits a template into tokens; the last one is `eof` or an `error`. */
export function lexTemplate(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let parenDepth = 0;
  const emit = (type: TokenType) => {
    const value = input.slice(start, pos);
    tokens.push({ type, pos: start, value, line });
    line += (value.match(/\n/g) ?? []).length;
    start = pos;
  };
  const ignore = () => {
    line += (input.slice(start, pos).match(/\n/g) ?? []).length;
    start = pos;
  };
  const fail = (message: string) => {
    tokens.push({ type: 'error', pos: start, value: message, line });
  };
  const peek = () => (pos < input.length ? String.fromCodePoint(input.codePointAt(pos)!) : '');
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (input.startsWith(rightDelim, pos)) return { delim: true, trim: false };
    if (input.startsWith(rightTrimMarker, pos) && input.startsWith(rightDelim, pos + 2))
      return { delim: true, trim: true };
    return { delim: false, trim: false };
  };
  const atTerminator = () => {
    const c = peek();
    return c === '' || isSpace(c) || '.,|:)('.includes(c) || c === rightDelim[0];
  };

  for (;;) {
    // Text, up to the next action.
    const at = input.indexOf(leftDelim, pos);
    if (at < 0) {
      pos = input.length;
      if (pos > start) emit('text');
      emit('eof');
      return tokens;
    }
    pos = at;
    const trimLeft = input.startsWith(leftTrimMarker, pos + leftDelim.length);
    let trimmed = 0;
    if (trimLeft) {
      const text = input.slice(start, pos);
      trimmed = text.length - text.replace(/[ \t\r\n]+$/, '').length;
    }
    pos -= trimmed;
    if (pos > start) emit('text');
    pos += trimmed;
    ignore();

    // The left delimiter, or a comment.
    pos += leftDelim.length;
    const afterMarker = trimLeft ? leftTrimMarker.length : 0;
    if (input.startsWith('/*', pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      pos += 2;
      const end = input.indexOf('*/', pos);
      if (end < 0) {
        fail('unclosed comment');
        return tokens;
      }
      pos = end + 2;
      const { delim, trim } = atRightDelim();
      if (!delim) {
        fail('comment ends before closing delimiter');
        return tokens;
      }
      if (trim) pos += rightTrimMarker.length;
      pos += rightDelim.length;
      if (trim) while (pos < input.length && spaceChars.includes(input[pos])) pos++;
      ignore();
      continue;
    }
    emit('leftDelim');
    pos += afterMarker;
    ignore();
    parenDepth = 0;

    // Inside the action.
    for (;;) {
      const { delim, trim } = atRightDelim();
      if (delim) {
        if (parenDepth !== 0) {
          fail('unclosed left paren');
          return tokens;
        }
        if (trim) {
          pos += rightTrimMarker.length;
          ignore();
        }
        pos += rightDelim.length;
        emit('rightDelim');
        if (trim) {
          while (pos < input.length && spaceChars.includes(input[pos])) pos++;
          ignore();
        }
        break;
      }
      const c = peek();
      if (c === '') {
        fail('unclosed action');
        return tokens;
      }
      pos += c.length;
      if (isSpace(c)) {
        let spaces = 1;
        while (isSpace(peek())) {
          pos++;
          spaces++;
        }
        // A space right before ` -}}` belongs to the trim marker.
        if (input.startsWith(rightTrimMarker, pos - 1) && input.startsWith(rightDelim, pos + 1)) {
          pos--;
          if (spaces === 1) continue;
        }
        emit('space');
      } else if (c === '=') {
        emit('assign');
      } else if (c === ':') {
        if (peek() !== '=') {
          fail('expected :=');
          return tokens;
        }
        pos++;
        emit('declare');
      } else if (c === '|') {
        emit('pipe');
      } else if (c === '"' || c === "'") {
        for (;;) {
          const d = peek();
          pos += d.length;
          if (d === '\\') {
            const e = peek();
            if (e !== '' && e !== '\n') {
              pos += e.length;
              continue;
            }
          }
          if (d === '' || d === '\n' || d === '\\') {
            fail(c === '"' ? 'unterminated quoted string' : 'unterminated character constant');
            return tokens;
          }
          if (d === c) break;
        }
        emit(c === '"' ? 'string' : 'charConstant');
      } else if (c === '`') {
        const end = input.indexOf('`', pos);
        if (end < 0) {
          fail('unterminated raw quoted string');
          return tokens;
        }
        pos = end + 1;
        emit('rawString');
      } else if (c === '$' || (c === '.' && !/[0-9]/.test(peek()))) {
        if (atTerminator()) {
          emit(c === '$' ? 'variable' : 'dot');
          continue;
        }
        let r = peek();
        while (r !== '' && isAlphaNumeric(r)) {
          pos += r.length;
          r = peek();
        }
        if (!atTerminator()) {
          fail(`bad character ${describeChar(r)}`);
          return tokens;
        }
        emit(c === '$' ? 'variable' : 'field');
      } else if (c === '.' || c === '+' || c === '-' || /[0-9]/.test(c)) {
        pos -= c.length;
        const number = scanNumber(input, pos);
        pos = number.end;
        if (!number.ok) {
          fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
          return tokens;
        }
        if (peek() === '+' || peek() === '-') {
          const imaginary = scanNumber(input, pos);
          pos = imaginary.end;
          if (!imaginary.ok || input[pos - 1] !== 'i') {
            fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
            return tokens;
          }
          emit('complex');
        } else emit('number');
      } else if (isAlphaNumeric(c)) {
        let r = peek();
        while (r !== '' && isAlphaNumeric(r)) {
          pos += r.length;
          r = peek();
        }
        if (!atTerminator()) {
          fail(`bad character ${describeChar(r)}`);
          return tokens;
        }
        const word = input.slice(start, pos);
        if (keywords[word]) emit(keywords[word]);
        else if (word === 'true' || word === 'false') emit('bool');
        else emit('identifier');
      } else if (c === '(') {
        emit('leftParen');
        parenDepth++;
      } else if (c === ')') {
        emit('rightParen');
        parenDepth--;
        if (parenDepth < 0) {
          fail(`unexpected right paren ${describeChar(c)}`);
          return tokens;
        }
      } else if (c.length === 1 && c >= ' ' && c <= '~') {
        emit('char');
      } else {
        fail(`unrecognized character in action: ${describeChar(c)}`);
        return tokens;
      }
    }
  }
}

/** lex.go's scanNumber: sign, base prefix, digits with `_`, fraction, exponent, `i`. */
function scanNumber(input: string, pos: number): { end: number; ok: boolean } {
  const accept = (valid: string) => {
    if (pos < input.length && valid.includes(input[pos])) {
      pos++;
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string) => {
    while (accept(valid));
  };
  accept('+-');
  let digits = '0123456789_';
  if (accept('0')) {
    if (accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (accept('oO')) digits = '01234567_';
    else if (accept('bB')) digits = '01_';
  }
  acceptRun(digits);
  if (accept('.')) acceptRun(digits);
  if (digits.length === 11 && accept('eE')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  if (digits.length === 23 && accept('pP')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  accept('i');
  if (pos < input.length && isAlphaNumeric(String.fromCodePoint(input.codePointAt(pos)!))) {
    pos++;
    return { end: pos, ok: false };
  }
  return { end: pos, ok: true };
}
