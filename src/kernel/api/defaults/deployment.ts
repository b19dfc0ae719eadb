/**
 * apps/v1 Deployment defaulting (SetDefaults_Deployment): one replica, a RollingUpdate strategy
 * with 25% surge and 25% unavailability, ten old ReplicaSets kept, a 600s progress deadline,
 * and the pod template's spec defaults.
 */
import type { KubeObject } from '../../types/meta.ts';
import { defaultPodTemplate } from './pod-spec.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const unset = (v: unknown): boolean => v === undefined || v === null;

/** Defaults a Deployment in place. */
export function defaultDeployment(deployment: KubeObject): void {
  if (!isObj(deployment.spec)) deployment.spec = {};
  const spec = deployment.spec as Obj;
  if (unset(spec.replicas)) spec.replicas = 1;
  if (!isObj(spec.strategy)) spec.strategy = {};
  const strategy = spec.strategy as Obj;
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    const ru = strategy.rollingUpdate as Obj;
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = '25%';
    if (unset(ru.maxSurge)) ru.maxSurge = '25%';
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (unset(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
  defaultPodTemplate(spec.template);
}
