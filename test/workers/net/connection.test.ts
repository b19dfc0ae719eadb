import { expect } from '@esm-bundle/chai';
import { StreamConnection } from '../../../src/workers/net/connection.ts';
import { postBytes } from '../../../src/workers/net/post-bytes.ts';
import { Errno } from '../../../src/workers/net/protocol.ts';

const bytesOf = (length: number, first = 0) =>
  Uint8Array.from({ length }, (_, i) => (first + i) % 256);

describe('StreamConnection reading both forms', () => {
  it('yields strings and buffers in the order they came, then the end', async () => {
    const data = new MessageChannel();
    const reset = new MessageChannel();
    const connection = new StreamConnection(data.port1, reset.port1);
    const far = data.port2;
    far.postMessage({
      t: 'ok',
      peer: { ip: '10.244.1.2', port: 80 },
      local: { ip: '1.2.3.4', port: 1 },
    });
    far.postMessage('one ');
    const two = new TextEncoder().encode('two ').buffer;
    far.postMessage(two, [two]);
    postBytes(far, bytesOf(3, 0xfd));
    far.postMessage({ t: 'fin' });
    await connection.established;
    const got: number[] = [];
    for (let chunk = await connection.read(); chunk; chunk = await connection.read()) {
      got.push(...chunk);
    }
    expect(got).to.deep.equal([...new TextEncoder().encode('one two '), 0xfd, 0xfe, 0xff]);
  });

  it('reads the bytes that came as strings before a reset, then fails with ECONNRESET', async () => {
    const data = new MessageChannel();
    const reset = new MessageChannel();
    const connection = new StreamConnection(data.port1, reset.port1);
    data.port2.postMessage({
      t: 'ok',
      peer: { ip: '10.244.1.2', port: 80 },
      local: { ip: '1.2.3.4', port: 1 },
    });
    data.port2.postMessage('partial');
    data.port2.postMessage({ t: 'rst' });
    await connection.established;
    expect(new TextDecoder().decode(await connection.read())).to.equal('partial');
    let failure: unknown;
    try {
      await connection.read();
    } catch (err) {
      failure = err;
    }
    expect(failure).to.have.property('errno', Errno.CONNRESET);
  });
});
