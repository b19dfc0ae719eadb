import { expect } from '@esm-bundle/chai';
import { decodeBase64, encodeBase64 } from '../../../src/shell/commands/base64.ts';

describe('base64 decoding', () => {
  // Values as a Secret's data holds them: padded whenever the length is not a multiple of 3.
  const cases: [string, string][] = [
    ['czNjcjN0', 's3cr3t'],
    ['czNjcjN0IQ==', 's3cr3t!'],
    ['YWRtaW4=', 'admin'],
    ['YQ==', 'a'],
    ['YWI=', 'ab'],
    ['YWJj', 'abc'],
    ['', ''],
  ];
  for (const [encoded, text] of cases) {
    it(`decodes ${JSON.stringify(encoded)} to ${JSON.stringify(text)}, and back`, () => {
      const { bytes, ok } = decodeBase64(encoded);
      expect(ok).to.equal(true);
      expect(new TextDecoder().decode(bytes)).to.equal(text);
      expect(encodeBase64(new TextEncoder().encode(text))).to.equal(encoded);
    });
  }

  // What GNU base64 -d writes and whether it reports invalid input (checked against coreutils 9).
  const odd: [string, string, boolean][] = [
    ['YQ==YQ==', 'aa', true],
    ['YWI=YWI=', 'abab', true],
    ['YQ=', 'a', false],
    ['YQ=YQ==', 'a', false],
    ['YQ===', 'a', false],
    ['=YQ==', '', false],
    ['YWJj=', 'abc', false],
    ['Y===', '', false],
    ['YQ', 'a', false],
  ];
  for (const [encoded, text, valid] of odd) {
    it(`decodes ${JSON.stringify(encoded)} as GNU base64 does`, () => {
      const { bytes, ok } = decodeBase64(encoded);
      expect(new TextDecoder().decode(bytes)).to.equal(text);
      expect(ok).to.equal(valid);
    });
  }
});
