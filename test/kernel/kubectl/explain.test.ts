import { expect } from '@esm-bundle/chai';
import { startKubectl, type KubectlHarness } from '../../helpers/kubectl.ts';

describe('kubectl explain', () => {
  let k: KubectlHarness;
  before(async () => {
    k = await startKubectl();
  });

  it('explains a kind: header, description, and its fields sorted, with types', async () => {
    expect(await k.run('explain pods')).to.deep.equal({
      stdout: `KIND:       Pod
VERSION:    v1

DESCRIPTION:
    A group of containers scheduled together onto one node, sharing network and
    storage.
    
FIELDS:
  apiVersion	<string>
    The versioned schema of this object, such as v1 or apps/v1.

  kind	<string>
    The kind of this object, such as Pod.

  metadata	<ObjectMeta>
    The pod's name, namespace, labels, annotations and other object metadata.

  spec	<PodSpec>
    What the pod should run: its containers, volumes and scheduling constraints.

  status	<PodStatus>
    What the kubelet last observed about the pod; written by the system.


`,
      stderr: '',
      exitCode: 0,
    });
  });

  it('explains a field through lists, with -required- marks', async () => {
    expect((await k.run('explain pods.spec.containers')).stdout).to.equal(`KIND:       Pod
VERSION:    v1

FIELD: containers <[]Container>


DESCRIPTION:
    The app containers; at least one.
    One application container of a pod.
    
FIELDS:
  args	<[]string>
    Arguments to the entrypoint; replace the image's own. $(VAR) references are
    expanded.

  command	<[]string>
    Entrypoint; replaces the image's own. $(VAR) references are expanded.

  env	<[]EnvVar>
    Environment variables to set.

  envFrom	<[]EnvFromSource>
    Sources (ConfigMaps, Secrets) whose keys all become environment variables.

  image	<string>
    Image to run (here: a WASI module from the image registry).

  imagePullPolicy	<string>
    Always, Never or IfNotPresent; defaults to Always for :latest or no tag,
    else IfNotPresent.

  lifecycle	<Lifecycle>
    Actions to run right after start and right before stop.

  livenessProbe	<Probe>
    Probe that restarts the container when it fails.

  name	<string> -required-
    Name of the container: a DNS label unique within the pod.

  ports	<[]ContainerPort>
    Ports the container exposes; informational except for host ports.

  readinessProbe	<Probe>
    Probe that takes the pod out of Service endpoints while it fails.

  resizePolicy	<[]ContainerResizePolicy>
    How the container reacts to resource resizes.

  resources	<ResourceRequirements>
    Compute resources the container requests and is limited to.

  restartPolicy	<string>
    Only for init containers: Always makes it a sidecar that keeps running.

  restartPolicyRules	<[]ContainerRestartRule>
    Rules deciding whether the container restarts after it exits.

  securityContext	<SecurityContext>
    Security options of the container.

  startupProbe	<Probe>
    Probe that holds off the other probes until the container has started.

  stdin	<boolean>
    Keep a stdin buffer open for the container.

  stdinOnce	<boolean>
    Close stdin after the first attach session ends.

  terminationMessagePath	<string>
    File whose content becomes the termination message; defaults to
    /dev/termination-log.

  terminationMessagePolicy	<string>
    File (default) or FallbackToLogsOnError.

  tty	<boolean>
    Allocate a TTY (needs stdin).

  volumeDevices	<[]VolumeDevice>
    Block devices to expose to the container.

  volumeMounts	<[]VolumeMount>
    Volumes of the pod to mount into the container.

  workingDir	<string>
    Working directory; defaults to the image's.


`);
    expect((await k.run('explain pod.spec.containers.resources')).stdout).to.equal(
      `KIND:       Pod
VERSION:    v1

FIELD: resources <ResourceRequirements>


DESCRIPTION:
    Compute resources the container requests and is limited to.
    Compute resource requests and limits.
    
FIELDS:
  claims	<[]ResourceClaim>
    Names of pod resource claims the container uses.

  limits	<map[string]Quantity>
    The most of each resource the container may use.

  requests	<map[string]Quantity>
    The resources reserved for the container when scheduling; default to the
    limits.


`,
    );
  });

  it('shows the group of non-core kinds, also when the resource is qualified by it', async () => {
    expect((await k.run('explain deployment.spec.strategy')).stdout).to.equal(
      `GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: strategy <DeploymentStrategy>


DESCRIPTION:
    How old pods are replaced by new ones.
    How a Deployment replaces its pods.
    
FIELDS:
  rollingUpdate	<RollingUpdateDeployment>
    Parameters of a rolling update.

  type	<string>
    Recreate or RollingUpdate (the default).


`,
    );
    expect((await k.run('explain deployments.apps.spec.replicas')).stdout).to.equal(
      `GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: replicas <integer>


DESCRIPTION:
    How many pods should run; defaults to 1.
    

`,
    );
    expect((await k.run('explain lease')).stdout).to.equal(`GROUP:      coordination.k8s.io
KIND:       Lease
VERSION:    v1

DESCRIPTION:
    A lock with a holder and an expiry; nodes renew one as their heartbeat.
    
FIELDS:
  apiVersion	<string>
    The versioned schema of this object, such as v1 or apps/v1.

  kind	<string>
    The kind of this object, such as Pod.

  metadata	<ObjectMeta>
    The lease's name, namespace and other object metadata.

  spec	<LeaseSpec>
    Who holds the lease and for how long.


`);
  });

  it('lists nested fields with --recursive', async () => {
    const r = await k.run('explain pods --recursive');
    expect(
      r.stdout.startsWith(`KIND:       Pod
VERSION:    v1

DESCRIPTION:
    A group of containers scheduled together onto one node, sharing network and
    storage.
    
FIELDS:
  apiVersion	<string>
  kind	<string>
  metadata	<ObjectMeta>
    annotations	<map[string]string>
    creationTimestamp	<string>
    deletionGracePeriodSeconds	<integer>
    deletionTimestamp	<string>
    finalizers	<[]string>
    generateName	<string>
    generation	<integer>
    labels	<map[string]string>
    managedFields	<[]ManagedFieldsEntry>
      apiVersion	<string>
      fieldsType	<string>
      fieldsV1	<FieldsV1>
      manager	<string>
      operation	<string>
      subresource	<string>
      time	<string>
    name	<string>
    namespace	<string>
    ownerReferences	<[]OwnerReference>
      apiVersion	<string> -required-
      blockOwnerDeletion	<boolean>
      controller	<boolean>
      kind	<string> -required-
      name	<string> -required-
      uid	<string> -required-
    resourceVersion	<string>
    selfLink	<string>
    uid	<string>
  spec	<PodSpec>
`),
    ).to.equal(true);
    expect(r.stdout).to.contain('\n      image\t<string>\n');
    expect(r.stdout).to.contain('\n      name\t<string> -required-\n');
    expect(r.stdout.endsWith('\n\n')).to.equal(true);
    expect(r.stdout).not.to.contain('    The ');
  });

  it('fails as kubectl does', async () => {
    const cases: [string, string][] = [
      ['explain pods.spec.nope', 'error: field "nope" does not exist\n'],
      ['explain foo', 'error: the server doesn\'t have a resource type "foo"\n'],
      [
        'explain',
        'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n',
      ],
      ['explain pods svc', 'error: We accept only this format: explain RESOURCE\n'],
    ];
    for (const [line, stderr] of cases) {
      expect(await k.run(line), line).to.deep.equal({ stdout: '', stderr, exitCode: 1 });
    }
  });
});
