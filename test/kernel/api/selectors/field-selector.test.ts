import { expect } from '@esm-bundle/chai';
import { StatusError, type GroupResource } from '../../../../src/kernel/api/errors.ts';
import {
  fieldSelectorExactValue,
  fieldSelectorString,
  parseFieldSelector,
} from '../../../../src/kernel/api/selectors/field-selector.ts';
import {
  fieldSelectorMatcher,
  parseFieldSelectorFor,
  selectableFields,
  supportedFieldLabels,
} from '../../../../src/kernel/api/selectors/selectable-fields.ts';
import type { KubeObject } from '../../../../src/kernel/types/meta.ts';

function statusErrorOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(StatusError);
    return e as StatusError;
  }
  throw new Error('expected a StatusError');
}

const pods: GroupResource = { group: '', resource: 'pods' };
const nodes: GroupResource = { group: '', resource: 'nodes' };
const namespaces: GroupResource = { group: '', resource: 'namespaces' };
const events: GroupResource = { group: '', resource: 'events' };
const replicasets: GroupResource = { group: 'apps', resource: 'replicasets' };
const deployments: GroupResource = { group: 'apps', resource: 'deployments' };

function pod(name: string, spec: object, status: object = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec, status };
}

const runningOnA = pod('web-a', { nodeName: 'node-a' }, { phase: 'Running', podIP: '10.0.0.4' });
const runningOnB = pod(
  'web-b',
  { nodeName: 'node-b', restartPolicy: 'Always' },
  { phase: 'Running', podIPs: [{ ip: '10.0.1.7' }] },
);
const pending = pod('web-c', {}, { phase: 'Pending' });

