import { expect } from '@esm-bundle/chai';
import {
  deployments,
  leases,
  nodes,
  pods,
  replicasets,
  type ResourceInfo,
} from '../../../src/kernel/api/resources.ts';
import { rfc3339 } from '../../../src/kernel/clock/clock.ts';
import { EventRecorder } from '../../../src/kernel/client/event-recorder.ts';
import type { KubeObject } from '../../../src/kernel/types/meta.ts';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

async function setStatus(
  k: KubectlHarness,
  info: ResourceInfo,
  ns: string | undefined,
  name: string,
  status: unknown,
) {
  const current = await k.client.get(info, ns, name);
  await k.client.updateStatus(info, { ...current, status });
}

const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'hello:1.0',
        ports: [{ containerPort: 80 }],
        resources: {
          requests: { cpu: '250m', memory: '64Mi' },
          limits: { cpu: '500m', memory: '128Mi' },
        },
        env: [{ name: 'MODE', value: 'demo' }],
        readinessProbe: { httpGet: { path: '/healthz', port: 80 } },
      },
    ],
  },
};

/**
 * One node running a Deployment's pod, its ReplicaSets, and events, created at
 * 2026-01-01T00:00:00Z; describe reads it 10 minutes later.
 */
async function cluster(): Promise<KubectlHarness> {
  const k = await startKubectl();
  const t0 = k.clock.now();
  const at = (s: number) => rfc3339(t0 + s * 1000);
  const c = k.client;
  const node = await c.create(nodes, undefined, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'node-1',
      labels: { 'kubernetes.io/hostname': 'node-1', 'node-role.kubernetes.io/control-plane': '' },
    },
    spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] },
  });
  await setStatus(k, nodes, undefined, 'node-1', {
    capacity: { cpu: '2', memory: '1Gi', pods: '110' },
    allocatable: { cpu: '2', memory: '1Gi', pods: '110' },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        lastHeartbeatTime: at(590),
        lastTransitionTime: at(5),
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
      },
    ],
    addresses: [
      { type: 'InternalIP', address: '192.168.0.1' },
      { type: 'Hostname', address: 'node-1' },
    ],
    nodeInfo: {
      machineID: 'm-1',
      systemUUID: 'u-1',
      bootID: 'b-1',
      kernelVersion: '',
      osImage: 'WASI preview1',
      containerRuntimeVersion: 'wasi://0.1.0',
      kubeletVersion: 'v1.34.0',
      operatingSystem: 'wasi',
      architecture: 'wasm32',
    },
  });
  await c.create(leases, 'kube-node-lease', {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1' },
    spec: {
      holderIdentity: 'node-1',
      leaseDurationSeconds: 40,
      renewTime: '2026-01-01T00:09:50.000000Z',
    },
  });
  const deploy = await c.create(deployments, 'default', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template },
  });
  const owner = (o: KubeObject) => [
    {
      apiVersion: o.apiVersion ?? '',
      kind: o.kind ?? '',
      name: o.metadata.name ?? '',
      uid: o.metadata.uid ?? '',
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
  const rs = await c.create(replicasets, 'default', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'web-7d4b9c8f5',
      labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' },
      ownerReferences: owner(deploy),
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' } },
      template: {
        ...template,
        metadata: { labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' } },
      },
    },
  });
  await setStatus(k, replicasets, 'default', 'web-7d4b9c8f5', {
    replicas: 1,
    readyReplicas: 1,
    availableReplicas: 1,
  });
  await setStatus(k, deployments, 'default', 'web', {
    replicas: 1,
    updatedReplicas: 1,
    readyReplicas: 1,
    availableReplicas: 1,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  });
  const pod = await c.create(pods, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-7d4b9c8f5-x2x8p',
      labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' },
      ownerReferences: owner(rs),
    },
    spec: { ...template.spec, nodeName: 'node-1' },
  });
  await setStatus(k, pods, 'default', 'web-7d4b9c8f5-x2x8p', {
    phase: 'Running',
    hostIP: '192.168.0.1',
    podIP: '10.244.1.5',
    podIPs: [{ ip: '10.244.1.5' }],
    startTime: at(2),
    qosClass: 'Burstable',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True' },
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'True' },
      { type: 'ContainersReady', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ],
    containerStatuses: [
      {
        name: 'app',
        ready: true,
        started: true,
        restartCount: 1,
        image: 'hello:1.0',
        imageID: 'wasm://hello@sha256:abc',
        containerID: 'wasi://c1',
        state: { running: { startedAt: at(65) } },
        lastState: {
          terminated: { exitCode: 1, reason: 'Error', startedAt: at(4), finishedAt: at(60) },
        },
      },
    ],
  });
  const scheduler = new EventRecorder(c, k.clock, 'default-scheduler');
  const kubelet = new EventRecorder(c, k.clock, 'kubelet', 'node-1');
  await scheduler.record(
    pod,
    'Normal',
    'Scheduled',
    'Successfully assigned default/web-7d4b9c8f5-x2x8p to node-1',
  );
  await k.clock.advance(2000);
  const fieldPath = 'spec.containers{app}';
  await kubelet.record(
    pod,
    'Normal',
    'Pulled',
    'Container image "hello:1.0" already present on machine',
    { fieldPath },
  );
  await k.clock.advance(1000);
  await kubelet.record(pod, 'Normal', 'Started', 'Started container app', { fieldPath });
  await k.clock.advance(57_000);
  await kubelet.record(
    pod,
    'Warning',
    'BackOff',
    'Back-off restarting failed container app in pod web-7d4b9c8f5-x2x8p_default(uid)',
    { fieldPath },
  );
  await k.clock.advance(30_000);
  await kubelet.record(
    pod,
    'Warning',
    'BackOff',
    'Back-off restarting failed container app in pod web-7d4b9c8f5-x2x8p_default(uid)',
    { fieldPath },
  );
  const controller = new EventRecorder(c, k.clock, 'deployment-controller');
  await controller.record(
    deploy,
    'Normal',
    'ScalingReplicaSet',
    'Scaled up replica set web-7d4b9c8f5 from 0 to 1',
  );
  await new EventRecorder(c, k.clock, 'node-controller').record(
    node,
    'Normal',
    'RegisteredNode',
    'Node node-1 event: Registered Node node-1 in Controller',
  );
  await k.clock.advance(10 * 60_000 - 90_000);
  return k;
}

