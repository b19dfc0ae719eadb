import { expect } from '@esm-bundle/chai';
import {
  applyMergePatch,
  jsonMergePatch,
} from '../../../../src/kernel/api/patch/json-merge-patch.ts';
import { frozen, statusErrorOf } from './patch-test-helpers.ts';

describe('JSON merge patch (RFC 7386)', () => {
  // RFC 7386 Appendix A, in order: [original, patch, result].
  const appendixA: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  appendixA.forEach(([original, patch, result], i) => {
    it(`appendix A example ${i + 1}: ${JSON.stringify(original)} + ${JSON.stringify(patch)}`, () => {
      expect(jsonMergePatch(frozen(original), frozen(patch))).to.deep.equal(result);
    });
  });

  it('returns new objects that share nothing with the inputs', () => {
    const original = { metadata: { labels: { app: 'web' } }, spec: { ports: [{ port: 80 }] } };
    const patch = { spec: { replicas: 2 } };
    const result = jsonMergePatch(original, patch) as typeof original & { spec: object };
    expect(result).to.deep.equal({
      metadata: { labels: { app: 'web' } },
      spec: { ports: [{ port: 80 }], replicas: 2 },
    });
    expect(result.metadata).to.not.equal(original.metadata);
    expect(result.spec.ports[0]).to.not.equal(original.spec.ports[0]);
  });

  it('treats __proto__ as an ordinary member', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const result = jsonMergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).to.equal(Object.prototype);
    expect(Object.keys(result)).to.deep.equal(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  describe('as a PATCH request', () => {
    const deployment = frozen({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } },
      spec: { replicas: 1 },
    });

    it('applies parsed bodies and JSON text, null deleting a label', () => {
      const expected = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', labels: { app: 'web' } },
        spec: { replicas: 3 },
      };
      const patch = { metadata: { labels: { tier: null } }, spec: { replicas: 3 } };
      expect(applyMergePatch(deployment, patch)).to.deep.equal(expected);
      expect(applyMergePatch(deployment, JSON.stringify(patch))).to.deep.equal(expected);
    });

    const bad: [string, unknown, string][] = [
      ['text that is not JSON', '{"spec":', 'invalid JSON patch'],
      ['a missing body', undefined, 'invalid JSON patch'],
      ['null', 'null', 'Invalid JSON Patch'],
      ['a scalar', 5, 'Invalid JSON Patch'],
      ['an array', [{ spec: {} }], 'Invalid JSON Patch'],
    ];
    for (const [what, body, message] of bad) {
      it(`answers 400 BadRequest to ${what}`, () => {
        const err = statusErrorOf(() => applyMergePatch(deployment, body));
        expect(err.code).to.equal(400);
        expect(err.reason).to.equal('BadRequest');
        expect(err.status.message).to.equal(message);
      });
    }
  });
});
