import { deleteIdbBackend } from '../../kernel/store/idb-backend.ts';
import { deleteVolumeDatabase } from '../../workers/node/volumes/idb-volume-store.ts';

/**
 * Deletes a cluster's storage: its store's IndexedDB database and its volumes' database, so
 * that the next boot on `database` starts a fresh cluster. Resolves once both are gone, which
 * waits for every connection to them to close: terminate the cluster's workers first. The
 * user's images (a database shared by every cluster of the site) stay.
 */
export async function wipeCluster(database: string, volumesDatabase: string): Promise<void> {
  await Promise.all([deleteIdbBackend(database), deleteVolumeDatabase(volumesDatabase)]);
}
