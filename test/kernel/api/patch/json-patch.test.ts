import { expect } from '@esm-bundle/chai';
import {
  applyJsonPatch,
  jsonPatch,
  JsonPatchError,
  parseJsonPointer,
} from '../../../../src/kernel/api/patch/json-patch.ts';
import { frozen, statusErrorOf } from './patch-test-helpers.ts';

interface Case {
  name: string;
  doc: unknown;
  patch: unknown[];
  /** The result, or `error` when the patch must fail. */
  expected: unknown | 'error';
}

// RFC 6902 Appendix A (A.13, a duplicate-member document, is a JSON parsing matter).
const appendixA: Case[] = [
  {
    name: 'A.1 adding an object member',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux' }],
    expected: { baz: 'qux', foo: 'bar' },
  },
  {
    name: 'A.2 adding an array element',
    doc: { foo: ['bar', 'baz'] },
    patch: [{ op: 'add', path: '/foo/1', value: 'qux' }],
    expected: { foo: ['bar', 'qux', 'baz'] },
  },
  {
    name: 'A.3 removing an object member',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'remove', path: '/baz' }],
    expected: { foo: 'bar' },
  },
  {
    name: 'A.4 removing an array element',
    doc: { foo: ['bar', 'qux', 'baz'] },
    patch: [{ op: 'remove', path: '/foo/1' }],
    expected: { foo: ['bar', 'baz'] },
  },
  {
    name: 'A.5 replacing a value',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'replace', path: '/baz', value: 'boo' }],
    expected: { baz: 'boo', foo: 'bar' },
  },
  {
    name: 'A.6 moving a value',
    doc: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    patch: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    expected: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  },
  {
    name: 'A.7 moving an array element',
    doc: { foo: ['all', 'grass', 'cows', 'eat'] },
    patch: [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    expected: { foo: ['all', 'cows', 'eat', 'grass'] },
  },
  {
    name: 'A.8 testing a value: success',
    doc: { baz: 'qux', foo: ['a', 2, 'c'] },
    patch: [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    expected: { baz: 'qux', foo: ['a', 2, 'c'] },
  },
  {
    name: 'A.9 testing a value: error',
    doc: { baz: 'qux' },
    patch: [{ op: 'test', path: '/baz', value: 'bar' }],
    expected: 'error',
  },
  {
    name: 'A.10 adding a nested member object',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    expected: { foo: 'bar', child: { grandchild: {} } },
  },
  {
    name: 'A.11 ignoring unrecognized elements',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
    expected: { foo: 'bar', baz: 'qux' },
  },
  {
    name: 'A.12 adding to a nonexistent target',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz/bat', value: 'qux' }],
    expected: 'error',
  },
  {
    name: 'A.14 ~ escape ordering',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: 10 }],
    expected: { '/': 9, '~1': 10 },
  },
  {
    name: 'A.15 comparing strings and numbers',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: '10' }],
    expected: 'error',
  },
  {
    name: 'A.16 adding an array value',
    doc: { foo: ['bar'] },
    patch: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    expected: { foo: ['bar', ['abc', 'def']] },
  },
];

const more: Case[] = [
  {
    name: 'add with - appends to an array',
    doc: { args: ['a'] },
    patch: [{ op: 'add', path: '/args/-', value: 'b' }],
    expected: { args: ['a', 'b'] },
  },
  {
    name: 'add at the array length appends; past it fails',
    doc: { a: [1] },
    patch: [{ op: 'add', path: '/a/1', value: 2 }],
    expected: { a: [1, 2] },
  },
  {
    name: 'add past the array length fails',
    doc: { a: [1] },
    patch: [{ op: 'add', path: '/a/2', value: 2 }],
    expected: 'error',
  },
  {
    name: 'add replaces an existing member',
    doc: { a: 1 },
    patch: [{ op: 'add', path: '/a', value: 2 }],
    expected: { a: 2 },
  },
  {
    name: 'a key with / and ~ is reached through ~1 and ~0',
    doc: { metadata: { labels: { 'app.kubernetes.io/name': 'x', 'a~b': 'y' } } },
    patch: [
      { op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'z' },
      { op: 'remove', path: '/metadata/labels/a~0b' },
    ],
    expected: { metadata: { labels: { 'app.kubernetes.io/name': 'z' } } },
  },
  {
    name: 'replace of a missing member fails',
    doc: { a: 1 },
    patch: [{ op: 'replace', path: '/b', value: 2 }],
    expected: 'error',
  },
  {
    name: 'remove of a missing member fails',
    doc: { a: 1 },
    patch: [{ op: 'remove', path: '/b' }],
    expected: 'error',
  },
  {
    name: 'leading zeros are not array indexes',
    doc: { a: [1, 2] },
    patch: [{ op: 'remove', path: '/a/01' }],
    expected: 'error',
  },
  {
    name: 'copy duplicates a value',
    doc: { a: { b: [1] } },
    patch: [{ op: 'copy', from: '/a/b', path: '/c' }],
    expected: { a: { b: [1] }, c: [1] },
  },
  {
    name: 'move into its own child fails',
    doc: { a: { b: 1 } },
    patch: [{ op: 'move', from: '/a', path: '/a/c' }],
    expected: 'error',
  },
  {
    name: 'replace of the whole document',
    doc: { a: 1 },
    patch: [{ op: 'replace', path: '', value: { b: 2 } }],
    expected: { b: 2 },
  },
  {
    name: 'test compares objects regardless of member order',
    doc: { a: { x: 1, y: [1, { z: 2 }] } },
    patch: [{ op: 'test', path: '/a', value: { y: [1, { z: 2 }], x: 1 } }],
    expected: { a: { x: 1, y: [1, { z: 2 }] } },
  },
  {
    name: 'test of an absent member against null passes, as in the apiserver',
    doc: { metadata: { labels: {} } },
    patch: [{ op: 'test', path: '/metadata/labels/x', value: null }],
    expected: { metadata: { labels: {} } },
  },
  {
    name: 'an unknown op fails',
    doc: {},
    patch: [{ op: 'frobnicate', path: '/a' }],
    expected: 'error',
  },
  {
    name: 'an operation without path fails',
    doc: {},
    patch: [{ op: 'add', value: 1 }],
    expected: 'error',
  },
  {
    name: 'an add without value fails',
    doc: {},
    patch: [{ op: 'add', path: '/a' }],
    expected: 'error',
  },
];

