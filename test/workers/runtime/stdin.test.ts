import { expect } from '@esm-bundle/chai';
import type { StdinMessage } from '../../../src/workers/runtime/stdin-fd.ts';
import { run } from './run-helpers.ts';

describe('interactive stdin (exec -i)', function () {
  this.timeout(20_000);

  it("feeds a shell's input as it is typed and ends it at end of input", async () => {
    const channel = new MessageChannel();
    const send = (message: StdinMessage) => channel.port1.postMessage(message);
    const shell = await run('toolbox:1.0', ['sh'], { stdin: channel.port2 });
    // The shell waits for its first line: nothing runs until input comes.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(shell.output.stdout).to.equal('');
    send({ data: 'echo hello from stdin\n' });
    await shell.until((r) => r.output.stdout.includes('hello from stdin\n'));
    send({ data: 'echo sec' });
    send({ data: 'ond\n' });
    await shell.until((r) => r.output.stdout.includes('second\n'));
    send({ eof: true });
    const exit = await shell.container.exited;
    expect(exit.exitCode).to.equal(0);
  });

  it('passes the exit status of the command the input asked for', async () => {
    const channel = new MessageChannel();
    const shell = await run('toolbox:1.0', ['sh'], { stdin: channel.port2 });
    channel.port1.postMessage({ data: 'exit 3\n' } satisfies StdinMessage);
    expect((await shell.container.exited).exitCode).to.equal(3);
  });

  it('reads an empty input when there is no stdin port', async () => {
    const cat = await run('toolbox:1.0', ['cat']);
    expect((await cat.container.exited).exitCode).to.equal(0);
    expect(cat.output.stdout).to.equal('');
  });
});
