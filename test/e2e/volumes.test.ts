import { expect } from '@esm-bundle/chai';
import type { Pod } from '../../src/kernel/types/core.ts';
import type { PersistentVolumeClaim } from '../../src/kernel/types/storage.ts';
import { startPlayground, type RunningPlayground } from '../../src/ui/playground-api.ts';
import {
  deleteVolumeDatabase,
  IdbVolumeStore,
} from '../../src/workers/node/volumes/idb-volume-store.ts';
import { testUrls } from '../helpers/worker-urls.ts';

/** Polls until `fn` returns a value, every 25 ms, for at most `ms` of real time. */
async function until<T>(fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function getPod(p: RunningPlayground, name: string): Promise<Pod | undefined> {
  const res = await p.request({ verb: 'GET', path: `/api/v1/namespaces/default/pods/${name}` });
  return res.status === 200 ? (res.body as Pod) : undefined;
}

/** A pod's log, or '' while it cannot be had (its container is still being created). */
async function logsOf(p: RunningPlayground, pod: string): Promise<string> {
  try {
    return await p.logs('default', pod);
  } catch {
    return '';
  }
}

async function getClaim(p: RunningPlayground, name: string): Promise<PersistentVolumeClaim> {
  const res = await p.request({
    verb: 'GET',
    path: `/api/v1/namespaces/default/persistentvolumeclaims/${name}`,
  });
  return res.body as PersistentVolumeClaim;
}

const claim = `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`;

/** A busybox pod on `node` running `script` with the claim `claimName` at /data. */
function shellPod(
  name: string,
  node: string,
  script: string,
  restartPolicy = 'Never',
  claimName = 'data',
) {
  return `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeSelector: {kubernetes.io/hostname: ${node}}
  restartPolicy: ${restartPolicy}
  containers:
  - name: main
    image: busybox:1.36
    command: [sh, -c, ${JSON.stringify(script)}]
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: ${claimName}}
`;
}

describe('volumes in a real playground', function () {
  this.timeout(90_000);
  const opened: RunningPlayground[] = [];
  const start = (database = `e2e-${crypto.randomUUID()}`, inMemory = true) => {
    const p = startPlayground({ database, timing: 'tutorial', inMemory, urls: testUrls });
    opened.push(p);
    return p;
  };
  afterEach(() => {
    for (const p of opened.splice(0)) p.terminate();
  });

  it('keeps what a pod wrote to its claim for a new pod on another node', async () => {
    const p = start();
    await p.ready;
    await p.apply(claim);
    await p.apply(
      shellPod(
        'writer',
        'playground-worker',
        'echo persisted > /data/file; echo written; sleep 3600',
        'Always',
      ),
    );
    await until(async () => (await logsOf(p, 'writer')).includes('written'));
    const bound = await getClaim(p, 'data');
    expect(bound.status?.phase).to.equal('Bound');
    expect(bound.spec.volumeName).to.equal(`pvc-${bound.metadata.uid}`);
    expect(bound.metadata.annotations?.['volume.kubernetes.io/selected-node']).to.equal(
      'playground-worker',
    );

    await p.kubectl('delete pod writer');
    await until(async () => (await getPod(p, 'writer')) === undefined);
    await p.apply(shellPod('reader', 'playground-worker2', 'cat /data/file'));
    const done = await until(async () => {
      const pod = await getPod(p, 'reader');
      return pod?.status?.phase === 'Succeeded' && pod;
    });
    expect(done.spec.nodeName).to.equal('playground-worker2');
    expect(await p.logs('default', 'reader')).to.equal('persisted\n');
  });

  it('shares a ReadWriteMany claim live between pods on two nodes', async () => {
    const p = start();
    await p.ready;
    await p.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: shared}
spec:
  accessModes: [ReadWriteMany]
  resources: {requests: {storage: 1Gi}}
`);
    await p.apply(shellPod('left', 'playground-worker', 'sleep 3600', 'Always', 'shared'));
    await p.apply(shellPod('right', 'playground-worker2', 'sleep 3600', 'Always', 'shared'));
    for (const name of ['left', 'right']) {
      await until(async () => (await getPod(p, name))?.status?.phase === 'Running');
    }
    expect((await getPod(p, 'left'))?.spec.nodeName).to.equal('playground-worker');
    expect((await getPod(p, 'right'))?.spec.nodeName).to.equal('playground-worker2');

    const sh = async (pod: string, script: string) => {
      const result = await p.kubectl(['exec', pod, '--', 'sh', '-c', script]);
      expect(result.exitCode, `${pod}: ${script}: ${result.stderr}`).to.equal(0);
      return result.stdout;
    };
    /** Real milliseconds until `pod` reads `expected` from `file`. */
    const seenAfter = async (pod: string, file: string, expected: string) => {
      const from = performance.now();
      await until(async () => (await sh(pod, `cat ${file} 2>/dev/null; true`)) === expected);
      return performance.now() - from;
    };

    await sh('left', 'echo hi > /data/x');
    const leftToRight = await seenAfter('right', '/data/x', 'hi\n');
    await sh('right', 'echo back > /data/y');
    const rightToLeft = await seenAfter('left', '/data/y', 'back\n');
    await sh('left', 'echo one >> /data/log');
    await seenAfter('right', '/data/log', 'one\n');
    await sh('right', 'echo two >> /data/log');
    await seenAfter('left', '/data/log', 'one\ntwo\n');
    // The listing as one line in one write: an exec's last writes can go missing from its
    // output when it exits (seen with `ls`, one write per name).
    expect(await sh('right', 'echo $(ls /data)')).to.equal('log x y\n');

    // A process already running on the other node sees the file appear (it sleeps between
    // looks, so its worker takes the node's message).
    const waiting = p.kubectl([
      'exec',
      'right',
      '--',
      'sh',
      '-c',
      'while [ ! -s /data/flag ]; do sleep 0.01; done; cat /data/flag',
    ]);
    await sh('left', 'echo up > /data/flag');
    const written = performance.now();
    expect((await waiting).stdout).to.equal('up\n');
    const waited = performance.now() - written;
    // Each read above is an exec's round trip through the page (some 200 ms on a busy
    // machine); the nodes exchange a change some 20-50 ms after it is made.
    expect(Math.max(leftToRight, rightToLeft, waited)).to.be.below(5_000);
  });

  it('keeps a claim’s files over a page reload', async () => {
    const database = `e2e-reload-${crypto.randomUUID()}`;
    try {
      const first = start(database, false);
      await first.ready;
      await first.apply(claim);
      await first.apply(shellPod('writer', 'playground-worker', 'echo before reload > /data/note'));
      await until(async () => (await getPod(first, 'writer'))?.status?.phase === 'Succeeded');
      const volume = (await getClaim(first, 'data')).spec.volumeName!;
      // Written back to IndexedDB once the pod let go of the volume.
      const store = new IdbVolumeStore(`${database}-volumes`);
      const saved = await until(async () => {
        const entries = await store.load(volume);
        return entries.some((e) => e.path === 'note') && entries;
      });
      expect(saved.map((e) => e.path)).to.deep.equal(['note']);
      await store.close();
      first.terminate();
      opened.splice(opened.indexOf(first), 1);

      const second = start(database, false);
      await second.ready;
      await second.apply(shellPod('reader', 'playground-worker2', 'cat /data/note'));
      await until(async () => (await getPod(second, 'reader'))?.status?.phase === 'Succeeded');
      expect(await second.logs('default', 'reader')).to.equal('before reload\n');
    } finally {
      for (const p of opened.splice(0)) p.terminate();
      await deleteVolumeDatabase(`${database}-volumes`);
      await new Promise<void>((resolve) => {
        const req = indexedDB.deleteDatabase(database);
        req.onsuccess = req.onerror = req.onblocked = () => resolve();
      });
    }
  });

  it("runs the docs' ConfigMap volume pod: the keys are files", async () => {
    const p = start();
    await p.ready;
    await p.apply(`
apiVersion: v1
kind: ConfigMap
metadata: {name: special-config}
data: {SPECIAL_LEVEL: very, SPECIAL_TYPE: charm}
`);
    await p.apply(`
apiVersion: v1
kind: Pod
metadata:
  name: dapi-test-pod
spec:
  containers:
    - name: test-container
      image: busybox:1.36
      command: [ "/bin/sh", "-c", "ls /etc/config/; cat /etc/config/SPECIAL_LEVEL" ]
      volumeMounts:
      - name: config-volume
        mountPath: /etc/config
  volumes:
    - name: config-volume
      configMap:
        name: special-config
  restartPolicy: Never
`);
    await until(async () => (await getPod(p, 'dapi-test-pod'))?.status?.phase === 'Succeeded');
    expect(await p.logs('default', 'dapi-test-pod')).to.equal('SPECIAL_LEVEL\nSPECIAL_TYPE\nvery');
  });
});
