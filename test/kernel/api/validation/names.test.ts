import { expect } from '@esm-bundle/chai';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  nameIsDNSSubdomain,
} from '../../../../src/kernel/api/validation/names.ts';

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Msg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe('DNS names', () => {
  const table: [string, (v: string) => string[], string, string[]][] = [
    ['subdomain ok', isDNS1123Subdomain, 'web.example-1', []],
    ['subdomain upper case', isDNS1123Subdomain, 'My_App', [subdomainMsg]],
    ['subdomain trailing dash', isDNS1123Subdomain, 'web-', [subdomainMsg]],
    [
      'subdomain too long',
      isDNS1123Subdomain,
      'a'.repeat(254),
      ['must be no more than 253 characters'],
    ],
    ['label ok', isDNS1123Label, 'my-ns', []],
    ['label with dots', isDNS1123Label, 'a.b', ['must not contain dots']],
    ['label bad chars', isDNS1123Label, 'Ab_c', [labelMsg]],
    ['label too long', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
    ['1035 ok', isDNS1035Label, 'svc-1', []],
    ['1035 leading digit', isDNS1035Label, '1svc', [dns1035Msg]],
  ];
  for (const [name, fn, value, want] of table) {
    it(name, () => expect(fn(value)).to.deep.equal(want));
  }

  it('accepts a generateName prefix ending in a dash', () => {
    expect(nameIsDNSSubdomain('web-', true)).to.deep.equal([]);
    expect(nameIsDNSSubdomain('web-', false)).to.deep.equal([subdomainMsg]);
  });
});
