import { expect } from '@esm-bundle/chai';
import { LineEditor } from '../../../src/ui/terminal/line-editor.ts';

/** Builds an editor holding `text` with the cursor at `|` in it. */
function editor(marked: string): LineEditor {
  const e = new LineEditor();
  const at = marked.indexOf('|');
  e.set(marked.replace('|', ''), at);
  return e;
}

function shown(e: LineEditor): string {
  return e.text.slice(0, e.cursor) + '|' + e.text.slice(e.cursor);
}

describe('LineEditor', () => {
  const cases: [string, string, (e: LineEditor) => void, string][] = [
    ['inserts at the cursor', 'kubectl |pods', (e) => e.insert('get '), 'kubectl get |pods'],
    ['backspace deletes before the cursor', 'kubectl gett|', (e) => e.backspace(), 'kubectl get|'],
    ['backspace at the start does nothing', '|get', (e) => e.backspace(), '|get'],
    ['delete deletes under the cursor', 'ge|tt', (e) => e.deleteForward(), 'ge|t'],
    ['left and right move one character', 'ab|c', (e) => (e.left(), e.left(), e.right()), 'a|bc'],
    ['right stops at the end', 'abc|', (e) => e.right(), 'abc|'],
    ['home (Ctrl-A) and end (Ctrl-E)', 'ab|c', (e) => e.home(), '|abc'],
    ['end', 'a|bc', (e) => e.end(), 'abc|'],
    ['Ctrl-U kills to the start', 'kubectl get| pods', (e) => e.killToStart(), '| pods'],
    ['Ctrl-K kills to the end', 'kubectl get| pods', (e) => e.killToEnd(), 'kubectl get|'],
    [
      'Ctrl-W deletes the word before',
      'kubectl get pods  |',
      (e) => e.deleteWordBack(),
      'kubectl get |',
    ],
    ['Ctrl-W inside a word', 'kubectl ge|t', (e) => e.deleteWordBack(), 'kubectl |t'],
    ['word left', 'kubectl get po|ds', (e) => (e.wordLeft(), e.wordLeft()), 'kubectl |get pods'],
    ['word right', 'kub|ectl get', (e) => e.wordRight(), 'kubectl| get'],
    ['pasted newlines and tabs become spaces', '|', (e) => e.insert('a\tb\r\nc'), 'a b c|'],
    ['control characters are dropped', '|', (e) => e.insert('a\x07b'), 'ab|'],
  ];
  for (const [name, before, act, after] of cases) {
    it(name, () => {
      const e = editor(before);
      act(e);
      expect(shown(e)).to.equal(after);
    });
  }

  it('counts a character outside the BMP as one cursor step', () => {
    const e = editor('a😀|');
    e.left();
    e.backspace();
    expect(shown(e)).to.equal('|😀');
  });
});
