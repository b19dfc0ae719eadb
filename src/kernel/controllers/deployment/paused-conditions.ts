import type { Deployment } from '../../types/apps.ts';
import { getCondition, newCondition, reasons, setCondition } from './conditions.ts';
import { hasProgressDeadline } from './deployment-status.ts';
import { updateDeploymentStatus, type DeploymentSync } from './deployment-sync.ts';

/**
 * checkPausedConditions: marks `Progressing` Unknown with `DeploymentPaused` while paused and
 * `DeploymentResumed` when resumed, so time spent paused never counts toward the progress
 * deadline. A timed-out rollout keeps its ProgressDeadlineExceeded.
 */
export async function checkPausedConditions(sync: DeploymentSync, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const current = getCondition(d.status, 'Progressing');
  if (current?.reason === reasons.progressDeadlineExceeded) return;
  const pausedShown = current?.reason === reasons.deploymentPaused;
  const now = sync.clock.now();
  d.status ??= {};
  if (d.spec.paused && !pausedShown) {
    setCondition(
      d.status,
      newCondition('Progressing', 'Unknown', reasons.deploymentPaused, 'Deployment is paused', now),
    );
  } else if (!d.spec.paused && pausedShown) {
    setCondition(
      d.status,
      newCondition(
        'Progressing',
        'Unknown',
        reasons.deploymentResumed,
        'Deployment is resumed',
        now,
      ),
    );
  } else {
    return;
  }
  await updateDeploymentStatus(sync, d);
}
