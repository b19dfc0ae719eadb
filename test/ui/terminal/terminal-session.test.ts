import { expect } from '@esm-bundle/chai';
import type { KubectlResult } from '../../../src/kernel/kubectl/kubectl.ts';
import type { Completion } from '../../../src/ui/terminal/completion.ts';
import { TerminalSession, toTerminal } from '../../../src/ui/terminal/terminal-session.ts';

class FakeIo {
  output = '';
  clears = 0;
  lines: string[] = [];
  answer: (line: string) => Promise<KubectlResult> = async () => ({
    stdout: '',
    stderr: '',
    exitCode: 0,
  });
  completion: (line: string, cursor: number) => Promise<Completion> = async (_, cursor) => ({
    start: cursor,
    candidates: [],
  });
  write(data: string) {
    this.output += data;
  }
  clear() {
    this.clears++;
  }
  kubectl(line: string) {
    this.lines.push(line);
    return this.answer(line);
  }
  complete(line: string, cursor: number) {
    return this.completion(line, cursor);
  }
}

function session() {
  const io = new FakeIo();
  const s = new TerminalSession(io);
  s.start();
  return { io, s };
}

describe('TerminalSession', () => {
  it('runs a kubectl line and prints stdout then stderr with terminal line ends', async () => {
    const { io, s } = session();
    io.answer = async () => ({ stdout: 'NAME\nweb\n', stderr: 'warning: x\n', exitCode: 0 });
    s.input('kubectl get pods\r');
    await s.idle();
    expect(io.lines).to.deep.equal(['kubectl get pods']);
    expect(io.output.endsWith('\r\nNAME\r\nweb\r\nwarning: x\r\n$ ')).to.equal(true);
  });

  it('runs `k` as kubectl', async () => {
    const { io, s } = session();
    s.input('k version\r');
    await s.idle();
    expect(io.lines).to.deep.equal(['kubectl version']);
  });

  it('says command not found for any other word, and does nothing for a blank line', async () => {
    const { io, s } = session();
    s.input('ls -l\r   \r');
    await s.idle();
    expect(io.output).to.contain('\r\nls: command not found\r\n$ ');
    expect(io.output.endsWith('\r\n$ ')).to.equal(true);
    expect(io.lines).to.deep.equal([]);
  });

  it('clear clears the screen', async () => {
    const { io, s } = session();
    s.input('clear\r');
    await s.idle();
    expect(io.clears).to.equal(1);
  });

  it('edits the line with the arrow keys and control keys', () => {
    const { s } = session();
    s.input('get pods');
    s.input('\x01kubectl \x05 -o wide\x17\x17');
    expect(s.editor.text).to.equal('kubectl get pods ');
    s.input('\x1b[D\x1b[D\x7f');
    expect(s.editor.text).to.equal('kubectl get pos ');
    s.input('\x1b\x7f');
    expect(s.editor.text).to.equal('kubectl get s ');
    s.input('\x0b');
    expect(s.editor.text).to.equal('kubectl get ');
    s.input('\x15');
    expect(s.editor.text).to.equal('');
  });

  it('recalls history with up and down', async () => {
    const { s } = session();
    s.input('kubectl get pods\rkubectl version\r');
    await s.idle();
    s.input('kub\x1b[A');
    expect(s.editor.text).to.equal('kubectl version');
    s.input('\x1b[A');
    expect(s.editor.text).to.equal('kubectl get pods');
    s.input('\x1b[B\x1b[B');
    expect(s.editor.text).to.equal('kub');
  });

  it('runs pasted lines one after the other', async () => {
    const { io, s } = session();
    const order: string[] = [];
    io.answer = async (line) => {
      order.push(`start ${line}`);
      await Promise.resolve();
      order.push(`end ${line}`);
      return { stdout: `${line}\n`, stderr: '', exitCode: 0 };
    };
    s.input('kubectl a\rkubectl b\r');
    await s.idle();
    expect(order).to.deep.equal([
      'start kubectl a',
      'end kubectl a',
      'start kubectl b',
      'end kubectl b',
    ]);
  });

  it('Ctrl-C returns to a prompt at once and drops the late result', async () => {
    const { io, s } = session();
    let finish!: (r: KubectlResult) => void;
    io.answer = () => new Promise((resolve) => (finish = resolve));
    s.input('kubectl get pods -w\r');
    expect(s.running).to.equal(true);
    s.input('\x03');
    expect(s.running).to.equal(false);
    expect(io.output.endsWith('^C\r\n$ ')).to.equal(true);
    io.answer = async () => ({ stdout: 'v1\n', stderr: '', exitCode: 0 });
    s.input('kubectl version\r');
    finish({ stdout: 'late\n', stderr: '', exitCode: 0 });
    await s.idle();
    expect(io.output).not.to.contain('late');
    expect(io.output).to.contain('v1\r\n$ ');
    expect(io.lines).to.deep.equal(['kubectl get pods -w', 'kubectl version']);
  });

  it('prints an error when the call itself fails', async () => {
    const { io, s } = session();
    io.answer = async () => {
      throw new Error('the cluster is not running');
    };
    s.input('kubectl get pods\r');
    await s.idle();
    expect(io.output).to.contain('error: the cluster is not running\r\n$ ');
  });

  it('Tab inserts the only candidate with a space, or the common prefix, or lists them', async () => {
    const { io, s } = session();
    io.completion = async (line, cursor) => {
      const start = line.lastIndexOf(' ', cursor - 1) + 1;
      const word = line.slice(start, cursor);
      const all = line.startsWith('kubectl get') ? ['web-1', 'web-2'] : ['get'];
      return { start, candidates: all.filter((c) => c.startsWith(word)) };
    };
    s.input('kubectl ge\t');
    await s.idle();
    expect(s.editor.text).to.equal('kubectl get ');
    s.input('pods w\t');
    await s.idle();
    expect(s.editor.text).to.equal('kubectl get pods web-');
    s.input('\t');
    await s.idle();
    expect(io.output).to.contain('\r\nweb-1  web-2\r\n');
    expect(s.editor.text).to.equal('kubectl get pods web-');
  });

  it('Ctrl-R finds an older command by substring and Enter runs it', async () => {
    const { io, s } = session();
    s.input('kubectl get pods\rkubectl version\rkubectl get nodes\r');
    await s.idle();
    s.input('\x12get');
    expect(io.output.endsWith("(reverse-i-search)`get': kubectl get nodes")).to.equal(true);
    s.input('\x12');
    expect(io.output.endsWith("(reverse-i-search)`get': kubectl get pods")).to.equal(true);
    s.input('\r');
    await s.idle();
    expect(io.lines[io.lines.length - 1]).to.equal('kubectl get pods');
  });

  it('converts every newline for the terminal', () => {
    expect(toTerminal('a\nb\r\nc\n')).to.equal('a\r\nb\r\nc\r\n');
  });
});