/** `describe pod` down to (not including) its Events section. */
const podBody = `Name:             web-7d4b9c8f5-x2x8p
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-1/192.168.0.1
Start Time:       Thu, 01 Jan 2026 00:00:02 +0000
Labels:           app=web
                  pod-template-hash=7d4b9c8f5
Annotations:      <none>
Status:           Running
IP:               10.244.1.5
IPs:
  IP:           10.244.1.5
Controlled By:  ReplicaSet/web-7d4b9c8f5
Containers:
  app:
    Container ID:   wasi://c1
    Image:          hello:1.0
    Image ID:       wasm://hello@sha256:abc
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Thu, 01 Jan 2026 00:01:05 +0000
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Thu, 01 Jan 2026 00:00:04 +0000
      Finished:     Thu, 01 Jan 2026 00:01:00 +0000
    Ready:          True
    Restart Count:  1
    Limits:
      cpu:     500m
      memory:  128Mi
    Requests:
      cpu:      250m
      memory:   64Mi
    Readiness:  http-get http://:80/healthz delay=0s timeout=1s period=10s successThreshold=1 failureThreshold=3
    Environment:
      MODE:  demo
    Mounts:  <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    Burstable
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
`;

const podEvents = `Events:
  Type     Reason     Age                 From               Message
  ----     ------     ----                ----               -------
  Normal   Scheduled  10m                 default-scheduler  Successfully assigned default/web-7d4b9c8f5-x2x8p to node-1
  Normal   Pulled     9m58s               kubelet            spec.containers{app}: Container image "hello:1.0" already present on machine
  Normal   Started    9m57s               kubelet            spec.containers{app}: Started container app
  Warning  BackOff    8m30s (x2 over 9m)  kubelet            spec.containers{app}: Back-off restarting failed container app in pod web-7d4b9c8f5-x2x8p_default(uid)
`;