describe('JSON patch (RFC 6902)', () => {
  for (const c of [...appendixA, ...more]) {
    it(c.name, () => {
      const doc = frozen(c.doc);
      if (c.expected === 'error') {
        expect(() => jsonPatch(doc, frozen(c.patch))).to.throw(JsonPatchError);
      } else {
        expect(jsonPatch(doc, frozen(c.patch))).to.deep.equal(c.expected);
      }
    });
  }

  it('decodes JSON pointers', () => {
    expect(parseJsonPointer('')).to.deep.equal([]);
    expect(parseJsonPointer('/')).to.deep.equal(['']);
    expect(parseJsonPointer('/a~1b/~01/0')).to.deep.equal(['a/b', '~1', '0']);
    expect(() => parseJsonPointer('a')).to.throw(JsonPatchError);
  });

  it('applies nothing when a later operation fails', () => {
    const doc = { a: 1 };
    expect(() =>
      jsonPatch(doc, [
        { op: 'replace', path: '/a', value: 2 },
        { op: 'test', path: '/a', value: 3 },
      ]),
    ).to.throw(JsonPatchError);
    expect(doc).to.deep.equal({ a: 1 });
  });

  describe('as a PATCH request', () => {
    const pod = frozen({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', labels: { A: 'true' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
    });

    it('applies a test-guarded change given as JSON text', () => {
      const body = JSON.stringify([
        { op: 'test', path: '/metadata/labels/A', value: 'true' },
        { op: 'replace', path: '/metadata/labels/A', value: 'false' },
        { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.26' },
      ]);
      const patched = applyJsonPatch(pod, body);
      expect(patched.metadata.labels).to.deep.equal({ A: 'false' });
      expect(patched.spec.containers[0].image).to.equal('nginx:1.26');
      expect(pod.metadata.labels.A).to.equal('true');
    });

    const unprocessable: [string, unknown[]][] = [
      ['a failing test', [{ op: 'test', path: '/metadata/labels/A', value: 'false' }]],
      ['a missing path', [{ op: 'replace', path: '/spec/nodeName', value: 'n1' }]],
      ['an unknown op', [{ op: 'merge', path: '/spec', value: {} }]],
      ['a result that is not an object', [{ op: 'replace', path: '', value: 5 }]],
    ];
    for (const [what, patch] of unprocessable) {
      it(`answers 422 Invalid to ${what}`, () => {
        const err = statusErrorOf(() => applyJsonPatch(pod, patch));
        expect(err.code).to.equal(422);
        expect(err.reason).to.equal('Invalid');
        expect(err.status.message).to.equal(
          'the server rejected our request due to an error in our request',
        );
      });
    }

    it('keeps the specific reason of a 422 as its cause', () => {
      const err = statusErrorOf(() =>
        applyJsonPatch(pod, [{ op: 'test', path: '/metadata/name', value: 'db' }]),
      );
      expect((err.cause as Error).message).to.equal(
        'testing value /metadata/name failed: test failed',
      );
    });

    const badRequests: [string, unknown, string][] = [
      ['text that is not JSON', '[{"op":', 'invalid JSON patch'],
      [
        'a single operation object',
        { op: 'add', path: '/a', value: 1 },
        'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
      ],
      [
        'a list of strings',
        ['add'],
        'json: cannot unmarshal string into Go value of type jsonpatch.Operation',
      ],
    ];
    for (const [what, body, message] of badRequests) {
      it(`answers 400 BadRequest to ${what}`, () => {
        const err = statusErrorOf(() => applyJsonPatch(pod, body));
        expect(err.code).to.equal(400);
        expect(err.reason).to.equal('BadRequest');
        expect(err.status.message).to.equal(message);
      });
    }
  });
});
