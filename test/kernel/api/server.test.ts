import { expect } from '@esm-bundle/chai';
import type { Status } from '../../../src/kernel/api/errors.ts';
import { pods } from '../../../src/kernel/api/resources.ts';
import type { WatchSubscription } from '../../../src/kernel/api/types.ts';
import type { Pod } from '../../../src/kernel/types/core.ts';
import type { Deployment } from '../../../src/kernel/types/apps.ts';
import type { KubeList, KubeObject, WatchEvent } from '../../../src/kernel/types/meta.ts';
import { startTestApi, eventually, type TestApi } from '../../helpers/api.ts';

const podsPath = '/api/v1/namespaces/default/pods';
const deploymentsPath = '/apis/apps/v1/namespaces/default/deployments';

function pod(
  name: string,
  labels: Record<string, string> = {},
  extra: Partial<Pod['spec']> = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...extra },
  };
}

function deployment(name: string, replicas = 2): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
      },
    },
  };
}

describe('API server', () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await startTestApi();
  });

  async function create<T = KubeObject>(path: string, body: unknown) {
    const res = await t.server.handle({ verb: 'POST', path, body });
    return res as { status: number; body: T };
  }

  describe('boot', () => {
    it('has the system namespaces, Active', async () => {
      const res = await t.server.handle({ verb: 'GET', path: '/api/v1/namespaces' });
      const list = res.body as KubeList;
      expect(list.kind).to.equal('NamespaceList');
      expect(list.items.map((n) => n.metadata.name)).to.have.members([
        'default',
        'kube-system',
        'kube-public',
        'kube-node-lease',
      ]);
      expect((list.items[0].status as { phase: string }).phase).to.equal('Active');
    });

    it('accepts the HTTP method as verb or method', async () => {
      const a = await t.server.handle({ method: 'GET', path: '/api/v1/namespaces/default' });
      const b = await t.server.handle({ verb: 'get', path: '/api/v1/namespaces/default' });
      expect(a.status).to.equal(200);
      expect(b.status).to.equal(200);
    });
  });

  describe('create', () => {
    it('sets the metadata Kubernetes sets', async () => {
      const res = await create<Pod>(podsPath, pod('web-1'));
      expect(res.status).to.equal(201);
      const m = res.body.metadata;
      expect(m.namespace).to.equal('default');
      expect(m.uid).to.match(/^[0-9a-f-]{36}$/);
      expect(m.resourceVersion).to.match(/^\d+$/);
      expect(m.creationTimestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(m.generation).to.equal(1);
      expect(res.body.status?.phase).to.equal('Pending');
      expect(res.body.apiVersion).to.equal('v1');
      expect(res.body.kind).to.equal('Pod');
    });

    it('generates names from generateName with 5 characters of the apimachinery alphabet', async () => {
      const body = pod('');
      delete body.metadata.name;
      body.metadata.generateName = 'web-';
      const a = await create<Pod>(podsPath, body);
      const b = await create<Pod>(podsPath, body);
      expect(a.body.metadata.name).to.match(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(b.body.metadata.name).to.not.equal(a.body.metadata.name);
    });

    it('refuses a name that exists with 409 AlreadyExists', async () => {
      await create(podsPath, pod('web-1'));
      const res = await create<Status>(podsPath, pod('web-1'));
      expect(res.status).to.equal(409);
      expect(res.body.reason).to.equal('AlreadyExists');
      expect(res.body.message).to.equal('pods "web-1" already exists');
      expect(res.body.details).to.deep.equal({ name: 'web-1', kind: 'pods' });
    });

    it('refuses an invalid object with 422 and field causes', async () => {
      const bad = pod('Bad_Name');
      delete bad.spec.containers[0].image;
      const res = await create<Status>(podsPath, bad);
      expect(res.status).to.equal(422);
      expect(res.body.reason).to.equal('Invalid');
      const fields = res.body.details?.causes?.map((c) => c.field);
      expect(fields).to.include('metadata.name');
      expect(fields).to.include('spec.containers[0].image');
      expect(res.body.details?.kind).to.equal('Pod');
    });

    it('refuses a Deployment whose selector does not match its template', async () => {
      const d = deployment('web');
      d.spec.template.metadata!.labels = { app: 'other' };
      const res = await create<Status>(deploymentsPath, d);
      expect(res.status).to.equal(422);
      expect(res.body.details?.group).to.equal('apps');
      expect(res.body.details?.kind).to.equal('Deployment');
      expect(res.body.details?.causes?.map((c) => c.field)).to.include(
        'spec.template.metadata.labels',
      );
    });

    it('refuses unknown fields under Strict and warns under the default', async () => {
      const d = deployment('web') as unknown as { spec: Record<string, unknown> };
      d.spec.replicass = 3;
      const strict = await t.server.handle({
        verb: 'POST',
        path: `${deploymentsPath}?fieldValidation=Strict`,
        body: d,
      });
      expect(strict.status).to.equal(400);
      expect((strict.body as Status).reason).to.equal('BadRequest');
      expect((strict.body as Status).message).to.contain('unknown field "spec.replicass"');
      const warn = await t.server.handle({ verb: 'POST', path: deploymentsPath, body: d });
      expect(warn.status).to.equal(201);
      expect(warn.warnings).to.deep.equal(['unknown field "spec.replicass"']);
    });

    it('refuses a value of the wrong type with 400, whatever fieldValidation says', async () => {
      const d = deployment('web') as unknown as { spec: Record<string, unknown> };
      d.spec.replicas = 'three';
      const res = await t.server.handle({
        verb: 'POST',
        path: `${deploymentsPath}?fieldValidation=Ignore`,
        body: d,
      });
      expect(res.status).to.equal(400);
      expect((res.body as Status).message).to.match(
        /^Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string/,
      );
    });

    it('refuses objects in a namespace that does not exist', async () => {
      const res = await create<Status>('/api/v1/namespaces/nope/pods', pod('a'));
      expect(res.status).to.equal(404);
      expect(res.body.message).to.equal('namespaces "nope" not found');
    });

    it('refuses a body whose namespace differs from the path', async () => {
      const p = pod('a');
      p.metadata.namespace = 'kube-system';
      const res = await create<Status>(podsPath, p);
      expect(res.status).to.equal(400);
      expect(res.body.reason).to.equal('BadRequest');
    });

    it('ignores status sent on create of a Deployment', async () => {
      const d = deployment('web') as Deployment;
      d.status = { replicas: 99, readyReplicas: 99 };
      const res = await create<Deployment>(deploymentsPath, d);
      expect(res.body.status).to.equal(undefined);
    });

    it('applies defaults', async () => {
      const res = await create<Deployment>(deploymentsPath, deployment('web'));
      expect(res.body.spec.strategy?.type).to.equal('RollingUpdate');
      expect(res.body.spec.revisionHistoryLimit).to.equal(10);
      expect(res.body.spec.progressDeadlineSeconds).to.equal(600);
      expect(res.body.spec.template.spec.restartPolicy).to.equal('Always');
    });

    it('does not store a dry run', async () => {
      const res = await t.server.handle({
        verb: 'POST',
        path: `${podsPath}?dryRun=All`,
        body: pod('dry'),
      });
      expect(res.status).to.equal(201);
      const get = await t.server.handle({ verb: 'GET', path: `${podsPath}/dry` });
      expect(get.status).to.equal(404);
    });

    it('gives a new uid to a deleted and recreated object', async () => {
      const a = await create<Pod>(podsPath, pod('again'));
      await t.server.handle({ verb: 'DELETE', path: `${podsPath}/again` });
      const b = await create<Pod>(podsPath, pod('again'));
      expect(b.body.metadata.uid).to.not.equal(a.body.metadata.uid);
    });
  });

  describe('get', () => {
    it('returns 404 NotFound in Kubernetes wording', async () => {
      const res = await t.server.handle({ verb: 'GET', path: `${podsPath}/grafana` });
      expect(res.status).to.equal(404);
      expect(res.body).to.deep.equal({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods "grafana" not found',
        reason: 'NotFound',
        details: { name: 'grafana', kind: 'pods' },
        code: 404,
      });
    });

    it('names the group of a missing apps object', async () => {
      const res = await t.server.handle({ verb: 'GET', path: `${deploymentsPath}/nope` });
      expect((res.body as Status).message).to.equal('deployments.apps "nope" not found');
    });

    it('returns 404 for an unknown resource path', async () => {
      const res = await t.server.handle({
        verb: 'GET',
        path: '/api/v1/namespaces/default/widgets',
      });
      expect(res.status).to.equal(404);
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      await create(podsPath, pod('a', { env: 'prod', tier: 'fe' }));
      await create(podsPath, pod('b', { env: 'qa' }));
      await create(podsPath, pod('c'));
    });

    const cases: [string, string[]][] = [
      ['env=prod', ['a']],
      ['env!=prod', ['b', 'c']],
      ['env in (prod,qa)', ['a', 'b']],
      ['env notin (prod)', ['b', 'c']],
      ['env', ['a', 'b']],
      ['!env', ['c']],
      ['env=prod,tier=fe', ['a']],
    ];
    for (const [selector, names] of cases) {
      it(`filters by labelSelector ${selector}`, async () => {
        const res = await t.server.handle({
          verb: 'GET',
          path: podsPath,
          query: { labelSelector: selector },
        });
        expect((res.body as KubeList).items.map((p) => p.metadata.name)).to.deep.equal(names);
      });
    }

    it('filters by field selector', async () => {
      const res = await t.server.handle({
        verb: 'GET',
        path: podsPath,
        query: { fieldSelector: 'metadata.name=b' },
      });
      expect((res.body as KubeList).items.map((p) => p.metadata.name)).to.deep.equal(['b']);
    });

    it('refuses an unsupported field selector with 400', async () => {
      const res = await t.server.handle({
        verb: 'GET',
        path: podsPath,
        query: { fieldSelector: 'spec.foo=x' },
      });
      expect(res.status).to.equal(400);
      expect((res.body as Status).reason).to.equal('BadRequest');
    });

    it('refuses a malformed label selector with 400', async () => {
      const res = await t.server.handle({
        verb: 'GET',
        path: podsPath,
        query: { labelSelector: 'env in (' },
      });
      expect(res.status).to.equal(400);
    });

    it('lists across namespaces and carries the list resourceVersion', async () => {
      await create('/api/v1/namespaces/kube-system/pods', pod('sys'));
      const res = await t.server.handle({ verb: 'GET', path: '/api/v1/pods' });
      const list = res.body as KubeList;
      expect(list.items).to.have.length(4);
      expect(list.metadata.resourceVersion).to.match(/^\d+$/);
    });

    it('reads an exact older revision, and refuses a compacted or future one', async () => {
      const before = (await t.server.handle({ verb: 'GET', path: podsPath })).body as KubeList;
      const rv = before.metadata.resourceVersion!;
      await create(podsPath, pod('d'));
      const exact = await t.server.handle({
        verb: 'GET',
        path: podsPath,
        query: { resourceVersion: rv, resourceVersionMatch: 'Exact' },
      });
      expect((exact.body as KubeList).items.map((p) => p.metadata.name)).to.deep.equal([
        'a',
        'b',
        'c',
      ]);
      const latest = await t.server.handle({
        verb: 'GET',
        path: podsPath,
        query: { resourceVersion: rv },
      });
      expect((latest.body as KubeList).items).to.have.length(4);
      const future = await t.server.handle({
        verb: 'GET',
        path: podsPath,
        query: { resourceVersion: String(Number(rv) + 1000) },
      });
      expect(future.status).to.equal(504);
      expect((future.body as Status).reason).to.equal('Timeout');
      t.store.compact(t.store.revision());
      const compacted = await t.server.handle({
        verb: 'GET',
        path: podsPath,
        query: { resourceVersion: rv, resourceVersionMatch: 'Exact' },
      });
      expect(compacted.status).to.equal(410);
      expect((compacted.body as Status).reason).to.equal('Expired');
    });

    it('pages with limit and continue', async () => {
      const first = (await t.server.handle({ verb: 'GET', path: podsPath, query: { limit: 2 } }))
        .body as KubeList;
      expect(first.items.map((p) => p.metadata.name)).to.deep.equal(['a', 'b']);
      expect(first.metadata.remainingItemCount).to.equal(1);
      const second = (
        await t.server.handle({
          verb: 'GET',
          path: podsPath,
          query: { limit: 2, continue: first.metadata.continue },
        })
      ).body as KubeList;
      expect(second.items.map((p) => p.metadata.name)).to.deep.equal(['c']);
      expect(second.metadata.continue).to.equal(undefined);
    });
  });

  describe('update', () => {
    it('refuses a stale resourceVersion with 409 Conflict', async () => {
      const created = (await create<Pod>(podsPath, pod('web'))).body;
      const fresh = structuredClone(created);
      fresh.metadata.labels = { v: '2' };
      const first = await t.server.handle({ verb: 'PUT', path: `${podsPath}/web`, body: fresh });
      expect(first.status).to.equal(200);
      expect((first.body as Pod).metadata.resourceVersion).to.not.equal(
        created.metadata.resourceVersion,
      );
      const stale = structuredClone(created);
      stale.metadata.labels = { v: '3' };
      const second = await t.server.handle({ verb: 'PUT', path: `${podsPath}/web`, body: stale });
      expect(second.status).to.equal(409);
      expect((second.body as Status).reason).to.equal('Conflict');
      expect((second.body as Status).message).to.equal(
        'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
      );
    });

    it('bumps generation on spec changes only', async () => {
      const d = (await create<Deployment>(deploymentsPath, deployment('web'))).body;
      d.metadata.labels = { changed: 'yes' };
      const labelled = (
        await t.server.handle({ verb: 'PUT', path: `${deploymentsPath}/web`, body: d })
      ).body as Deployment;
      expect(labelled.metadata.generation).to.equal(1);
      labelled.spec.replicas = 5;
      const scaled = (
        await t.server.handle({ verb: 'PUT', path: `${deploymentsPath}/web`, body: labelled })
      ).body as Deployment;
      expect(scaled.metadata.generation).to.equal(2);
      const status = structuredClone(scaled);
      status.status = { replicas: 5, observedGeneration: 2 };
      const afterStatus = (
        await t.server.handle({ verb: 'PUT', path: `${deploymentsPath}/web/status`, body: status })
      ).body as Deployment;
      expect(afterStatus.metadata.generation).to.equal(2);
      expect(afterStatus.status?.replicas).to.equal(5);
    });

    it('keeps status on a main-resource PUT and spec on a status PUT', async () => {
      const d = (await create<Deployment>(deploymentsPath, deployment('web'))).body;
      const withStatus = structuredClone(d);
      withStatus.status = { replicas: 2 };
      const s = (
        await t.server.handle({
          verb: 'PUT',
          path: `${deploymentsPath}/web/status`,
          body: withStatus,
        })
      ).body as Deployment;
      const tryStatus = structuredClone(s);
      tryStatus.status = { replicas: 40 };
      tryStatus.spec.replicas = 7;
      const main = (
        await t.server.handle({ verb: 'PUT', path: `${deploymentsPath}/web`, body: tryStatus })
      ).body as Deployment;
      expect(main.status?.replicas).to.equal(2);
      expect(main.spec.replicas).to.equal(7);
      const trySpec = structuredClone(main);
      trySpec.spec.replicas = 1;
      trySpec.status = { replicas: 3 };
      trySpec.metadata.labels = { changed: 'by-status' };
      trySpec.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
      const st = (
        await t.server.handle({ verb: 'PUT', path: `${deploymentsPath}/web/status`, body: trySpec })
      ).body as Deployment;
      expect(st.spec.replicas).to.equal(7);
      expect(st.status?.replicas).to.equal(3);
      expect(st.metadata.labels).to.equal(undefined);
      expect(st.metadata.annotations).to.deep.equal({ 'deployment.kubernetes.io/revision': '1' });
    });

    it('refuses a selector change on a Deployment as immutable', async () => {
      const d = (await create<Deployment>(deploymentsPath, deployment('web'))).body;
      d.spec.selector = { matchLabels: { app: 'web', extra: 'x' } };
      d.spec.template.metadata!.labels = { app: 'web', extra: 'x' };
      const res = await t.server.handle({ verb: 'PUT', path: `${deploymentsPath}/web`, body: d });
      expect(res.status).to.equal(422);
      expect((res.body as Status).details?.causes?.map((c) => c.field)).to.include('spec.selector');
    });

    it("keeps a Namespace's spec.finalizers on a PUT (they change only through /finalize)", async () => {
      const ns = (await create<KubeObject>('/api/v1/namespaces', { metadata: { name: 'team' } }))
        .body;
      ns.spec = { finalizers: [] };
      ns.metadata.labels = { team: 'a' };
      const res = await t.server.handle({ verb: 'PUT', path: '/api/v1/namespaces/team', body: ns });
      expect(res.status).to.equal(200);
      expect((res.body as KubeObject).spec).to.deep.equal({ finalizers: ['kubernetes'] });
      expect((res.body as KubeObject).metadata.labels).to.include({ team: 'a' });
    });

    it('returns 404 when updating a missing object', async () => {
      const res = await t.server.handle({
        verb: 'PUT',
        path: `${podsPath}/ghost`,
        body: pod('ghost'),
      });
      expect(res.status).to.equal(404);
    });

    it('refuses a body whose name differs from the URL', async () => {
      await create(podsPath, pod('web'));
      const res = await t.server.handle({
        verb: 'PUT',
        path: `${podsPath}/web`,
        body: pod('other'),
      });
      expect(res.status).to.equal(400);
    });
  });

  describe('patch', () => {
    it('applies a JSON merge patch', async () => {
      await create(podsPath, pod('web', { a: '1', b: '2' }));
      const res = await t.server.handle({
        verb: 'PATCH',
        path: `${podsPath}/web`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { a: null, c: '3' } } },
      });
      expect(res.status).to.equal(200);
      expect((res.body as Pod).metadata.labels).to.deep.equal({ b: '2', c: '3' });
    });

    it('applies a strategic merge patch by container name', async () => {
      const d = deployment('web');
      d.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox:1.36' });
      await create(deploymentsPath, d);
      const res = await t.server.handle({
        verb: 'PATCH',
        path: `${deploymentsPath}/web`,
        contentType: 'application/strategic-merge-patch+json',
        body: {
          spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } } },
        },
      });
      const containers = (res.body as Deployment).spec.template.spec.containers;
      expect(containers.map((c) => [c.name, c.image])).to.deep.equal([
        ['web', 'nginx:1.26'],
        ['sidecar', 'busybox:1.36'],
      ]);
      expect((res.body as Deployment).metadata.generation).to.equal(2);
    });

    it('applies a JSON patch', async () => {
      await create(deploymentsPath, deployment('web'));
      const res = await t.server.handle({
        verb: 'PATCH',
        path: `${deploymentsPath}/web`,
        contentType: 'application/json-patch+json',
        body: [{ op: 'replace', path: '/spec/replicas', value: 4 }],
      });
      expect((res.body as Deployment).spec.replicas).to.equal(4);
    });

    it('returns 404 for a missing object', async () => {
      const res = await t.server.handle({
        verb: 'PATCH',
        path: `${podsPath}/ghost`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { a: 'b' } } },
      });
      expect(res.status).to.equal(404);
    });

    it('treats a resourceVersion in the patch as a precondition', async () => {
      await create(podsPath, pod('web'));
      const res = await t.server.handle({
        verb: 'PATCH',
        path: `${podsPath}/web`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { resourceVersion: '1', labels: { a: 'b' } } },
      });
      expect(res.status).to.equal(409);
    });
  });

  describe('scale subresource', () => {
    it('reads and writes spec.replicas', async () => {
      await create(deploymentsPath, deployment('web', 2));
      const get = await t.server.handle({ verb: 'GET', path: `${deploymentsPath}/web/scale` });
      expect(get.body).to.deep.include({ kind: 'Scale', apiVersion: 'autoscaling/v1' });
      expect((get.body as { spec: { replicas: number } }).spec.replicas).to.equal(2);
      expect((get.body as { status: { selector: string } }).status.selector).to.equal('app=web');
      const patch = await t.server.handle({
        verb: 'PATCH',
        path: `${deploymentsPath}/web/scale`,
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 5 } },
      });
      expect(patch.status).to.equal(200);
      const d = (await t.server.handle({ verb: 'GET', path: `${deploymentsPath}/web` }))
        .body as Deployment;
      expect(d.spec.replicas).to.equal(5);
      expect(d.metadata.generation).to.equal(2);
    });
  });

  describe('scale subresource dry run', () => {
    it('changes nothing with dryRun=All', async () => {
      await create(deploymentsPath, deployment('web', 2));
      const res = await t.server.handle({
        verb: 'PATCH',
        path: `${deploymentsPath}/web/scale`,
        query: { dryRun: 'All' },
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 9 } },
      });
      expect((res.body as { spec: { replicas: number } }).spec.replicas).to.equal(9);
      const d = (await t.server.handle({ verb: 'GET', path: `${deploymentsPath}/web` }))
        .body as Deployment;
      expect(d.spec.replicas).to.equal(2);
    });
  });

  describe('binding', () => {
    it('assigns a node once and sets PodScheduled', async () => {
      await create(podsPath, pod('web'));
      await t.client.bind('default', 'web', 'node-1');
      const p = (await t.server.handle({ verb: 'GET', path: `${podsPath}/web` })).body as Pod;
      expect(p.spec.nodeName).to.equal('node-1');
      expect(p.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).to.equal('True');
      const again = await t.server.handle({
        verb: 'POST',
        path: `${podsPath}/web/binding`,
        body: { metadata: { name: 'web' }, target: { name: 'node-2' } },
      });
      expect(again.status).to.equal(409);
      expect((again.body as Status).message).to.contain('is already assigned to node "node-1"');
    });
  });

  describe('delete', () => {
    it('deletes an unscheduled pod at once and returns it', async () => {
      await create(podsPath, pod('web'));
      const res = await t.server.handle({ verb: 'DELETE', path: `${podsPath}/web` });
      expect(res.status).to.equal(200);
      expect((res.body as Pod).kind).to.equal('Pod');
      const get = await t.server.handle({ verb: 'GET', path: `${podsPath}/web` });
      expect(get.status).to.equal(404);
    });

    it('deletes a running pod gracefully until the kubelet confirms', async () => {
      await create(podsPath, pod('web'));
      await t.client.bind('default', 'web', 'node-1');
      const res = await t.server.handle({ verb: 'DELETE', path: `${podsPath}/web` });
      const marked = res.body as Pod;
      expect(marked.metadata.deletionTimestamp).to.be.a('string');
      expect(marked.metadata.deletionGracePeriodSeconds).to.equal(30);
      const still = await t.server.handle({ verb: 'GET', path: `${podsPath}/web` });
      expect(still.status).to.equal(200);
      const confirm = await t.server.handle({
        verb: 'DELETE',
        path: `${podsPath}/web`,
        body: { gracePeriodSeconds: 0 },
      });
      expect(confirm.status).to.equal(200);
      const gone = await t.server.handle({ verb: 'GET', path: `${podsPath}/web` });
      expect(gone.status).to.equal(404);
    });

    it('returns a Success Status for kinds that do not return the object', async () => {
      await create(deploymentsPath, deployment('web'));
      const res = await t.server.handle({ verb: 'DELETE', path: `${deploymentsPath}/web` });
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.include({ kind: 'Status', status: 'Success' });
      expect((res.body as Status).details).to.deep.include({
        name: 'web',
        group: 'apps',
        kind: 'deployments',
      });
    });

    it('keeps an object with finalizers until they are removed', async () => {
      const d = deployment('held');
      d.metadata.finalizers = ['example.com/block'];
      await create(deploymentsPath, d);
      const res = await t.server.handle({ verb: 'DELETE', path: `${deploymentsPath}/held` });
      expect(res.status).to.equal(200);
      const held = (await t.server.handle({ verb: 'GET', path: `${deploymentsPath}/held` }))
        .body as Deployment;
      expect(held.metadata.deletionTimestamp).to.be.a('string');
      const added = await t.server.handle({
        verb: 'PATCH',
        path: `${deploymentsPath}/held`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { finalizers: ['example.com/block', 'example.com/more'] } },
      });
      expect(added.status).to.equal(422);
      await t.server.handle({
        verb: 'PATCH',
        path: `${deploymentsPath}/held`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { finalizers: null } },
      });
      const gone = await t.server.handle({ verb: 'GET', path: `${deploymentsPath}/held` });
      expect(gone.status).to.equal(404);
    });

    it('marks foreground and orphan deletions with their finalizers', async () => {
      await create(deploymentsPath, deployment('fg'));
      await create(deploymentsPath, deployment('or'));
      const fg = await t.server.handle({
        verb: 'DELETE',
        path: `${deploymentsPath}/fg`,
        body: { propagationPolicy: 'Foreground' },
      });
      expect((fg.body as Deployment).metadata.finalizers).to.deep.equal(['foregroundDeletion']);
      expect((fg.body as Deployment).metadata.deletionTimestamp).to.be.a('string');
      const or = await t.server.handle({
        verb: 'DELETE',
        path: `${deploymentsPath}/or`,
        query: { propagationPolicy: 'Orphan' },
      });
      expect((or.body as Deployment).metadata.finalizers).to.deep.equal(['orphan']);
    });

    it('checks uid preconditions', async () => {
      await create(podsPath, pod('web'));
      const res = await t.server.handle({
        verb: 'DELETE',
        path: `${podsPath}/web`,
        body: { preconditions: { uid: 'not-it' } },
      });
      expect(res.status).to.equal(409);
    });

    it('deletes a collection by label', async () => {
      await create(podsPath, pod('a', { app: 'x' }));
      await create(podsPath, pod('b', { app: 'x' }));
      await create(podsPath, pod('c', { app: 'y' }));
      await t.server.handle({ verb: 'DELETE', path: podsPath, query: { labelSelector: 'app=x' } });
      const list = (await t.server.handle({ verb: 'GET', path: podsPath })).body as KubeList;
      expect(list.items.map((p) => p.metadata.name)).to.deep.equal(['c']);
    });

    it('marks a namespace Terminating and refuses new content in it', async () => {
      await create('/api/v1/namespaces', { metadata: { name: 'team' } });
      const res = await t.server.handle({ verb: 'DELETE', path: '/api/v1/namespaces/team' });
      expect(res.status).to.equal(200);
      const ns = (await t.server.handle({ verb: 'GET', path: '/api/v1/namespaces/team' }))
        .body as KubeObject;
      expect((ns.status as { phase: string }).phase).to.equal('Terminating');
      const refused = await create<Status>('/api/v1/namespaces/team/pods', pod('late'));
      expect(refused.status).to.equal(403);
      expect(refused.body.reason).to.equal('Forbidden');
      expect(refused.body.message).to.contain('because it is being terminated');
      await t.server.handle({
        verb: 'PUT',
        path: '/api/v1/namespaces/team/finalize',
        body: { metadata: { name: 'team' }, spec: { finalizers: [] } },
      });
      const gone = await t.server.handle({ verb: 'GET', path: '/api/v1/namespaces/team' });
      expect(gone.status).to.equal(404);
    });
  });

  describe('watch', () => {
    async function watch(query: Record<string, string>, events: WatchEvent[]) {
      const result = await t.server.watch({ verb: 'GET', path: podsPath, query }, (e) =>
        events.push(e),
      );
      expect('stop' in result, JSON.stringify(result)).to.equal(true);
      return result as WatchSubscription;
    }

    it('sends existing objects as ADDED without a resourceVersion, then changes', async () => {
      await create(podsPath, pod('a'));
      const events: WatchEvent[] = [];
      const w = await watch({}, events);
      await create(podsPath, pod('b'));
      await t.server.handle({ verb: 'DELETE', path: `${podsPath}/a` });
      await eventually(() => events.length === 3);
      expect(events.map((e) => [e.type, e.object.metadata.name])).to.deep.equal([
        ['ADDED', 'a'],
        ['ADDED', 'b'],
        ['DELETED', 'a'],
      ]);
      w.stop();
      expect(await w.done).to.equal(undefined);
    });

    it('resumes from a resourceVersion with no synthetic events', async () => {
      const a = (await create<Pod>(podsPath, pod('a'))).body;
      await create(podsPath, pod('b'));
      const events: WatchEvent[] = [];
      const w = await watch({ resourceVersion: a.metadata.resourceVersion! }, events);
      await eventually(() => events.length === 1);
      expect(events[0].type).to.equal('ADDED');
      expect(events[0].object.metadata.name).to.equal('b');
      w.stop();
    });

    it('reports MODIFIED in order with increasing resourceVersions', async () => {
      const a = (await create<Pod>(podsPath, pod('a'))).body;
      const events: WatchEvent[] = [];
      const w = await watch({ resourceVersion: a.metadata.resourceVersion! }, events);
      for (let i = 0; i < 5; i++) {
        await t.client.patch(pods, 'default', 'a', { metadata: { labels: { i: String(i) } } });
      }
      await eventually(() => events.length === 5);
      const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
      expect(events.every((e) => e.type === 'MODIFIED')).to.equal(true);
      expect(rvs).to.deep.equal([...rvs].sort((x, y) => x - y));
      w.stop();
    });

    it('reports an object that stops matching the selector as DELETED', async () => {
      await create(podsPath, pod('a', { app: 'x' }));
      const events: WatchEvent[] = [];
      const w = await watch({ labelSelector: 'app=x' }, events);
      await t.server.handle({
        verb: 'PATCH',
        path: `${podsPath}/a`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { app: 'y' } } },
      });
      await eventually(() => events.length === 2);
      expect(events.map((e) => e.type)).to.deep.equal(['ADDED', 'DELETED']);
      w.stop();
    });

    it('fails with 410 Expired from a compacted resourceVersion, and works after a re-list', async () => {
      t = await startTestApi({ historyLimit: 5 });
      const first = (await create<Pod>(podsPath, pod('p0'))).body;
      for (let i = 1; i < 12; i++) await create(podsPath, pod(`p${i}`));
      const result = await t.server.watch(
        {
          verb: 'GET',
          path: podsPath,
          query: { resourceVersion: first.metadata.resourceVersion! },
        },
        () => {},
      );
      expect('stop' in result).to.equal(false);
      const res = result as { status: number; body: Status };
      expect(res.status).to.equal(410);
      expect(res.body.reason).to.equal('Expired');
      const list = (await t.server.handle({ verb: 'GET', path: podsPath })).body as KubeList;
      const events: WatchEvent[] = [];
      const w = await watch({ resourceVersion: list.metadata.resourceVersion! }, events);
      await create(podsPath, pod('after'));
      await eventually(() => events.length === 1);
      expect(events[0].object.metadata.name).to.equal('after');
      w.stop();
    });

    it('sends a bookmark ending the initial events when asked', async () => {
      await create(podsPath, pod('a'));
      const events: WatchEvent[] = [];
      const w = await watch({ sendInitialEvents: 'true', allowWatchBookmarks: 'true' }, events);
      expect(events.map((e) => e.type)).to.deep.equal(['ADDED', 'BOOKMARK']);
      expect(events[1].object.metadata.annotations).to.deep.equal({
        'k8s.io/initial-events-end': 'true',
      });
      w.stop();
    });
  });

  describe('discovery', () => {
    it('lists the apps/v1 resources with short names', async () => {
      const res = await t.server.handle({ verb: 'GET', path: '/apis/apps/v1' });
      const list = res.body as { resources: { name: string; shortNames?: string[] }[] };
      expect(list.resources.find((r) => r.name === 'deployments')?.shortNames).to.deep.equal([
        'deploy',
      ]);
      expect(list.resources.map((r) => r.name)).to.include('deployments/scale');
    });
  });
});
