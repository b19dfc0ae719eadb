import { expect } from '@esm-bundle/chai';
import { readAll } from '../../../src/shell/io/streams.ts';
import { ShellSession } from '../../../src/shell/session.ts';
import type { Workspace } from '../../../src/shell/workspace.ts';
import type { Completion } from '../../../src/ui/terminal/completion.ts';
import { shellRunner } from '../../../src/ui/terminal/shell-runner.ts';
import {
  TerminalSession,
  toTerminal,
  type CommandRunner,
  type RunIo,
} from '../../../src/ui/terminal/terminal-session.ts';
import { shellFixture } from '../../shell/shell-fixture.ts';

interface Answer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A runner that records the lines and answers as the test says; `>` marks more to come. */
class FakeRunner implements CommandRunner {
  lines: string[] = [];
  answer: (line: string, io: RunIo, signal: AbortSignal) => Promise<Answer> = async () => ({
    stdout: '',
    stderr: '',
    exitCode: 0,
  });
  async run(source: string, io: RunIo, signal: AbortSignal): Promise<number> {
    this.lines.push(source);
    const answer = await this.answer(source, io, signal);
    io.stdout.write(answer.stdout);
    io.stderr.write(answer.stderr);
    return answer.exitCode;
  }
  isComplete(source: string): boolean {
    return !source.endsWith('\\');
  }
}

class FakeIo {
  output = '';
  clears = 0;
  exits: number[] = [];
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
  complete(line: string, cursor: number) {
    return this.completion(line, cursor);
  }
  exit(status: number) {
    this.exits.push(status);
  }
}

/** The output as a screen shows it: a redraw (`\\r\\x1b[K`) replaces the line it is on. */
function visible(output: string): string {
  const [first, ...rest] = output.split('\r\x1b[K');
  let text = first;
  for (const piece of rest) text = text.slice(0, text.lastIndexOf('\n') + 1) + piece;
  return text;
}

function session() {
  const io = new FakeIo();
  const runner = new FakeRunner();
  const s = new TerminalSession(io, runner);
  s.start();
  return { io, runner, s };
}

