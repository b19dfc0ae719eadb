import type { Controller } from './controller.ts';
import { CronJobController } from './cronjob.ts';
import { DaemonSetController } from './daemonset.ts';
import { DeploymentController } from './deployment.ts';
import { DisruptionController } from './disruption.ts';
import { EndpointsController } from './endpoints.ts';
import { EndpointSliceController } from './endpointslice.ts';
import { GarbageCollector } from './garbage-collector.ts';
import { HorizontalPodAutoscalerController } from './horizontal-pod-autoscaler.ts';
import { IngressStatusController } from './ingress-status.ts';
import { JobController } from './job.ts';
import { NamespaceController } from './namespace.ts';
import { NodeLifecycleController } from './node-lifecycle.ts';
import { PodGcController } from './pod-gc.ts';
import { ReplicaSetController } from './replicaset.ts';
import { ResourceQuotaController } from './resource-quota.ts';
import { ServiceLoadBalancerController } from './service-lb.ts';
import { StatefulSetController } from './statefulset.ts';
import { TaintEvictionController } from './taint-eviction.ts';
import { TtlAfterFinishedController } from './ttl-after-finished.ts';

/** The controllers kube-controller-manager would run for the kinds served here, each made fresh. */
export const controllers: readonly (() => Controller)[] = [
  () => new ReplicaSetController(),
  () => new DeploymentController(),
  () => new DaemonSetController(),
  () => new DisruptionController(),
  () => new StatefulSetController(),
  () => new ResourceQuotaController(),
  () => new GarbageCollector(),
  () => new NamespaceController(),
  () => new NodeLifecycleController(),
  () => new TaintEvictionController(),
  () => new PodGcController(),
  () => new JobController(),
  () => new CronJobController(),
  () => new TtlAfterFinishedController(),
  () => new HorizontalPodAutoscalerController(),
  () => new IngressStatusController(),
  () => new EndpointSliceController(),
  () => new EndpointsController(),
  () => new ServiceLoadBalancerController(),
];
