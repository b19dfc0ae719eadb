/**
 * The error Go's encoding/json gives when it unmarshals text into a `map[string]interface{}`:
 * its scanner's syntax errors (`invalid character 'x' looking for beginning of value`,
 * `unexpected end of JSON input`) and the type error for a top-level value that is not an
 * object. The API server quotes it when a docker config secret holds malformed JSON.
 */

/** Go's quoteChar: how a scanner error shows the offending byte. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const escapes: Record<string, string> = {
    '\x07': '\\a',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\v': '\\v',
    '\\': '\\\\',
  };
  const code = c.charCodeAt(0);
  if (escapes[c]) return `'${escapes[c]}'`;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}

class JsonSyntaxError extends Error {}

/** A recursive-descent reading of one JSON value that fails exactly where Go's scanner does. */
class Scanner {
  private i = 0;
  constructor(private readonly s: string) {}

  private fail(context: string): never {
    if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected end of JSON input');
    throw new JsonSyntaxError(`invalid character ${quoteChar(this.s[this.i])} ${context}`);
  }

  private skipSpace(): void {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i])) this.i++;
  }

  private isDigit(): boolean {
    const c = this.s[this.i];
    return c !== undefined && c >= '0' && c <= '9';
  }

  /** A whole document: one value, then only white space. Returns the value's first character. */
  document(): string {
    this.skipSpace();
    const first = this.s[this.i] ?? '';
    this.value();
    this.skipSpace();
    if (this.i < this.s.length) this.fail('after top-level value');
    return first;
  }

  private value(): void {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || this.isDigit()) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (c === word[0]) return this.literal(word);
    }
    this.fail('looking for beginning of value');
  }

  private object(): void {
    this.i++;
    this.skipSpace();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] !== '"') this.fail('looking for beginning of object key string');
      this.string();
      this.skipSpace();
      if (this.s[this.i] !== ':') this.fail('after object key');
      this.i++;
      this.value();
      this.skipSpace();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === '}') {
        this.i++;
        return;
      }
      this.fail('after object key:value pair');
    }
  }

  private array(): void {
    this.i++;
    this.skipSpace();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === ']') {
        this.i++;
        return;
      }
      this.fail('after array element');
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('in string literal');
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        this.i++;
        const e = this.s[this.i];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            this.i++;
            if (!/^[0-9a-fA-F]$/.test(this.s[this.i] ?? ''))
              this.fail('in \\u hexadecimal character escape');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          this.fail('in string escape code');
        }
      } else if (c.charCodeAt(0) < 0x20) {
        this.fail('in string literal');
      }
      this.i++;
    }
  }

  private number(): void {
    if (this.s[this.i] === '-') {
      this.i++;
      if (!this.isDigit()) this.fail('in numeric literal');
    }
    if (this.s[this.i] === '0') this.i++;
    else while (this.isDigit()) this.i++;
    if (this.s[this.i] === '.') {
      this.i++;
      if (!this.isDigit()) this.fail('after decimal point in numeric literal');
      while (this.isDigit()) this.i++;
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      if (!this.isDigit()) this.fail('in exponent of numeric literal');
      while (this.isDigit()) this.i++;
    }
  }

  private literal(word: string): void {
    this.i++;
    for (const expected of word.slice(1)) {
      if (this.s[this.i] !== expected) this.fail(`in literal ${word} (expecting '${expected}')`);
      this.i++;
    }
  }
}

const goTypeOfFirst: Record<string, string> = { '[': 'array', '"': 'string', t: 'bool', f: 'bool' };

/** Go's error for `json.Unmarshal(text, &map[string]interface{}{})`, or undefined when it succeeds. */
export function jsonObjectError(text: string): string | undefined {
  let first: string;
  try {
    first = new Scanner(text).document();
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err.message;
    throw err;
  }
  if (first === '{' || first === 'n') return undefined;
  const kind = goTypeOfFirst[first] ?? 'number';
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}
