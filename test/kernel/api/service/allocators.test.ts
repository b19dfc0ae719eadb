import { expect } from '@esm-bundle/chai';
import type { Random } from '../../../../src/kernel/api/object-meta.ts';
import { ClusterIPAllocator } from '../../../../src/kernel/api/service/cluster-ip-allocator.ts';
import { NodePortAllocator } from '../../../../src/kernel/api/service/node-port-allocator.ts';

/** A Random whose draws are fixed: always `value`. */
function fixed(value: number): Random {
  return { next: () => value, uuid: () => 'uid' };
}

describe('service allocators', () => {
  it('picks cluster IPs above the first 256, which stay for requested addresses', () => {
    const ips = new ClusterIPAllocator('10.96.0.0/16', fixed(0));
    expect(ips.pick(new Set())).to.equal('10.96.1.1');
    expect(new ClusterIPAllocator('10.96.0.0/16', fixed(0.999999)).pick(new Set())).to.equal(
      '10.96.255.254',
    );
    expect(ips.allocate('10.96.0.10')).to.equal(undefined);
    expect(ips.allocate('10.96.0.10')).to.equal('provided IP is already allocated');
    expect(ips.allocate('10.96.0.0')).to.equal(
      'the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/16',
    );
    expect(ips.allocate('10.96.255.255')).to.match(/not in the valid range/);
    ips.release('10.96.0.10');
    expect(ips.has('10.96.0.10')).to.equal(false);
  });

  it('falls back to the low band once the upper one is full, then reports full', () => {
    const ips = new ClusterIPAllocator('10.96.0.0/28', fixed(0));
    const taken: string[] = [];
    for (let ip = ips.pick(new Set()); ip; ip = ips.pick(new Set())) {
      ips.allocate(ip);
      taken.push(ip);
    }
    // A /28 has 14 usable addresses and no reserved band.
    expect(taken).to.have.length(14);
    expect(taken[0]).to.equal('10.96.0.1');
  });

  it('picks node ports above the first 86 of 30000-32767', () => {
    const ports = new NodePortAllocator(fixed(0));
    expect(ports.range).to.equal('30000-32767');
    expect(ports.pick(new Set())).to.equal(30086);
    expect(ports.pick(new Set([30086]))).to.equal(30087);
    expect(ports.allocate(32768)).to.equal(
      'provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });
});
