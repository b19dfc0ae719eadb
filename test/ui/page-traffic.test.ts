import { expect } from '@esm-bundle/chai';
import type { DataMessage } from '../../src/workers/net/protocol.ts';
import { PageTraffic } from '../../src/ui/page-traffic.ts';

/** A connection whose far end the test plays. */
function open(traffic: PageTraffic, ip: string, port: number) {
  const data = new MessageChannel();
  const reset = new MessageChannel();
  const connection = traffic.connection(data.port1, reset.port1, ip, port);
  const send = (message: DataMessage) => data.port2.postMessage(message);
  return { connection, send, reset: () => reset.port2.postMessage({ t: 'rst' }) };
}

describe('PageTraffic', () => {
  it('counts connections opened and those refused, per destination', async () => {
    const traffic = new PageTraffic();
    const refused = open(traffic, '10.96.0.10', 80);
    refused.send({ t: 'refused' });
    let error = '';
    await refused.connection.established.catch((e: Error) => (error = e.message));
    expect(error).to.equal('Connection refused');
    const fine = open(traffic, '10.96.0.10', 80);
    fine.send({
      t: 'ok',
      peer: { ip: '10.244.1.2', port: 8080 },
      local: { ip: '172.18.0.1', port: 40000 },
    });
    await fine.connection.established;
    expect(traffic.counts()).to.deep.equal({
      opened: { '10.96.0.10:80': 2 },
      failed: { '10.96.0.10:80': 1 },
    });
  });

  it('counts a connection reset while reading once', async () => {
    const traffic = new PageTraffic();
    const c = open(traffic, '10.244.1.2', 8080);
    c.send({
      t: 'ok',
      peer: { ip: '10.244.1.2', port: 8080 },
      local: { ip: '172.18.0.1', port: 1 },
    });
    await c.connection.established;
    c.reset();
    for (let i = 0; i < 2; i++) {
      let error = '';
      await c.connection.read().catch((e: Error) => (error = e.message));
      expect(error).to.equal('Connection reset by peer');
    }
    expect(traffic.counts().failed).to.deep.equal({ '10.244.1.2:8080': 1 });
  });
});
