/**
 * A Job's pod failure policy (matchPodFailurePolicy): the first rule whose exit codes or pod
 * conditions match a failed pod decides whether the failure counts against backoffLimit, is
 * ignored, or fails the whole Job.
 */
import type { Job } from '../../types/batch.ts';
import type { ContainerStatus, Pod } from '../../types/core.ts';

export type PodFailureAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PodFailureMatch {
  /** The failure counts against backoffLimit (all but Ignore). */
  countFailed: boolean;
  /** The matching rule's action, if one matched. */
  action?: PodFailureAction;
  /** For FailJob: the message of the Job's FailureTarget and Failed conditions. */
  failJobMessage?: string;
}

interface ExitCodes {
  containerName?: string;
  operator?: string;
  values?: number[];
}

interface ConditionPattern {
  type?: string;
  status?: string;
}

interface Rule {
  action?: PodFailureAction;
  onExitCodes?: ExitCodes;
  onPodConditions?: ConditionPattern[];
}

/** A container that exited non-zero with a code the requirement matches. */
function matchingContainer(
  statuses: readonly ContainerStatus[] | undefined,
  req: ExitCodes,
): ContainerStatus | undefined {
  return (statuses ?? []).find((s) => {
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (req.containerName !== undefined && req.containerName !== s.name) return false;
    const listed = (req.values ?? []).includes(code);
    return req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false;
  });
}

/** What the Job's pod failure policy says about `pod`, which failed. */
export function matchPodFailurePolicy(job: Job, pod: Pod): PodFailureMatch {
  const rules = (job.spec.podFailurePolicy?.rules ?? []) as Rule[];
  const where = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [index, rule] of rules.entries()) {
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const status =
        matchingContainer(pod.status?.containerStatuses, rule.onExitCodes) ??
        matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (!status) continue;
      failJobMessage = `Container ${status.name} for pod ${where} failed with exit code ${status.state?.terminated?.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const condition = (pod.status?.conditions ?? []).find((c) =>
        rule.onPodConditions!.some((p) => p.type === c.type && p.status === c.status),
      );
      if (!condition) continue;
      failJobMessage = `Pod ${where} has condition ${condition.type} matching ${rule.action} rule at index ${index}`;
    } else {
      continue;
    }
    switch (rule.action) {
      case 'Ignore':
        return { countFailed: false, action: 'Ignore' };
      case 'Count':
        return { countFailed: true, action: 'Count' };
      case 'FailIndex':
        return { countFailed: true, action: 'FailIndex' };
      case 'FailJob':
        return { countFailed: true, action: 'FailJob', failJobMessage };
    }
  }
  return { countFailed: true };
}