describe('field selectors', () => {
  describe('grammar', () => {
    it('reads =, == and != terms, sorted, with empty values allowed', () => {
      const selector = parseFieldSelector('status.phase==Running,spec.nodeName!=,metadata.name=x');
      expect(selector.requirements).to.deep.equal([
        { field: 'metadata.name', operator: '=', value: 'x' },
        { field: 'spec.nodeName', operator: '!=', value: '' },
        { field: 'status.phase', operator: '==', value: 'Running' },
      ]);
      expect(fieldSelectorString(selector)).to.equal(
        'metadata.name=x,spec.nodeName!=,status.phase=Running',
      );
    });

    it('unescapes \\, \\= and \\\\ in values and skips empty terms', () => {
      const selector = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d,,');
      expect(selector.requirements).to.deep.equal([
        { field: 'metadata.name', operator: '=', value: 'a,b=c\\d' },
      ]);
      expect(fieldSelectorString(selector)).to.equal('metadata.name=a\\,b\\=c\\\\d');
    });

    it('reports the value an equality term requires', () => {
      const selector = parseFieldSelector('metadata.name!=x,metadata.name=web');
      expect(fieldSelectorExactValue(selector, 'metadata.name')).to.equal('web');
      expect(fieldSelectorExactValue(selector, 'spec.nodeName')).to.equal(undefined);
    });

    const errors: [string, string][] = [
      ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
      ['a=b,foo', "invalid selector: 'a=b,foo'; can't understand 'foo'"],
      ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
      ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
      ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
    ];
    for (const [text, message] of errors) {
      it(`rejects '${text}' as BadRequest`, () => {
        const err = statusErrorOf(() => parseFieldSelector(text));
        expect(err.code).to.equal(400);
        expect(err.reason).to.equal('BadRequest');
        expect(err.status.message).to.equal(message);
      });
    }
  });

  describe('pods', () => {
    const all = [runningOnA, runningOnB, pending];
    const cases: [string, string[]][] = [
      ['', ['web-a', 'web-b', 'web-c']],
      ['metadata.name=web-b', ['web-b']],
      ['metadata.namespace=default', ['web-a', 'web-b', 'web-c']],
      ['spec.nodeName=node-a', ['web-a']],
      ['spec.nodeName!=', ['web-a', 'web-b']],
      ['spec.nodeName=', ['web-c']],
      ['status.phase==Running', ['web-a', 'web-b']],
      ['status.phase!=Running', ['web-c']],
      ['status.phase=Running,spec.nodeName!=node-a', ['web-b']],
      ['status.podIP=10.0.1.7', ['web-b']],
      ['status.podIP=10.0.0.4', ['web-a']],
      ['spec.restartPolicy=Always', ['web-b']],
      ['spec.hostNetwork=false', ['web-a', 'web-b', 'web-c']],
      ['spec.host=node-a', ['web-a']],
    ];
    for (const [text, expected] of cases) {
      it(`--field-selector '${text}' selects ${expected.join(', ') || 'nothing'}`, () => {
        const matches = fieldSelectorMatcher(pods, parseFieldSelectorFor(pods, text));
        expect(all.filter(matches).map((p) => p.metadata.name)).to.deep.equal(expected);
      });
    }

    it('exposes the apiserver selectable fields of a pod as strings', () => {
      expect(selectableFields(pods, runningOnB)).to.deep.include({
        'metadata.name': 'web-b',
        'spec.nodeName': 'node-b',
        'spec.hostNetwork': 'false',
        'status.phase': 'Running',
        'status.podIP': '10.0.1.7',
        'spec.schedulerName': '',
      });
    });
  });

  describe('other resources', () => {
    const node = (name: string, unschedulable?: boolean): KubeObject => ({
      metadata: { name },
      spec: unschedulable === undefined ? {} : { unschedulable },
    });
    it('selects nodes by spec.unschedulable, absent reading as false', () => {
      const matches = fieldSelectorMatcher(
        nodes,
        parseFieldSelectorFor(nodes, 'spec.unschedulable=false'),
      );
      expect(
        [node('a'), node('b', true), node('c', false)].filter(matches).map((n) => n.metadata.name),
      ).to.deep.equal(['a', 'c']);
    });

    it('selects namespaces by status.phase', () => {
      const matches = fieldSelectorMatcher(
        namespaces,
        parseFieldSelectorFor(namespaces, 'status.phase=Terminating'),
      );
      expect(matches({ metadata: { name: 'x' }, status: { phase: 'Terminating' } })).to.equal(true);
      expect(matches({ metadata: { name: 'y' }, status: { phase: 'Active' } })).to.equal(false);
    });

    it('selects replicasets by status.replicas, absent reading as 0', () => {
      const matches = fieldSelectorMatcher(
        replicasets,
        parseFieldSelectorFor(replicasets, 'status.replicas=0'),
      );
      expect(matches({ metadata: { name: 'a' } })).to.equal(true);
      expect(matches({ metadata: { name: 'b' }, status: { replicas: 3 } })).to.equal(false);
    });

    it('selects events by involved object, reason, type and source', () => {
      const event: KubeObject = {
        metadata: { name: 'web.1', namespace: 'default' },
        involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1' },
        reason: 'Scheduled',
        type: 'Normal',
        reportingComponent: 'default-scheduler',
      };
      const selects = (text: string) =>
        fieldSelectorMatcher(events, parseFieldSelectorFor(events, text))(event);
      expect(selects('involvedObject.kind=Pod,involvedObject.name=web')).to.equal(true);
      expect(selects('involvedObject.uid=u2')).to.equal(false);
      expect(selects('reason=Scheduled,type=Normal')).to.equal(true);
      expect(selects('type=Warning')).to.equal(false);
      // No legacy source component: `source` falls back to the reporting controller.
      expect(selects('source=default-scheduler')).to.equal(true);
      expect(selects('reportingComponent=default-scheduler')).to.equal(true);
    });

    it('lists the supported fields per resource', () => {
      expect(supportedFieldLabels(nodes)).to.deep.equal(['metadata.name', 'spec.unschedulable']);
      expect(supportedFieldLabels(deployments)).to.deep.equal([
        'metadata.name',
        'metadata.namespace',
      ]);
      expect(supportedFieldLabels(pods)).to.include.members([
        'spec.nodeName',
        'status.phase',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'status.podIP',
        'status.nominatedNodeName',
      ]);
      expect(supportedFieldLabels(events)).to.include.members([
        'involvedObject.fieldPath',
        'involvedObject.resourceVersion',
        'reportingComponent',
        'source',
      ]);
    });
  });

  describe('unsupported fields are 400 BadRequest with the apiserver message', () => {
    const cases: [GroupResource, string, string][] = [
      [pods, 'foo=bar', 'field label not supported: foo'],
      [pods, 'metadata.name=x,spec.containers=y', 'field label not supported: spec.containers'],
      [nodes, 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
      [events, 'involvedObject.foo=x', 'field label not supported: involvedObject.foo'],
      [
        deployments,
        'spec.replicas=1',
        '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
      ],
    ];
    for (const [gr, text, message] of cases) {
      it(`${gr.resource}: '${text}'`, () => {
        const err = statusErrorOf(() => parseFieldSelectorFor(gr, text));
        expect(err.code).to.equal(400);
        expect(err.reason).to.equal('BadRequest');
        expect(err.status.message).to.equal(message);
      });
    }
  });
});
