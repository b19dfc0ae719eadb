import { expect } from '@esm-bundle/chai';
import {
  isQualifiedName,
  isValidLabelValue,
  validateAnnotations,
  validateLabels,
} from '../../../../src/kernel/api/validation/labels.ts';
import { messages } from './fixtures.ts';

const nameRegex =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRegex =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('label keys and values', () => {
  it('accepts prefixed and plain keys', () => {
    expect(isQualifiedName('app')).to.deep.equal([]);
    expect(isQualifiedName('app.kubernetes.io/name')).to.deep.equal([]);
  });
  it('explains a bad name part', () => {
    expect(isQualifiedName('-app')).to.deep.equal([nameRegex]);
  });
  it('explains a bad prefix and too many slashes', () => {
    expect(isQualifiedName('/app')).to.deep.equal(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).to.match(/^a valid label key must consist of/);
    expect(isQualifiedName('x'.repeat(64))).to.include('name part must be no more than 63 bytes');
  });
  it('checks values', () => {
    expect(isValidLabelValue('')).to.deep.equal([]);
    expect(isValidLabelValue('v1.2_3')).to.deep.equal([]);
    expect(isValidLabelValue('bad value')).to.deep.equal([valueRegex]);
    expect(isValidLabelValue('a'.repeat(64))).to.include('must be no more than 63 bytes');
  });
  it('reports label map problems at the map path', () => {
    expect(
      messages(validateLabels({ 'bad key!': 'x', ok: 'bad value' }, 'metadata.labels')),
    ).to.deep.equal([
      `metadata.labels: Invalid value: "bad key!": ${nameRegex}`,
      `metadata.labels: Invalid value: "bad value": ${valueRegex}`,
    ]);
  });
  it('limits annotations to 256 KiB in total', () => {
    const big = { note: 'x'.repeat(256 * 1024) };
    expect(messages(validateAnnotations(big, 'metadata.annotations'))).to.deep.equal([
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
    expect(
      validateAnnotations({ 'Example.COM/Note': 'any text at all' }, 'metadata.annotations'),
    ).to.deep.equal([]);
  });
});
