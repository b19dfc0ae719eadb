import { expect } from '@esm-bundle/chai';
import {
  isBytes,
  postBytes,
  receivedBytes,
  STRING_WRITE_MAX_BYTES,
} from '../../../src/workers/net/post-bytes.ts';
import type { DataMessage } from '../../../src/workers/net/protocol.ts';

/** A channel whose far end collects what is posted, in order. */
function channel() {
  const { port1, port2 } = new MessageChannel();
  const received: DataMessage[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  port2.onmessage = (event: MessageEvent<DataMessage>) => {
    received.push(event.data);
    if (waiting && received.length >= waiting.count) waiting.resolve();
  };
  const got = (count: number) =>
    received.length >= count
      ? Promise.resolve()
      : new Promise<void>((resolve) => (waiting = { count, resolve }));
  return { port: port1, peer: port2, received, got };
}

const bytesOf = (length: number, first = 0) =>
  Uint8Array.from({ length }, (_, i) => (first + i) % 256);

describe('postBytes and receivedBytes', () => {
  it('sends short writes as strings and long ones as buffers, each byte value intact', async () => {
    const c = channel();
    const cases = [
      bytesOf(256),
      bytesOf(STRING_WRITE_MAX_BYTES, 7),
      bytesOf(STRING_WRITE_MAX_BYTES + 1, 3),
      bytesOf(70_000, 1),
    ];
    for (const bytes of cases) postBytes(c.port, bytes);
    await c.got(cases.length);
    expect(c.received.map((m) => typeof m)).to.deep.equal(['string', 'string', 'object', 'object']);
    expect(c.received[2]).to.be.instanceOf(ArrayBuffer);
    c.received.forEach((message, i) => {
      expect(isBytes(message)).to.equal(true);
      expect([...receivedBytes(message as string | ArrayBuffer)]).to.deep.equal([...cases[i]]);
    });
  });

  it("copies the caller's bytes unless it hands over their whole buffer", async () => {
    const c = channel();
    const kept = bytesOf(5000);
    postBytes(c.port, kept);
    expect(kept.byteLength).to.equal(5000);
    const backing = bytesOf(6000);
    const part = backing.subarray(1000);
    postBytes(c.port, part, true);
    expect(backing.byteLength).to.equal(6000);
    const owned = bytesOf(5000, 9);
    postBytes(c.port, owned, true);
    // Transferred: the sender's buffer is detached.
    expect(owned.byteLength).to.equal(0);
    await c.got(3);
    expect([...receivedBytes(c.received[1] as ArrayBuffer)]).to.deep.equal([
      ...bytesOf(5000, 1000),
    ]);
    expect([...receivedBytes(c.received[2] as ArrayBuffer)]).to.deep.equal([...bytesOf(5000, 9)]);
  });

  it('tells byte messages from control messages', () => {
    expect(isBytes('')).to.equal(true);
    expect(isBytes(new ArrayBuffer(1))).to.equal(true);
    expect(isBytes({ t: 'fin' })).to.equal(false);
    expect(isBytes({ t: 'rst' })).to.equal(false);
  });
});
