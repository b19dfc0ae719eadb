/**
 * Field shapes of core/v1 Container and what it holds: ports, env, resources, probes, security context. Field names and Go types follow
 * k8s.io/api (fetched 2026-07); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const containerDefinitions: Definitions = {
  LocalObjectReference: {
    d: '',
    f: {
      name: ['string'],
    },
  },
  Container: {
    d: 'One application container of a pod.',
    f: {
      name: ['string', 'Name of the container: a DNS label unique within the pod.', R],
      image: ['string', 'Image to run (here: a WASI module from the image registry).'],
      command: [
        '[]string',
        "Entrypoint; replaces the image's own. $(VAR) references are expanded.",
      ],
      args: [
        '[]string',
        "Arguments to the entrypoint; replace the image's own. $(VAR) references are expanded.",
      ],
      workingDir: ['string', "Working directory; defaults to the image's."],
      ports: [
        '[]ContainerPort',
        'Ports the container exposes; informational except for host ports.',
      ],
      envFrom: [
        '[]EnvFromSource',
        'Sources (ConfigMaps, Secrets) whose keys all become environment variables.',
      ],
      env: ['[]EnvVar', 'Environment variables to set.'],
      resources: [
        'ResourceRequirements',
        'Compute resources the container requests and is limited to.',
      ],
      resizePolicy: ['[]ContainerResizePolicy', 'How the container reacts to resource resizes.'],
      restartPolicy: [
        'ContainerRestartPolicy',
        'Only for init containers: Always makes it a sidecar that keeps running.',
      ],
      restartPolicyRules: [
        '[]ContainerRestartRule',
        'Rules deciding whether the container restarts after it exits.',
      ],
      volumeMounts: ['[]VolumeMount', 'Volumes of the pod to mount into the container.'],
      volumeDevices: ['[]VolumeDevice', 'Block devices to expose to the container.'],
      livenessProbe: ['Probe', 'Probe that restarts the container when it fails.'],
      readinessProbe: [
        'Probe',
        'Probe that takes the pod out of Service endpoints while it fails.',
      ],
      startupProbe: [
        'Probe',
        'Probe that holds off the other probes until the container has started.',
      ],
      lifecycle: ['Lifecycle', 'Actions to run right after start and right before stop.'],
      terminationMessagePath: [
        'string',
        'File whose content becomes the termination message; defaults to /dev/termination-log.',
      ],
      terminationMessagePolicy: [
        'TerminationMessagePolicy',
        'File (default) or FallbackToLogsOnError.',
      ],
      imagePullPolicy: [
        'PullPolicy',
        'Always, Never or IfNotPresent; defaults to Always for :latest or no tag, else IfNotPresent.',
      ],
      securityContext: ['SecurityContext', 'Security options of the container.'],
      stdin: ['bool', 'Keep a stdin buffer open for the container.'],
      stdinOnce: ['bool', 'Close stdin after the first attach session ends.'],
      tty: ['bool', 'Allocate a TTY (needs stdin).'],
    },
  },
  ContainerPort: {
    d: 'A network port of a container.',
    f: {
      name: ['string', 'IANA service name for the port, unique within the pod.'],
      hostPort: ['int32', 'Port to expose on the node as well; rarely needed.'],
      containerPort: ['int32', "Port number on the pod's IP address (1-65535).", R],
      protocol: ['Protocol', 'TCP (default), UDP or SCTP.'],
      hostIP: ['string', 'Node IP to bind the host port to.'],
    },
  },
  EnvFromSource: {
    d: 'A ConfigMap or Secret whose keys become environment variables.',
    f: {
      prefix: ['string', 'Prefix added to every variable name.'],
      configMapRef: ['ConfigMapEnvSource', 'The ConfigMap to read.'],
      secretRef: ['SecretEnvSource', 'The Secret to read.'],
    },
  },
  ConfigMapEnvSource: {
    d: '',
    f: {
      '...': ['LocalObjectReference'],
      optional: ['bool'],
    },
  },
  SecretEnvSource: {
    d: '',
    f: {
      '...': ['LocalObjectReference'],
      optional: ['bool'],
    },
  },
  EnvVar: {
    d: 'An environment variable.',
    f: {
      name: ['string', 'Variable name.', R],
      value: ['string', 'Literal value; $(VAR) references to earlier variables are expanded.'],
      valueFrom: ['EnvVarSource', 'Where to read the value from instead of a literal.'],
    },
  },
  EnvVarSource: {
    d: 'A source for an environment variable value.',
    f: {
      fieldRef: [
        'ObjectFieldSelector',
        'A field of the pod, such as metadata.name or status.podIP.',
      ],
      resourceFieldRef: ['ResourceFieldSelector', 'A resource request or limit of the container.'],
      configMapKeyRef: ['ConfigMapKeySelector', 'A key of a ConfigMap.'],
      secretKeyRef: ['SecretKeySelector', 'A key of a Secret.'],
      fileKeyRef: ['FileKeySelector'],
    },
  },
  ConfigMapKeySelector: {
    d: '',
    f: {
      '...': ['LocalObjectReference'],
      key: ['string', '', R],
      optional: ['bool'],
    },
  },
  SecretKeySelector: {
    d: '',
    f: {
      '...': ['LocalObjectReference'],
      key: ['string', '', R],
      optional: ['bool'],
    },
  },
  FileKeySelector: {
    d: '',
    f: {
      volumeName: ['string', '', R],
      path: ['string', '', R],
      key: ['string', '', R],
      optional: ['bool'],
    },
  },
  ResourceRequirements: {
    d: 'Compute resource requests and limits.',
    f: {
      limits: ['ResourceList', 'The most of each resource the container may use.'],
      requests: [
        'ResourceList',
        'The resources reserved for the container when scheduling; default to the limits.',
      ],
      claims: ['[]ResourceClaim', 'Names of pod resource claims the container uses.'],
    },
  },
  ResourceClaim: {
    d: '',
    f: {
      name: ['string', '', R],
      request: ['string'],
    },
  },
  ContainerResizePolicy: {
    d: '',
    f: {
      resourceName: ['ResourceName', '', R],
      restartPolicy: ['ResourceResizeRestartPolicy', '', R],
    },
  },
  ContainerRestartRule: {
    d: '',
    f: {
      action: ['ContainerRestartRuleAction', '', R],
      exitCodes: ['ContainerRestartRuleOnExitCodes'],
    },
  },
  ContainerRestartRuleOnExitCodes: {
    d: '',
    f: {
      operator: ['ContainerRestartRuleOnExitCodesOperator', '', R],
      values: ['[]int32'],
    },
  },
  VolumeMount: {
    d: 'A volume mounted into a container.',
    f: {
      name: ['string', 'Name of the pod volume to mount.', R],
      readOnly: ['bool', 'Mount read-only.'],
      recursiveReadOnly: ['RecursiveReadOnlyMode'],
      mountPath: ['string', 'Path inside the container; must be unique in the container.', R],
      subPath: ['string', 'Path inside the volume to mount instead of its root.'],
      mountPropagation: ['MountPropagationMode'],
      subPathExpr: ['string'],
      bindMountOptions: ['[]string'],
    },
  },
  VolumeDevice: {
    d: '',
    f: {
      name: ['string', '', R],
      devicePath: ['string', '', R],
    },
  },
  Probe: {
    d: 'A health check the kubelet runs against a container.',
    f: {
      '...': ['ProbeHandler'],
      initialDelaySeconds: ['int32', 'Seconds after start before the first probe.'],
      timeoutSeconds: ['int32', 'Seconds before a probe attempt times out; defaults to 1.'],
      periodSeconds: ['int32', 'Seconds between probes; defaults to 10.'],
      successThreshold: ['int32', 'Consecutive successes needed after a failure; defaults to 1.'],
      failureThreshold: ['int32', 'Consecutive failures before giving up; defaults to 3.'],
      terminationGracePeriodSeconds: [
        'int64',
        'Grace period used when a failing probe kills the container.',
      ],
    },
  },
  ProbeHandler: {
    d: '',
    f: {
      exec: ['ExecAction'],
      httpGet: ['HTTPGetAction'],
      tcpSocket: ['TCPSocketAction'],
      grpc: ['GRPCAction'],
    },
  },
  ExecAction: {
    d: '',
    f: {
      command: ['[]string'],
    },
  },
  HTTPGetAction: {
    d: 'An HTTP GET request.',
    f: {
      path: ['string', 'Path to request; defaults to /.'],
      port: ['IntOrString', 'Port number or name to connect to.', R],
      host: ['string', "Host to connect to; defaults to the pod's IP."],
      scheme: ['URIScheme', 'HTTP (default) or HTTPS.'],
      httpHeaders: ['[]HTTPHeader', 'Extra request headers.'],
      protocol: ['HTTPProtocol'],
    },
  },
  HTTPHeader: {
    d: '',
    f: {
      name: ['string', '', R],
      value: ['string', '', R],
    },
  },
  TCPSocketAction: {
    d: '',
    f: {
      port: ['IntOrString', '', R],
      host: ['string'],
    },
  },
  GRPCAction: {
    d: '',
    f: {
      port: ['int32', '', R],
      service: ['string'],
      mode: ['GRPCProbeMode'],
    },
  },
  Lifecycle: {
    d: '',
    f: {
      postStart: ['LifecycleHandler'],
      preStop: ['LifecycleHandler'],
      stopSignal: ['Signal'],
    },
  },
  LifecycleHandler: {
    d: '',
    f: {
      exec: ['ExecAction'],
      httpGet: ['HTTPGetAction'],
      tcpSocket: ['TCPSocketAction'],
      sleep: ['SleepAction'],
    },
  },
  SleepAction: {
    d: '',
    f: {
      seconds: ['int64', '', R],
    },
  },
  SecurityContext: {
    d: '',
    f: {
      capabilities: ['Capabilities'],
      privileged: ['bool'],
      seLinuxOptions: ['SELinuxOptions'],
      windowsOptions: ['WindowsSecurityContextOptions'],
      runAsUser: ['int64'],
      runAsGroup: ['int64'],
      runAsNonRoot: ['bool'],
      readOnlyRootFilesystem: ['bool'],
      allowPrivilegeEscalation: ['bool'],
      procMount: ['ProcMountType'],
      seccompProfile: ['SeccompProfile'],
      appArmorProfile: ['AppArmorProfile'],
    },
  },
  Capabilities: {
    d: '',
    f: {
      add: ['[]Capability'],
      drop: ['[]Capability'],
    },
  },
  SELinuxOptions: {
    d: '',
    f: {
      user: ['string'],
      role: ['string'],
      type: ['string'],
      level: ['string'],
    },
  },
  WindowsSecurityContextOptions: {
    d: '',
    f: {
      gmsaCredentialSpecName: ['string'],
      gmsaCredentialSpec: ['string'],
      runAsUserName: ['string'],
      hostProcess: ['bool'],
    },
  },
  SeccompProfile: {
    d: '',
    f: {
      type: ['SeccompProfileType', '', R],
      localhostProfile: ['string'],
    },
  },
  AppArmorProfile: {
    d: '',
    f: {
      type: ['AppArmorProfileType', '', R],
      localhostProfile: ['string'],
    },
  },
  EphemeralContainer: {
    d: '',
    f: {
      '...': ['EphemeralContainerCommon'],
      targetContainerName: ['string'],
    },
  },
  EphemeralContainerCommon: {
    d: '',
    f: {
      name: ['string', '', R],
      image: ['string'],
      command: ['[]string'],
      args: ['[]string'],
      workingDir: ['string'],
      ports: ['[]ContainerPort'],
      envFrom: ['[]EnvFromSource'],
      env: ['[]EnvVar'],
      resources: ['ResourceRequirements'],
      resizePolicy: ['[]ContainerResizePolicy'],
      restartPolicy: ['ContainerRestartPolicy'],
      restartPolicyRules: ['[]ContainerRestartRule'],
      volumeMounts: ['[]VolumeMount'],
      volumeDevices: ['[]VolumeDevice'],
      livenessProbe: ['Probe'],
      readinessProbe: ['Probe'],
      startupProbe: ['Probe'],
      lifecycle: ['Lifecycle'],
      terminationMessagePath: ['string'],
      terminationMessagePolicy: ['TerminationMessagePolicy'],
      imagePullPolicy: ['PullPolicy'],
      securityContext: ['SecurityContext'],
      stdin: ['bool'],
      stdinOnce: ['bool'],
      tty: ['bool'],
    },
  },
};
