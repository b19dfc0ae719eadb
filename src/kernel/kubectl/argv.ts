/**
 * Splits a command line into words as a POSIX shell would for a simple command: whitespace
 * separates words; single quotes keep everything literally; double quotes keep spaces and
 * honour `\\"`, `\\\\` and `\\$`; a backslash outside quotes escapes the next character.
 * Throws on an unterminated quote (the shell's "unexpected EOF").
 */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error("unexpected EOF while looking for matching `''");
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) {
          word += line[++j];
        } else {
          word += line[j];
        }
      }
      if (j >= line.length) throw new Error('unexpected EOF while looking for matching `"\'');
      i = j;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
