import { expect } from '@esm-bundle/chai';
import { EventsList } from '../../../src/ui/components/events-list.ts';
import { all, find, mount, settle, unmountAll } from './dom.ts';
import { event } from './fake-playground.ts';

describe('<kube-events-list>', () => {
  afterEach(unmountAll);

  it('shows the newest 50 events, newest first', async () => {
    const el = mount(new EventsList());
    el.events = Array.from({ length: 80 }, (_, i) => event(`e${i}`, 1000 + i * 60));
    el.now = Date.now();
    await settle(el);
    const rows = all(find(el, 'tbody'), 'tr');
    expect(rows).to.have.length(50);
    const firstAge = all(rows[0]!, 'td')[0]!.textContent?.trim();
    const lastAge = all(rows[49]!, 'td')[0]!.textContent?.trim();
    expect(firstAge).to.equal('16m');
    expect(lastAge).to.equal('65m');
  });

  it('falls back to firstTimestamp, then eventTime, for LAST SEEN', async () => {
    const el = mount(new EventsList());
    const t = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    el.events = [
      event('a', 0, { lastTimestamp: null, firstTimestamp: t(400) }),
      event('b', 0, { lastTimestamp: null, firstTimestamp: null, eventTime: t(800) }),
    ];
    el.now = Date.now();
    await settle(el);
    const ages = all(find(el, 'tbody'), 'tr').map((r) => all(r, 'td')[0]!.textContent?.trim());
    expect(ages).to.deep.equal(['6m40s', '13m']);
  });

  it('says so when there are none', async () => {
    const el = mount(new EventsList());
    await settle(el);
    expect(find(el, '.empty').textContent).to.equal('No events yet.');
  });
});