describe('TerminalSession', () => {
  it('runs a line and prints stdout then stderr with terminal line ends', async () => {
    const { io, runner, s } = session();
    runner.answer = async () => ({ stdout: 'NAME\nweb\n', stderr: 'warning: x\n', exitCode: 0 });
    s.input('kubectl get pods\r');
    await s.idle();
    expect(runner.lines).to.deep.equal(['kubectl get pods']);
    expect(io.output.endsWith('\r\nNAME\r\nweb\r\nwarning: x\r\n$ ')).to.equal(true);
  });

  it('does nothing for a blank line, and Ctrl-L clears the screen', async () => {
    const { io, runner, s } = session();
    s.input('   \r\x0c');
    await s.idle();
    expect(visible(io.output).endsWith('\r\n$ ')).to.equal(true);
    expect(runner.lines).to.deep.equal([]);
    expect(io.clears).to.equal(1);
  });

  it('asks for more lines with `> ` until the command is complete', async () => {
    const { io, runner, s } = session();
    s.input('echo a \\\rb \\\rc\r');
    await s.idle();
    expect(runner.lines).to.deep.equal(['echo a \\\nb \\\nc']);
    expect(visible(io.output)).to.contain('echo a \\\r\n> b \\\r\n> c\r\n');
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
    const { runner, s } = session();
    const order: string[] = [];
    runner.answer = async (line) => {
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

  it('Ctrl-C aborts the running command and prompts once it has ended', async () => {
    const { io, runner, s } = session();
    let aborted = false;
    runner.answer = (_line, _io, signal) =>
      new Promise((resolve) =>
        signal.addEventListener('abort', () => {
          aborted = true;
          resolve({ stdout: '', stderr: '', exitCode: 130 });
        }),
      );
    s.input('kubectl get pods -w\r');
    expect(s.running).to.equal(true);
    s.input('\x03');
    expect(aborted).to.equal(true);
    await s.idle();
    expect(s.running).to.equal(false);
    expect(io.output.endsWith('^C\r\n$ ')).to.equal(true);
    runner.answer = async () => ({ stdout: 'v1\n', stderr: '', exitCode: 0 });
    s.input('kubectl version\r');
    await s.idle();
    expect(io.output).to.contain('v1\r\n$ ');
    expect(visible(io.output).match(/\$ /g)?.length).to.equal(3);
    expect(runner.lines).to.deep.equal(['kubectl get pods -w', 'kubectl version']);
  });

  it('prints what a command writes while it ends on Ctrl-C before the prompt, as bash waits for it', async () => {
    const { io, runner, s } = session();
    runner.answer = async (line, runIo, signal) => {
      if (line.startsWith('echo')) return { stdout: 'typed\n', stderr: '', exitCode: 0 };
      runIo.stdout.write('OK!OK!');
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      // The cleanup takes a few turns (the API's delete), then says what it did.
      for (let turn = 0; turn < 5; turn++) await Promise.resolve();
      runIo.stdout.write('pod "load-generator" deleted from default namespace\n');
      return { stdout: '', stderr: '', exitCode: 130 };
    };
    s.input('kubectl run -i --tty load-generator --rm --image=busybox:1.28\r');
    s.input('\x03');
    expect(s.running, 'waits for the command').to.equal(true);
    s.input('echo typed during the cleanup\r');
    await s.idle();
    expect(visible(io.output)).to.contain(
      'OK!OK!^C\r\npod "load-generator" deleted from default namespace\r\n$ ',
    );
    expect(runner.lines).to.deep.equal([
      'kubectl run -i --tty load-generator --rm --image=busybox:1.28',
      'echo typed during the cleanup',
    ]);
  });

  it('ends the line a command left open before the prompt after Ctrl-C', async () => {
    const { io, runner, s } = session();
    runner.answer = async (_line, runIo, signal) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      runIo.stdout.write('no newline');
      return { stdout: '', stderr: '', exitCode: 130 };
    };
    s.input('kubectl logs -f web\r');
    s.input('\x03');
    await s.idle();
    expect(io.output.endsWith('^C\r\nno newline\r\n$ ')).to.equal(true);
  });

  it('prompts after the grace when a command ignores Ctrl-C, and at once on a second Ctrl-C', async () => {
    for (const second of [false, true]) {
      const io = new FakeIo();
      const runner = new FakeRunner();
      const s = new TerminalSession(io, runner, second ? 60_000 : 10);
      s.start();
      let release!: () => void;
      runner.answer = (line) =>
        line === 'stuck'
          ? new Promise(
              (resolve) => (release = () => resolve({ stdout: 'late\n', stderr: '', exitCode: 0 })),
            )
          : Promise.resolve({ stdout: `${line}\n`, stderr: '', exitCode: 0 });
      s.input('stuck\r');
      s.input('\x03');
      expect(s.running, `second=${second}`).to.equal(true);
      if (second) {
        s.input('\x03');
        expect(s.running, 'a second Ctrl-C prompts at once').to.equal(false);
      }
      await s.idle();
      expect(io.output.endsWith(second ? '^C\r\n^C\r\n$ ' : '^C\r\n$ ')).to.equal(true);
      s.input('next\r');
      await s.idle();
      expect(io.output.endsWith('next\r\n$ ')).to.equal(true);
      // Its end, much later, prints no second prompt.
      release();
      await Promise.resolve();
      await s.idle();
      expect(visible(io.output).match(/\$ /g)?.length, `second=${second}`).to.equal(3);
    }
  });

  it('gives typed lines to a command that reads the terminal, Ctrl-D ending them', async () => {
    const { io, runner, s } = session();
    let got = '';
    runner.answer = async (_line, runIo) => {
      got = await readAll(runIo.stdin);
      return { stdout: got.toUpperCase(), stderr: '', exitCode: 0 };
    };
    s.input('cat\r');
    await Promise.resolve();
    s.input('one\rtwx\x7fo\r\x04');
    await s.idle();
    expect(got).to.equal('one\ntwo\n');
    expect(io.output).to.contain('one\r\ntwx\b \bo\r\nONE\r\nTWO\r\n$ ');
  });

  it('closes on exit and on Ctrl-D at an empty prompt', async () => {
    const { io, s } = session();
    s.input('\x04');
    expect(io.exits).to.deep.equal([0]);
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
    const { io, runner, s } = session();
    s.input('kubectl get pods\rkubectl version\rkubectl get nodes\r');
    await s.idle();
    s.input('\x12get');
    expect(io.output.endsWith("(reverse-i-search)`get': kubectl get nodes")).to.equal(true);
    s.input('\x12');
    expect(io.output.endsWith("(reverse-i-search)`get': kubectl get pods")).to.equal(true);
    s.input('\r');
    await s.idle();
    expect(runner.lines[runner.lines.length - 1]).to.equal('kubectl get pods');
  });

  it('converts every newline for the terminal', () => {
    expect(toTerminal('a\nb\r\nc\n')).to.equal('a\r\nb\r\nc\r\n');
  });
});

describe('TerminalSession over the shell', () => {
  async function shellSession() {
    const sh = await shellFixture();
    const io = new FakeIo();
    const s = new TerminalSession(io, shellRunner(sh.session));
    s.start();
    return { io, s, sh };
  }

  it('collects a here-document over several lines and applies it', async () => {
    const { io, s } = await shellSession();
    s.input(
      'kubectl apply -f - <<EOF\rapiVersion: v1\rkind: ConfigMap\rmetadata:\r  name: cfg\rEOF\r',
    );
    await s.idle();
    expect(visible(io.output)).to.contain(
      '<<EOF\r\n> apiVersion: v1\r\n> kind: ConfigMap\r\n> metadata:\r\n>   name: cfg\r\n> EOF\r\n',
    );
    expect(io.output).to.contain('configmap/cfg created\r\n$ ');
  });

  it('says command not found, with a suggestion', async () => {
    const { io, s } = await shellSession();
    s.input('kubeclt get pods\r');
    await s.idle();
    expect(io.output).to.contain("kubeclt: command not found\r\nDid you mean 'kubectl'?");
  });

  it('reports a finished background job before the next prompt, and lists history', async () => {
    const { io, s } = await shellSession();
    s.input('sleep 1 &\r');
    await s.idle();
    await new Promise((resolve) => setTimeout(resolve, 10));
    s.input('history\r');
    await s.idle();
    expect(io.output).to.match(/\[1\] \d+\r\n\$ /);
    expect(io.output).to.contain(
      '    1  sleep 1 &\r\n    2  history\r\n[1]+  Done                    sleep 1\r\n$ ',
    );
  });

  it('sends `exit` to the page', async () => {
    const { io, s } = await shellSession();
    s.input('exit 3\r');
    await s.idle();
    expect(io.exits).to.deep.equal([3]);
  });
});

describe('shells of two terminals', () => {
  it('have their own variables and share the workspace files', async () => {
    const sh = await shellFixture();
    const workspace: Workspace = sh.workspace;
    const other = new ShellSession(sh.host, workspace);
    await sh.run('X=first; echo data > shared.txt');
    const io = new FakeIo();
    const s = new TerminalSession(io, shellRunner(other));
    s.input('echo "[$X]"; cat shared.txt\r');
    await s.idle();
    expect(io.output).to.contain('[]\r\ndata\r\n$ ');
  });
});
