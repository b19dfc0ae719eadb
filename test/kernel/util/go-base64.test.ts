import { expect } from '@esm-bundle/chai';
import {
  base64Error,
  bytesToText,
  decodeBase64,
  encodeBase64,
  encodeBase64Text,
} from '../../../src/kernel/util/go-base64.ts';

describe('Go base64 (StdEncoding)', () => {
  // Offsets as Go's encoding/base64 reports them (its own test table among them).
  const corrupt: [string, number][] = [
    ['!!!!', 0],
    ['====', 0],
    ['x===', 1],
    ['=AAA', 0],
    ['A=AA', 1],
    ['AA=A', 2],
    ['AA==A', 4],
    ['AAA=AAAA', 4],
    ['AAAAA', 4],
    ['AAAAAA', 4],
    ['A=', 1],
    ['A==', 1],
    ['AA=', 3],
    ['YQ', 0],
    ['aGVsbG8', 4],
    ['abc$defg', 3],
  ];
  for (const [input, offset] of corrupt) {
    it(`reports ${JSON.stringify(input)} at byte ${offset}`, () => {
      expect(base64Error(input)).to.equal(`illegal base64 data at input byte ${offset}`);
      expect(() => decodeBase64(input)).to.throw(`illegal base64 data at input byte ${offset}`);
    });
  }

  it('decodes padded input, ignoring CR and LF', () => {
    for (const [input, text] of [
      ['', ''],
      ['YQ==', 'a'],
      ['YWI=', 'ab'],
      ['YWJj', 'abc'],
      ['YWJj\nZGVm\r\n', 'abcdef'],
      ['YQ=\n=', 'a'],
    ]) {
      expect(base64Error(input), input).to.equal(undefined);
      expect(bytesToText(decodeBase64(input))).to.equal(text);
    }
  });

  it('encodes bytes and text as Go does', () => {
    expect(encodeBase64(new Uint8Array([0xff, 0xfe]))).to.equal('//4=');
    expect(encodeBase64Text('héllo')).to.equal(btoa('h\xc3\xa9llo'));
    expect(encodeBase64Text('')).to.equal('');
  });
});