const replicaSetBody = `Name:           web-7d4b9c8f5
Namespace:      default
Selector:       app=web,pod-template-hash=7d4b9c8f5
Labels:         app=web
                pod-template-hash=7d4b9c8f5
Annotations:    <none>
Controlled By:  Deployment/web
Replicas:       1 current / 1 desired
Pods Status:    1 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=web
           pod-template-hash=7d4b9c8f5
  Containers:
   app:
    Image:      hello:1.0
    Port:       80/TCP
    Host Port:  0/TCP
    Limits:
      cpu:     500m
      memory:  128Mi
    Requests:
      cpu:      250m
      memory:   64Mi
    Readiness:  http-get http://:80/healthz delay=0s timeout=1s period=10s successThreshold=1 failureThreshold=3
    Environment:
      MODE:        demo
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
`;

const deploymentBody = `Name:                   web
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000
Labels:                 app=web
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=web
Replicas:               1 desired | 1 updated | 1 total | 1 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   app:
    Image:      hello:1.0
    Port:       80/TCP
    Host Port:  0/TCP
    Limits:
      cpu:     500m
      memory:  128Mi
    Requests:
      cpu:      250m
      memory:   64Mi
    Readiness:  http-get http://:80/healthz delay=0s timeout=1s period=10s successThreshold=1 failureThreshold=3
    Environment:
      MODE:        demo
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   web-7d4b9c8f5 (1/1 replicas created)
`;

const nodeText = `Name:               node-1
Roles:              control-plane
Labels:             kubernetes.io/hostname=node-1
                    node-role.kubernetes.io/control-plane=
Annotations:        <none>
CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  node-1
  AcquireTime:     <unset>
  RenewTime:       Thu, 01 Jan 2026 00:09:50 +0000
Conditions:
  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message
  ----    ------  -----------------                 ------------------                ------         -------
  Ready   True    Thu, 01 Jan 2026 00:09:50 +0000   Thu, 01 Jan 2026 00:00:05 +0000   KubeletReady   kubelet is posting ready status
Addresses:
  InternalIP:  192.168.0.1
  Hostname:    node-1
Capacity:
  cpu:     2
  memory:  1Gi
  pods:    110
Allocatable:
  cpu:     2
  memory:  1Gi
  pods:    110
System Info:
  Machine ID:                 m-1
  System UUID:                u-1
  Boot ID:                    b-1
  Kernel Version:             
  OS Image:                   WASI preview1
  Operating System:           wasi
  Architecture:               wasm32
  Container Runtime Version:  wasi://0.1.0
  Kubelet Version:            v1.34.0
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
Non-terminated Pods:          (1 in total)
  Namespace                   Name                   CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                   ------------  ----------  ---------------  -------------  ---
  default                     web-7d4b9c8f5-x2x8p    250m (12%)    500m (25%)  64Mi (6%)        128Mi (12%)    10m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                250m (12%)  500m (25%)
  memory             64Mi (6%)   128Mi (12%)
  ephemeral-storage  0 (0%)      0 (0%)
Events:
  Type    Reason          Age    From             Message
  ----    ------          ----   ----             -------
  Normal  RegisteredNode  8m30s  node-controller  Node node-1 event: Registered Node node-1 in Controller
`;

