/**
 * The annotations the persistent volume machinery reads and writes (pkg/controller/volume
 * /persistentvolume/util), shared by the PV controller, the provisioner and the scheduler.
 */

/** On a claim: the binder finished binding it (`yes`). */
export const annBindCompleted = 'pv.kubernetes.io/bind-completed';
/** On a claim or volume: the controller, not the user, made the binding (`yes`). */
export const annBoundByController = 'pv.kubernetes.io/bound-by-controller';
/** On a claim: the provisioner expected to provision it. */
export const annStorageProvisioner = 'volume.kubernetes.io/storage-provisioner';
export const annBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner';
/** On a claim: the node the scheduler chose for its first consumer (WaitForFirstConsumer). */
export const annSelectedNode = 'volume.kubernetes.io/selected-node';
/** On a volume: the provisioner that made it. */
export const annProvisionedBy = 'pv.kubernetes.io/provisioned-by';
