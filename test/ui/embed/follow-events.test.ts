import { expect } from '@esm-bundle/chai';
import type { Event } from '../../../src/kernel/types/core.ts';
import type { WatchEvent } from '../../../src/kernel/types/meta.ts';
import { followEvents } from '../../../src/ui/embed/follow-events.ts';
import type { Playground } from '../../../src/ui/playground-api.ts';

/** A playground whose event watches the test drives: each watch call is one entry. */
class FakeWatches implements Pick<Playground, 'watch'> {
  readonly watches: { path: string; send: (e: WatchEvent) => void; stopped: boolean }[] = [];
  private waiting: (() => void)[] = [];

  async watch(request: { path: string }, onEvent: (e: WatchEvent) => void) {
    const entry = { path: request.path, send: onEvent, stopped: false };
    this.watches.push(entry);
    for (const wake of this.waiting.splice(0)) wake();
    return () => {
      entry.stopped = true;
    };
  }

  /** Resolves once `n` watches have been started. */
  async started(n: number): Promise<void> {
    while (this.watches.length < n) await new Promise<void>((r) => this.waiting.push(r));
  }
}

function event(name: string, resourceVersion: string, count = 1): Event {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
    reason: 'Scheduled',
    message: 'm',
    count,
  } as Event;
}

describe('followEvents', () => {
  it('passes each new version of an Event once, from every namespace', async () => {
    const fake = new FakeWatches();
    const seen: string[] = [];
    const stop = await followEvents(fake, (e) =>
      seen.push(`${e.metadata.name}@${e.metadata.resourceVersion}`),
    );
    expect(fake.watches.map((w) => w.path)).to.deep.equal(['/api/v1/events']);
    const { send } = fake.watches[0];
    send({ type: 'ADDED', object: event('a', '1') });
    send({ type: 'MODIFIED', object: event('a', '1') });
    send({ type: 'MODIFIED', object: event('a', '5', 2) });
    send({ type: 'ADDED', object: event('b', '6') });
    send({ type: 'DELETED', object: event('b', '6') });
    expect(seen).to.deep.equal(['a@1', 'a@5', 'b@6']);
    stop();
    expect(fake.watches[0].stopped).to.equal(true);
    send({ type: 'ADDED', object: event('c', '7') });
    expect(seen).to.have.length(3);
  });

  it('watches again after the server ends the watch, without repeating what it sent', async () => {
    const fake = new FakeWatches();
    const seen: string[] = [];
    const stop = await followEvents(
      fake,
      (e) => seen.push(`${e.metadata.name}@${e.metadata.resourceVersion}`),
      0,
    );
    fake.watches[0].send({ type: 'ADDED', object: event('a', '1') });
    fake.watches[0].send({
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', code: 410, reason: 'Expired' } as never,
    });
    expect(fake.watches[0].stopped).to.equal(true);
    await fake.started(2);
    const { send } = fake.watches[1];
    send({ type: 'ADDED', object: event('a', '1') });
    send({ type: 'ADDED', object: event('d', '9') });
    expect(seen).to.deep.equal(['a@1', 'd@9']);
    stop();
    expect(fake.watches[1].stopped).to.equal(true);
  });
});
