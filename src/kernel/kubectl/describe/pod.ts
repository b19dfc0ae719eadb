import { podQosClass } from '../../api/defaults/qos-class.ts';
import { pods } from '../../api/resources.ts';
import { timestampAge } from '../../client/duration.ts';
import type { Pod } from '../../types/core.ts';
import { describeContainers, describeResources } from './containers.ts';
import type { Describer } from './describer.ts';
import { writeEvents } from './events.ts';
import {
  controllerOf,
  printAnnotations,
  printLabels,
  printTolerations,
  rfc1123z,
} from './format.ts';
import { describeTopologySpreadConstraints } from './pod-template.ts';
import { PrefixWriter } from './prefix-writer.ts';
import { describeVolumes } from './volumes.ts';

/** A pod's value for an env var's fieldRef (EnvValueRetriever), or '' when not resolvable. */
function fieldValue(pod: Pod, path: string): string {
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (subscript)
    return pod.metadata[subscript[1] as 'labels' | 'annotations']?.[subscript[2]] ?? '';
  const values: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec.nodeName,
    'spec.serviceAccountName': pod.spec.serviceAccountName,
    'status.hostIP': pod.status?.hostIP,
    'status.podIP': pod.status?.podIP,
    'status.hostIPs': pod.status?.hostIPs?.map((i) => i.ip).join(','),
    'status.podIPs': pod.status?.podIPs?.map((i) => i.ip).join(','),
  };
  return values[path] ?? '';
}

/** Writes a pod as describePod does: identity, status, containers, conditions, volumes, events. */
export function writePod(w: PrefixWriter, pod: Pod, now: number): void {
  const spec = pod.spec;
  const status = pod.status ?? {};
  w.write(0, `Name:\t${pod.metadata.name ?? ''}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (spec.priority !== undefined && spec.priority !== null)
    w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (typeof spec.runtimeClassName === 'string' && spec.runtimeClassName)
    w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(
    0,
    spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n',
  );
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabels(w, 'Labels', pod.metadata.labels);
  printAnnotations(w, 'Annotations', pod.metadata.annotations);
  const phase = status.phase ?? '';
  if (pod.metadata.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') {
    w.write(
      0,
      `Status:\tTerminating (lasts ${timestampAge(pod.metadata.deletionTimestamp, now)})\n`,
    );
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(0, `Status:\t${phase}\n`);
  }
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  const seccomp = (spec.securityContext?.seccompProfile ?? undefined) as
    { type?: string; localhostProfile?: string } | undefined;
  if (seccomp) {
    w.write(0, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
    if (seccomp.type === 'Localhost')
      w.write(0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  if (!status.podIPs?.length) {
    w.write(0, 'IPs:\t<none>\n');
  } else {
    w.write(0, 'IPs:\n');
    for (const ip of status.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const controller = controllerOf(pod.metadata);
  if (controller) w.write(0, `Controlled By:\t${controller}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.resources) {
    w.write(0, 'Resources:\n');
    describeResources(w, spec.resources as Record<string, Record<string, string>>, 1);
  }
  const resolve = (path: string) => fieldValue(pod, path);
  if (spec.initContainers?.length)
    describeContainers(
      w,
      'Init Containers',
      spec.initContainers,
      status.initContainerStatuses ?? [],
      '',
      resolve,
    );
  describeContainers(
    w,
    'Containers',
    spec.containers ?? [],
    status.containerStatuses ?? [],
    '',
    resolve,
  );
  const gates = (spec.readinessGates ?? []) as { conditionType: string }[];
  if (gates.length) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of gates) {
      const c = status.conditions?.find((x) => x.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
    }
  }
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes, '');
  w.write(0, `QoS Class:\t${status.qosClass ?? podQosClass(spec)}\n`);
  printLabels(w, 'Node-Selectors', spec.nodeSelector);
  printTolerations(w, 'Tolerations', spec.tolerations);
  describeTopologySpreadConstraints(w, spec.topologySpreadConstraints, '');
}

/** `kubectl describe pod`: the pod and the events about it (matched by name, namespace and uid). */
export const describePod: Describer = async (ctx, namespace, name) => {
  const pod = await ctx.client.get<Pod>(pods, namespace, name);
  const w = new PrefixWriter();
  writePod(w, pod, ctx.now);
  if (ctx.showEvents) {
    // kubectl drops the kind from a pod's reference before searching (mirror pods share events).
    await writeEvents(w, ctx.client, ctx.now, [
      {
        name: pod.metadata.name ?? name,
        namespace: pod.metadata.namespace ?? namespace,
        uid: pod.metadata.uid,
      },
    ]);
  }
  return w.result();
};
