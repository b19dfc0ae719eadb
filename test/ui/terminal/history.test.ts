import { expect } from '@esm-bundle/chai';
import { History } from '../../../src/ui/terminal/history.ts';

describe('History', () => {
  it('recalls newest first with previous, and next returns to the line being typed', () => {
    const h = new History();
    h.add('kubectl get pods');
    h.add('kubectl version');
    expect(h.previous('kubectl des')).to.equal('kubectl version');
    expect(h.previous('kubectl version')).to.equal('kubectl get pods');
    expect(h.previous('kubectl get pods')).to.equal(undefined);
    expect(h.next()).to.equal('kubectl version');
    expect(h.next()).to.equal('kubectl des');
    expect(h.next()).to.equal(undefined);
  });

  it('skips blank lines and a repeat of the previous command', () => {
    const h = new History();
    for (const line of ['a', 'a', '  ', 'b', 'a']) h.add(line);
    expect(h.all()).to.deep.equal(['a', 'b', 'a']);
  });

  it('adding ends a recall', () => {
    const h = new History();
    h.add('one');
    h.add('two');
    h.previous('');
    h.previous('');
    h.add('three');
    expect(h.previous('')).to.equal('three');
  });

  it('keeps at most its limit, dropping the oldest', () => {
    const h = new History(2);
    for (const line of ['a', 'b', 'c']) h.add(line);
    expect(h.all()).to.deep.equal(['b', 'c']);
  });

  it('searches backwards for a substring, then further back from a hit', () => {
    const h = new History();
    for (const line of ['kubectl get pods', 'kubectl version', 'kubectl get nodes']) h.add(line);
    const first = h.search('get');
    expect(first).to.deep.equal({ line: 'kubectl get nodes', index: 2 });
    expect(h.search('get', first!.index)).to.deep.equal({ line: 'kubectl get pods', index: 0 });
    expect(h.search('get', 0)).to.equal(undefined);
    expect(h.search('logs')).to.equal(undefined);
  });
});
