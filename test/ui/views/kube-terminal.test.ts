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

  it('shows stderr like stdout, and `command not found` for unknown commands', async () => {
    const playground = new FakePlayground();
    playground.kubectlAnswer = async () => ({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "x" not found\n',
      exitCode: 1,
    });
    const el = await terminal(playground);
    el.terminal!.input('k get pod x\rfrobnicate\r');
    await el.idle();
    expect(playground.kubectlLines).to.deep.equal(['kubectl get pod x']);
    expect(el.lines().slice(-4)).to.deep.equal([
      'Error from server (NotFound): pods "x" not found',
      '$ frobnicate',
      'frobnicate: command not found',
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

  it('opens more terminals in tabs, each with its own shell, sharing the files', async () => {
    const el = await terminal(new FakePlayground());
    el.terminal!.input('NAME=one; echo shared > notes.txt\r');
    await el.idle();
    const tabs = () => [...el.shadowRoot!.querySelectorAll('[role="tab"]')];
    expect(tabs().map((t) => t.textContent!.trim())).to.deep.equal(['1: bash']);
    (el.shadowRoot!.querySelector('[aria-label="New terminal"]') as HTMLElement).click();
    await settle(el);
    expect(el.tabCount).to.equal(2);
    expect(tabs().map((t) => t.getAttribute('aria-selected'))).to.deep.equal(['false', 'true']);
    el.terminal!.input('echo "[$NAME]"; cat notes.txt\r');
    await el.idle();
    expect(el.lines().slice(-3)).to.deep.equal(['[]', 'shared', '$ ']);
    el.selectTab(0);
    await el.idle();
    expect(el.lines().some((l) => l.includes('[]'))).to.equal(false);
    el.closeTab(1);
    await settle(el);
    expect(el.tabCount).to.equal(1);
  });

  it('closes a tab on exit, and restarts the last one', async () => {
    const el = await terminal(new FakePlayground());
    el.addTab();
    await settle(el);
    el.terminal!.input('exit\r');
    await el.session.idle();
    await settle(el);
    expect(el.tabCount).to.equal(1);
    el.terminal!.input('X=1; exit\r');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await settle(el);
    expect(el.tabCount).to.equal(1);
    el.terminal!.input('echo "[$X]"\r');
    await el.idle();
    expect(el.lines().slice(-2)).to.deep.equal(['[]', '$ ']);
  });
});
