import { expect } from '@esm-bundle/chai';
import { KubeTerminal } from '../../../src/ui/components/kube-terminal.ts';
import { mount, settle, unmountAll } from './dom.ts';
import { FakePlayground } from './fake-playground.ts';

async function terminal(playground: FakePlayground): Promise<KubeTerminal> {
  const el = new KubeTerminal();
  el.style.height = '300px';
  el.style.width = '700px';
  el.playground = playground;
  el.commands = [
    { path: ['get'], flags: [] },
    { path: ['version'], flags: [] },
  ];
  mount(el);
  await settle(el);
  await el.idle();
  return el;
}

/** The prompt line being typed (the screen's last line). */
function lastLine(el: KubeTerminal): string {
  const lines = el.lines();
  return lines[lines.length - 1];
}

describe('<kube-terminal>', () => {
  afterEach(unmountAll);

  it('runs `kubectl get pods` typed with Enter and shows the answer under it', async () => {
    const playground = new FakePlayground();
    playground.kubectlAnswer = async () => ({
      stdout: 'NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          5s\n',
      stderr: '',
      exitCode: 0,
    });
    const el = await terminal(playground);
    el.terminal!.input('kubectl get pods');
    el.terminal!.input('\r');
    await el.idle();
    expect(playground.kubectlLines).to.deep.equal(['kubectl get pods']);
    const lines = el.lines();
    const at = lines.indexOf('$ kubectl get pods');
    expect(at).to.be.greaterThan(-1);
    expect(lines.slice(at + 1)).to.deep.equal([
      'NAME    READY   STATUS    RESTARTS   AGE',
      'web-1   1/1     Running   0          5s',
      '$ ',
    ]);
  });

  it('shows stderr like stdout, and `command not found` for other words', async () => {
    const playground = new FakePlayground();
    playground.kubectlAnswer = async () => ({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "x" not found\n',
      exitCode: 1,
    });
    const el = await terminal(playground);
    el.terminal!.input('k get pod x\rls\r');
    await el.idle();
    expect(playground.kubectlLines).to.deep.equal(['kubectl get pod x']);
    expect(el.lines().slice(-4)).to.deep.equal([
      'Error from server (NotFound): pods "x" not found',
      '$ ls',
      'ls: command not found',
      '$ ',
    ]);
  });

  it('recalls the last command with the up arrow', async () => {
    const playground = new FakePlayground();
    const el = await terminal(playground);
    el.terminal!.input('kubectl get pods\r');
    await el.idle();
    el.terminal!.input('\x1b[A');
    await el.idle();
    expect(lastLine(el)).to.equal('$ kubectl get pods');
    expect(el.session.editor.text).to.equal('kubectl get pods');
  });

  it('completes `kubectl ge` to `kubectl get ` with Tab', async () => {
    const el = await terminal(new FakePlayground());
    el.terminal!.input('kubectl ge\t');
    await el.idle();
    expect(el.session.editor.text).to.equal('kubectl get ');
    expect(lastLine(el)).to.equal('$ kubectl get ');
  });

  it('completes object names listed from the API server', async () => {
    const playground = new FakePlayground();
    playground.request = async (request) =>
      request.path === '/api/v1/namespaces/default/pods'
        ? { status: 200, body: { items: [{ metadata: { name: 'ticker-abc' } }] } }
        : { status: 404, body: {} };
    const el = await terminal(playground);
    el.terminal!.input('kubectl get po t\t');
    await el.idle();
    expect(el.session.editor.text).to.equal('kubectl get po ticker-abc ');
  });
});
