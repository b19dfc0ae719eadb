import { expect } from '@esm-bundle/chai';
import { PodIpAllocator } from '../../../src/workers/node/pod-ip-allocator.ts';

describe('PodIpAllocator', () => {
  it('gives .2 upwards, one address per owner, and does not reuse a released one at once', () => {
    const ips = new PodIpAllocator('10.244.1.0/24');
    expect(ips.allocate('a')).to.equal('10.244.1.2');
    expect(ips.allocate('b')).to.equal('10.244.1.3');
    expect(ips.allocate('a')).to.equal('10.244.1.2');
    ips.release('a');
    expect(ips.allocate('c')).to.equal('10.244.1.4');
  });

  it('keeps a preferred address when it is free and in range', () => {
    const ips = new PodIpAllocator('10.244.2.0/24');
    expect(ips.allocate('a', '10.244.2.40')).to.equal('10.244.2.40');
    expect(ips.allocate('b', '10.244.2.40')).to.equal('10.244.2.2');
    expect(ips.allocate('c', '10.244.9.9')).to.equal('10.244.2.3');
  });

  it('wraps around and runs out', () => {
    const ips = new PodIpAllocator('10.0.0.0/29');
    const given = ['a', 'b', 'c', 'd', 'e'].map((o) => ips.allocate(o));
    expect(given).to.deep.equal(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    expect(ips.allocate('f')).to.equal(undefined);
    ips.release('b');
    expect(ips.allocate('f')).to.equal('10.0.0.3');
  });

  it('refuses a CIDR it cannot use', () => {
    expect(() => new PodIpAllocator('10.0.0.0/31')).to.throw('invalid pod CIDR');
    expect(() => new PodIpAllocator('fd00::/64')).to.throw('invalid pod CIDR');
  });
});
