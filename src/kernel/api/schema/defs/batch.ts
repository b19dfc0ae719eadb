/**
 * Field shapes of batch/v1: Job and CronJob. Field names and Go types follow k8s.io/api
 * (fetched 2026-07); descriptions are this project's own one-liners.
 */
import { R, type Definitions } from '../types.ts';

export const batchDefinitions: Definitions = {
  Job: {
    d: 'Runs pods until a given number of them complete successfully.',
    f: {
      metadata: ['ObjectMeta', "The Job's name, namespace, labels and owner references."],
      spec: ['JobSpec', 'How many pods to run, how many must succeed, and their template.'],
      status: ['JobStatus', 'How many pods are active, succeeded and failed, and the conditions.'],
    },
  },
  JobSpec: {
    d: 'The desired behaviour of a Job.',
    f: {
      parallelism: ['int32', 'Most pods running at once; defaults to 1.'],
      completions: [
        'int32',
        'Successful pods needed to finish; unset means any one success finishes the Job.',
      ],
      activeDeadlineSeconds: [
        'int64',
        'Seconds the Job may be active before it is failed with DeadlineExceeded.',
      ],
      podFailurePolicy: ['PodFailurePolicy', 'Rules that decide how pod failures count.'],
      successPolicy: [
        'SuccessPolicy',
        'When an Indexed Job counts as succeeded before all indexes complete.',
      ],
      backoffLimit: ['int32', 'Retries before the Job is marked failed; defaults to 6.'],
      backoffLimitPerIndex: ['int32', 'Retries allowed per index of an Indexed Job.'],
      maxFailedIndexes: ['int32', 'Failed indexes tolerated before the Job fails.'],
      selector: [
        'LabelSelector',
        'Which pods the Job counts; generated from its uid unless manualSelector is true.',
      ],
      manualSelector: ['bool', 'True when the selector is set by hand rather than generated.'],
      template: ['PodTemplateSpec', 'The pod the Job runs; restartPolicy Never or OnFailure.', R],
      ttlSecondsAfterFinished: [
        'int32',
        'Seconds after the Job finishes before it is deleted automatically.',
      ],
      completionMode: ['CompletionMode', 'NonIndexed (the default) or Indexed.'],
      suspend: ['bool', 'While true no pods run; running pods are deleted.'],
      podReplacementPolicy: [
        'PodReplacementPolicy',
        'TerminatingOrFailed or Failed: when a replacement pod is created.',
      ],
      managedBy: ['string', 'The controller that reconciles the Job, when not the built-in one.'],
    },
  },
  PodFailurePolicy: {
    d: 'How failed pods affect the Job.',
    f: { rules: ['[]PodFailurePolicyRule', 'Rules evaluated in order for each failed pod.', R] },
  },
  PodFailurePolicyRule: {
    d: 'One pod failure rule: an action and the failures it applies to.',
    f: {
      action: ['PodFailurePolicyAction', 'FailJob, FailIndex, Ignore or Count.', R],
      onExitCodes: [
        'PodFailurePolicyOnExitCodesRequirement',
        'Container exit codes the rule applies to.',
      ],
      onPodConditions: [
        '[]PodFailurePolicyOnPodConditionsPattern',
        'Pod conditions the rule applies to.',
      ],
    },
  },
  PodFailurePolicyOnExitCodesRequirement: {
    d: 'Exit codes of a container that match a rule.',
    f: {
      containerName: ['string', 'The container whose exit code is checked; any when unset.'],
      operator: ['PodFailurePolicyOnExitCodesOperator', 'In or NotIn.', R],
      values: ['[]int32', 'The exit codes, in increasing order.', R],
    },
  },
  PodFailurePolicyOnPodConditionsPattern: {
    d: 'A pod condition that matches a rule.',
    f: {
      type: ['PodConditionType', 'The condition type.', R],
      status: ['ConditionStatus', 'The condition status; defaults to True.'],
    },
  },
  SuccessPolicy: {
    d: 'When an Indexed Job is declared succeeded.',
    f: { rules: ['[]SuccessPolicyRule', 'The Job succeeds when any rule is met.', R] },
  },
  SuccessPolicyRule: {
    d: 'One success rule: indexes and how many of them must succeed.',
    f: {
      succeededIndexes: ['string', 'Indexes to watch, such as "1,3-5".'],
      succeededCount: ['int32', 'How many of those indexes must succeed.'],
    },
  },
  JobStatus: {
    d: 'The observed state of a Job.',
    f: {
      conditions: ['[]JobCondition', 'Latest observations: Complete, Failed, Suspended...'],
      startTime: ['Time', 'When the Job started (or was last resumed).'],
      completionTime: ['Time', 'When the Job completed; set only for successful Jobs.'],
      active: ['int32', 'Pods that are pending or running.'],
      succeeded: ['int32', 'Pods that succeeded.'],
      failed: ['int32', 'Pods that failed.'],
      terminating: ['int32', 'Pods being deleted that have not finished yet.'],
      completedIndexes: ['string', 'Completed indexes of an Indexed Job, such as "1,3-5".'],
      failedIndexes: ['string', 'Failed indexes when backoffLimitPerIndex is set.'],
      uncountedTerminatedPods: [
        'UncountedTerminatedPods',
        'Finished pods the controller has not added to the counters yet.',
      ],
      ready: ['int32', 'Active pods whose Ready condition is true.'],
    },
  },
  JobCondition: {
    d: 'One observation about a Job.',
    f: {
      type: ['JobConditionType', '', R],
      status: ['ConditionStatus', '', R],
      lastProbeTime: ['Time'],
      lastTransitionTime: ['Time'],
      reason: ['string'],
      message: ['string'],
    },
  },
  UncountedTerminatedPods: {
    d: 'UIDs of finished pods not yet counted in the status counters.',
    f: {
      succeeded: ['[]UID', 'Succeeded pods.'],
      failed: ['[]UID', 'Failed pods.'],
    },
  },
  CronJob: {
    d: 'Runs a Job on a repeating schedule.',
    f: {
      metadata: ['ObjectMeta', "The CronJob's name, namespace, labels and annotations."],
      spec: ['CronJobSpec', 'The schedule and the Job to create on it.'],
      status: ['CronJobStatus', 'The running Jobs and when one was last scheduled.'],
    },
  },
  CronJobSpec: {
    d: 'The desired behaviour of a CronJob.',
    f: {
      schedule: ['string', 'When to run, in cron format ("*/5 * * * *", "@hourly").', R],
      timeZone: ['string', 'The time zone of the schedule, such as "Etc/UTC".'],
      startingDeadlineSeconds: [
        'int64',
        'Seconds after a missed schedule within which the Job may still start.',
      ],
      concurrencyPolicy: ['ConcurrencyPolicy', 'Allow (the default), Forbid or Replace.'],
      suspend: ['bool', 'While true no new Jobs are started.'],
      jobTemplate: ['JobTemplateSpec', 'The Job to create at each scheduled time.', R],
      successfulJobsHistoryLimit: ['int32', 'Successful Jobs to keep; defaults to 3.'],
      failedJobsHistoryLimit: ['int32', 'Failed Jobs to keep; defaults to 1.'],
    },
  },
  JobTemplateSpec: {
    d: 'The Job a CronJob creates.',
    f: {
      metadata: ['ObjectMeta', 'Labels and annotations of the created Jobs.'],
      spec: ['JobSpec', 'The spec of the created Jobs.'],
    },
  },
  CronJobStatus: {
    d: 'The observed state of a CronJob.',
    f: {
      active: ['[]ObjectReference', 'The Jobs of this CronJob that are running.'],
      lastScheduleTime: ['Time', 'When a Job was last scheduled.'],
      lastSuccessfulTime: ['Time', 'When a Job last completed successfully.'],
    },
  },
};
