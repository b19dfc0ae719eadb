import { expect } from '@esm-bundle/chai';
import { LogStore, rfc3339NanoFixed } from '../../../src/workers/node/log-store.ts';

const t0 = Date.UTC(2026, 0, 1, 12, 0, 0, 250);

describe('LogStore', () => {
  it('joins chunks into lines, keeping each stream its own unfinished line', () => {
    const store = new LogStore();
    store.append('c1', 'stdout', 'hel', t0);
    store.append('c1', 'stderr', 'oops\n', t0 + 1);
    store.append('c1', 'stdout', 'lo\nwor', t0 + 2);
    expect(store.read('c1')).to.equal('hello\noops\nwor');
    store.append('c1', 'stdout', 'ld\n', t0 + 3);
    expect(store.read('c1')).to.equal('hello\noops\nworld\n');
  });

  it('tails and timestamps lines with the time each began', () => {
    const store = new LogStore();
    store.append('c1', 'stdout', 'one\ntwo\n', t0);
    store.append('c1', 'stdout', 'three\n', t0 + 1000);
    expect(store.read('c1', { tailLines: 2 })).to.equal('two\nthree\n');
    expect(store.read('c1', { tailLines: 0 })).to.equal('');
    expect(store.read('c1', { tailLines: 1, timestamps: true })).to.equal(
      '2026-01-01T12:00:01.250000000Z three\n',
    );
    expect(store.read('missing')).to.equal(undefined);
  });

  it('drops the oldest lines past its size bound', () => {
    const store = new LogStore(20);
    for (let i = 0; i < 10; i++) store.append('c1', 'stdout', `line ${i}\n`, t0 + i);
    expect(store.read('c1')).to.equal('line 8\nline 9\n');
  });

  it('streams what is written after following starts', () => {
    const store = new LogStore();
    store.append('c1', 'stdout', 'before\n', t0);
    const seen: string[] = [];
    const stop = store.follow('c1', (text) => seen.push(text));
    store.append('c1', 'stdout', 'after\n', t0);
    stop();
    store.append('c1', 'stdout', 'ignored\n', t0);
    expect(seen).to.deep.equal(['after\n']);
  });

  it('stamps RFC 3339 with nine fraction digits', () => {
    expect(rfc3339NanoFixed(Date.UTC(2026, 0, 1))).to.equal('2026-01-01T00:00:00.000000000Z');
    expect(rfc3339NanoFixed(Date.UTC(2026, 0, 1) + 1.5)).to.equal('2026-01-01T00:00:00.001500000Z');
  });
});