describe('kubectl describe', () => {
  let k: KubectlHarness;
  before(async () => {
    k = await cluster();
  });

  it('describes a pod: containers, states, probes, conditions, tolerations and its events', async () => {
    const r = await k.run('describe pod web-7d4b9c8f5-x2x8p');
    expect(r).to.deep.equal({ stdout: podBody + podEvents, stderr: '', exitCode: 0 });
    expect((await k.run('describe pods/web-7d4b9c8f5-x2x8p')).stdout).to.equal(podBody + podEvents);
    expect((await k.run('describe po -l app=web')).stdout).to.equal(podBody + podEvents);
  });

  it('describes a deployment with its new ReplicaSet and events', async () => {
    const r = await k.run('describe deploy web');
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.equal(
      deploymentBody +
        `Events:
  Type    Reason             Age    From                   Message
  ----    ------             ----   ----                   -------
  Normal  ScalingReplicaSet  8m30s  deployment-controller  Scaled up replica set web-7d4b9c8f5 from 0 to 1
`,
    );
  });

  it('describes every object of a type, with Pods Status counting owned pods', async () => {
    const r = await k.run('describe rs');
    expect(r.stdout).to.equal(replicaSetBody + 'Events:            <none>\n');
  });

  it('describes a node: lease, conditions, capacity, pods with their share, allocated resources', async () => {
    expect(await k.run('describe node node-1')).to.deep.equal({
      stdout: nodeText,
      stderr: '',
      exitCode: 0,
    });
    expect(nodeText).to.contain(`Events:
  Type    Reason          Age    From             Message
  ----    ------          ----   ----             -------
  Normal  RegisteredNode  8m30s  node-controller  Node node-1 event: Registered Node node-1 in Controller
`);
  });

  it('describes a namespace', async () => {
    expect((await k.run('describe ns default')).stdout).to.equal(`Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
`);
  });

  it('describes other kinds with the generic describer', async () => {
    const r = await k.run('describe lease -n kube-node-lease node-1');
    // The version depends on how many objects the API server creates at start.
    const lease = await k.client.get(leases, 'kube-node-lease', 'node-1');
    expect(
      r.stdout
        .replace(/UID:( +)\S+/, 'UID:$1<uid>')
        .replace(
          `Resource Version:    ${lease.metadata.resourceVersion}\n`,
          'Resource Version:    <rv>\n',
        ),
    ).to.equal(`Name:         node-1
Namespace:    kube-node-lease
Labels:       <none>
Annotations:  <none>
API Version:  coordination.k8s.io/v1
Kind:         Lease
Metadata:
  Creation Timestamp:  2026-01-01T00:00:00Z
  Resource Version:    <rv>
  UID:                 <uid>
Spec:
  Holder Identity:         node-1
  Lease Duration Seconds:  40
  Renew Time:              2026-01-01T00:09:50.000000Z
Events:                    <none>
`);
  });

  it('leaves events out when several objects are described, separated by a blank line', async () => {
    expect((await k.run('describe rs,deploy')).stdout).to.equal(
      replicaSetBody + '\n\n' + deploymentBody,
    );
    const withEvents = await k.run('describe rs,deploy --show-events=true');
    expect(withEvents.stdout).to.contain('Scaled up replica set web-7d4b9c8f5 from 0 to 1');
    expect((await k.run('describe nodes --show-events=false')).stdout).to.equal(
      nodeText.slice(0, nodeText.indexOf('Events:')),
    );
  });

  it('describes across namespaces with -A', async () => {
    const r = await k.run('describe leases -A');
    expect(r.exitCode).to.equal(0);
    expect(r.stdout).to.match(/^Name:\s+node-1\nNamespace:\s+kube-node-lease\n/);
    expect((await k.run('describe leases')).stderr).to.equal(
      'No resources found in default namespace.\n',
    );
  });

  it('falls back to a name prefix when no object has the exact name', async () => {
    expect(await k.run('describe pod web')).to.deep.equal({
      stdout: podBody + '\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('reports what it cannot find as kubectl does', async () => {
    const cases: [string, string, string, number][] = [
      ['describe pod nope', '', 'Error from server (NotFound): pods "nope" not found\n', 1],
      [
        'describe pod web-7d4b9c8f5-x2x8p nope',
        podBody,
        'Error from server (NotFound): pods "nope" not found\n',
        1,
      ],
      ['describe pods -n empty', '', 'No resources found in empty namespace.\n', 0],
      ['describe pod -l app=nothing -A', '', 'No resources found\n', 0],
      [
        'describe',
        '',
        'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
        1,
      ],
      ['describe foo', '', 'error: the server doesn\'t have a resource type "foo"\n', 1],
    ];
    for (const [line, stdout, stderr, exitCode] of cases) {
      expect(await k.run(line), line).to.deep.equal({ stdout, stderr, exitCode });
    }
  });

  it('describes an unscheduled pod (init containers, env sources, volumes) and a terminating one', async () => {
    const k = await startKubectl();
    await k.client.create(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pending', annotations: { note: 'waits for a node' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'echo hi'] }],
        containers: [
          {
            name: 'app',
            image: 'hello:1.0',
            args: ['--port', '8080'],
            ports: [
              { containerPort: 8080, name: 'http' },
              { containerPort: 9090, protocol: 'UDP' },
            ],
            env: [
              { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'PASS', valueFrom: { secretKeyRef: { name: 's', key: 'p' } } },
              {
                name: 'CFG',
                valueFrom: { configMapKeyRef: { name: 'c', key: 'k', optional: true } },
              },
            ],
            volumeMounts: [
              { name: 'data', mountPath: '/data' },
              { name: 'cfg', mountPath: '/etc/cfg', readOnly: true },
            ],
            livenessProbe: {
              exec: { command: ['cat', '/tmp/healthy'] },
              initialDelaySeconds: 5,
              periodSeconds: 5,
            },
          },
        ],
        volumes: [
          { name: 'data', emptyDir: {} },
          { name: 'cfg', configMap: { name: 'c' } },
        ],
        nodeSelector: { disk: 'ssd' },
      },
    });
    await k.client.create(pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'going' },
      spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'hello:1.0' }] },
    });
    await k.client.delete(pods, 'default', 'going');
    await k.clock.advance(5000);
    expect(await k.run('describe pod pending')).to.deep.equal({
      stdout: `Name:             pending
Namespace:        default
Priority:         0
Service Account:  default
Node:             <none>
Labels:           <none>
Annotations:      note: waits for a node
Status:           Pending
IP:               
IPs:              <none>
Init Containers:
  init:
    Image:      busybox
    Port:       <none>
    Host Port:  <none>
    Command:
      sh
      -c
      echo hi
    Environment:  <none>
    Mounts:       <none>
Containers:
  app:
    Image:       hello:1.0
    Ports:       8080/TCP (http), 9090/UDP
    Host Ports:  0/TCP (http), 0/UDP
    Args:
      --port
      8080
    Liveness:  exec [cat /tmp/healthy] delay=5s timeout=1s period=5s successThreshold=1 failureThreshold=3
    Environment:
      POD:   pending (v1:metadata.name)
      PASS:  <set to the key 'p' in secret 's'>      Optional: false
      CFG:   <set to the key 'k' of config map 'c'>  Optional: true
    Mounts:
      /data from data (rw)
      /etc/cfg from cfg (ro)
Volumes:
  data:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     
    SizeLimit:  <unset>
  cfg:
    Type:        ConfigMap (a volume populated by a ConfigMap)
    Name:        c
    Optional:    false
QoS Class:       BestEffort
Node-Selectors:  disk=ssd
Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:          <none>
`,
      stderr: '',
      exitCode: 0,
    });
    // The deletion timestamp lies a grace period ahead, so kubectl's age of it is <invalid>.
    expect((await k.run('describe pod going')).stdout).to.equal(`Name:                      going
Namespace:                 default
Priority:                  0
Service Account:           default
Node:                      node-1/
Labels:                    <none>
Annotations:               <none>
Status:                    Terminating (lasts <invalid>)
Termination Grace Period:  30s
IP:                        
IPs:                       <none>
Containers:
  app:
    Image:        hello:1.0
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:       <none>
Volumes:          <none>
QoS Class:        BestEffort
Node-Selectors:   <none>
Tolerations:      node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                  node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:           <none>
`);
  });
});
