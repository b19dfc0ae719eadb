/**
 * Loads every command module; each registers its commands with `register`. Add one import
 * line per new module.
 */
import './version.ts';
import './get.ts';
import './config.ts';
import './rollout.ts';
import './apply.ts';
import './create.ts';
import './create-job.ts';
import './create-pdb.ts';
import './create-quota.ts';
import './create-configmap.ts';
import './create-secret.ts';
import './create-ingress.ts';
import './create-service.ts';
import './expose.ts';
import './run.ts';
import './delete.ts';
import './scale.ts';
import './patch.ts';
import './label.ts';
import './edit.ts';
import './set.ts';
import './set-resources.ts';
import './describe.ts';
import './logs.ts';
import './explain.ts';
import './api-resources.ts';
import './cluster-info.ts';
import './node.ts';
import './wait.ts';
import './exec.ts';
import './port-forward.ts';
import './proxy.ts';
import './top.ts';
import './autoscale.ts';
