import { expect } from '@esm-bundle/chai';
import {
  formatIP,
  ipFamilyOf,
  parseIPSloppy,
  parseIPStrict,
} from '../../../src/kernel/util/ip-address.ts';

describe('ip-address', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['10.96.0.1', '10.96.0.1', 'IPv4'],
    ['010.96.0.1', '10.96.0.1', 'IPv4'],
    ['::ffff:10.1.2.3', '10.1.2.3', 'IPv4'],
    ['fd00:0:0::1', 'fd00::1', 'IPv6'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 'IPv6'],
    ['::', '::', 'IPv6'],
    ['10.96.0.256', undefined, undefined],
    ['1:2:3:4:5:6:7:8:9', undefined, undefined],
    ['web', undefined, undefined],
  ];
  for (const [text, shown, family] of cases) {
    it(`reads ${text} as Go does`, () => {
      const bytes = parseIPSloppy(text);
      expect(bytes ? formatIP(bytes) : undefined).to.equal(shown);
      expect(ipFamilyOf(text)).to.equal(family);
    });
  }

  it('refuses leading zeros when strict', () => {
    expect(parseIPStrict('010.96.0.1')).to.equal(undefined);
    expect(parseIPStrict('10.96.0.1')).to.not.equal(undefined);
  });
});
