import { expect } from '@esm-bundle/chai';
import type { RouterMessage } from '../../../src/workers/net/protocol.ts';
import { NetworkRouter } from '../../../src/workers/net/router.ts';

function receiver(port: MessagePort) {
  const received: RouterMessage[] = [];
  let wake: (() => void) | undefined;
  port.onmessage = (event: MessageEvent<RouterMessage>) => {
    received.push(event.data);
    wake?.();
  };
  return {
    received,
    async next(): Promise<RouterMessage> {
      while (received.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return received.shift()!;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('NetworkRouter', () => {
  it('passes a routed connection to the node whose pod CIDR holds the address', async () => {
    const router = new NetworkRouter();
    const a = router.attachNode('a', '10.244.0.0/24', '172.18.0.2');
    const b = receiver(router.attachNode('b', '10.244.1.0/24', '172.18.0.3'));
    const data = new MessageChannel();
    const ctl = new MessageChannel();
    const message: RouterMessage = {
      type: 'deliver',
      from: { ip: '10.244.0.5', port: 33000 },
      to: { ip: '10.244.1.7', port: 80 },
      data: data.port2,
      ctl: ctl.port2,
    };
    a.postMessage(message, [data.port2, ctl.port2]);
    const got = await b.next();
    expect(got).to.include({ type: 'deliver' });
    expect(got.to).to.deep.equal({ ip: '10.244.1.7', port: 80 });
    got.data.postMessage('hello');
    const echoed = await new Promise((resolve) => (data.port1.onmessage = (e) => resolve(e.data)));
    expect(echoed).to.equal('hello');
  });

  it("sends connections the page opens to the pod's node, a node's own address, or any node", async () => {
    const router = new NetworkRouter();
    const a = receiver(router.attachNode('a', '10.244.0.0/24', '172.18.0.2'));
    const b = receiver(router.attachNode('b', '10.244.1.0/24', '172.18.0.3'));
    router.connect('10.244.1.9', 8080);
    expect(await b.next()).to.include({ type: 'deliver' });
    router.connect('172.18.0.2', 30080);
    const viaNode = await a.next();
    expect(viaNode).to.include({ type: 'connect' });
    expect(viaNode.from.ip).to.equal('172.18.0.1');
    router.connect('10.96.0.20', 80);
    await settle();
    expect(a.received.length + b.received.length).to.equal(1);
  });

  it('drops connections to addresses no live node holds', async () => {
    const router = new NetworkRouter();
    const a = router.attachNode('a', '10.244.0.0/24', '172.18.0.2');
    const b = receiver(router.attachNode('b', '10.244.1.0/24', '172.18.0.3'));
    router.detachNode('b');
    const data = new MessageChannel();
    const ctl = new MessageChannel();
    a.postMessage(
      {
        type: 'deliver',
        from: { ip: '10.244.0.5', port: 1 },
        to: { ip: '10.244.1.7', port: 80 },
        data: data.port2,
        ctl: ctl.port2,
      },
      [data.port2, ctl.port2],
    );
    const answers: unknown[] = [];
    data.port1.onmessage = (e) => answers.push(e.data);
    await settle();
    expect(b.received).to.deep.equal([]);
    expect(answers).to.deep.equal([]);
  });
});
