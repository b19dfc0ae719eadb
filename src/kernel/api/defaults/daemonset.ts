/**
 * apps/v1 DaemonSet defaulting (SetDefaults_DaemonSet): a RollingUpdate strategy taking one
 * node at a time without surge, ten old ControllerRevisions kept, and the template's defaults.
 */
import type { KubeObject } from '../../types/meta.ts';
import { defaultPodTemplate } from './pod-spec.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const unset = (v: unknown): boolean => v === undefined || v === null;

/** Defaults a DaemonSet in place. */
export function defaultDaemonSet(ds: KubeObject): void {
  if (!isObj(ds.spec)) ds.spec = {};
  const spec = ds.spec as Obj;
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy as Obj;
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    const ru = strategy.rollingUpdate as Obj;
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = 1;
    if (unset(ru.maxSurge)) ru.maxSurge = 0;
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  defaultPodTemplate(spec.template);
}
