import { expect } from '@esm-bundle/chai';
import type { Status } from '../../../src/kernel/api/errors.ts';
import type {
  ApiHandler,
  ApiRequest,
  ApiResponse,
  WatchSubscription,
} from '../../../src/kernel/api/types.ts';
import type { WatchEvent } from '../../../src/kernel/types/meta.ts';
import { ApiPartition } from '../../../src/workers/node/api-partition.ts';

/** An API that answers every request at once and lets the test push watch events. */
class FakeApi implements ApiHandler {
  readonly sent: string[] = [];
  onEvent?: (event: WatchEvent) => void;
  end?: (status: Status | undefined) => void;

  async handle(request: ApiRequest): Promise<ApiResponse> {
    this.sent.push(`${request.verb} ${request.path}`);
    return { status: 200, body: { path: request.path } };
  }

  async watch(
    _request: ApiRequest,
    onEvent: (event: WatchEvent) => void,
  ): Promise<WatchSubscription> {
    this.onEvent = onEvent;
    return {
      stop: () => (this.onEvent = undefined),
      done: new Promise((resolve) => (this.end = resolve)),
    };
  }

  push(name: string): void {
    this.onEvent?.({ type: 'ADDED', object: { metadata: { name } } });
  }
}

/** Lets queued promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('ApiPartition', () => {
  it('passes requests and watch events through while the link is up', async () => {
    const inner = new FakeApi();
    const link = new ApiPartition(inner);
    const res = await link.handle({ verb: 'GET', path: '/api/v1/nodes' });
    expect(res.status).to.equal(200);
    const seen: string[] = [];
    await link.watch({ verb: 'GET', path: '/api/v1/pods' }, (e) =>
      seen.push(e.object.metadata.name ?? ''),
    );
    inner.push('a');
    expect(seen).to.deep.equal(['a']);
  });

  it('holds requests and events while cut and delivers them in order once healed', async () => {
    const inner = new FakeApi();
    const link = new ApiPartition(inner);
    const seen: string[] = [];
    const sub = (await link.watch({ verb: 'GET', path: '/api/v1/pods' }, (e) =>
      seen.push(e.object.metadata.name ?? ''),
    )) as WatchSubscription;
    link.cut();
    expect(link.isCut).to.equal(true);
    let answered = false;
    const pending = link
      .handle({ verb: 'PUT', path: '/apis/coordination.k8s.io/v1/leases/x' })
      .then((r) => {
        answered = true;
        return r;
      });
    inner.push('b');
    inner.push('c');
    await settle();
    expect(inner.sent, 'nothing leaves a cut node').to.deep.equal([]);
    expect(seen).to.deep.equal([]);
    expect(answered).to.equal(false);

    let ended: Status | undefined | 'open' = 'open';
    void sub.done.then((s) => (ended = s));
    inner.end!({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 410 });
    await settle();
    expect(ended, 'the end of the watch waits too').to.equal('open');

    link.heal();
    expect((await pending).status).to.equal(200);
    expect(inner.sent).to.deep.equal(['PUT /apis/coordination.k8s.io/v1/leases/x']);
    expect(seen).to.deep.equal(['b', 'c']);
    await settle();
    expect((ended as unknown as Status).code).to.equal(410);
  });

  it('holds the reply to a request sent just before the cut', async () => {
    let release!: () => void;
    const inner = new FakeApi();
    const slow: ApiHandler = {
      handle: async (r) => {
        await new Promise<void>((resolve) => (release = resolve));
        return inner.handle(r);
      },
      watch: (r, on) => inner.watch(r, on),
    };
    const link = new ApiPartition(slow);
    let answered = false;
    const pending = link.handle({ verb: 'GET', path: '/api/v1/nodes/n' }).then(() => {
      answered = true;
    });
    await settle();
    link.cut();
    release();
    await settle();
    expect(inner.sent).to.deep.equal(['GET /api/v1/nodes/n']);
    expect(answered).to.equal(false);
    link.heal();
    await pending;
    expect(answered).to.equal(true);
  });
});
