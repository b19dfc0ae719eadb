/**
 * Field shapes of coordination.k8s.io/v1: Lease. Field names and Go types follow
 * k8s.io/api (fetched 2026-07); descriptions are this project's own one-liners.
 */
import type { Definitions } from '../types.ts';

export const coordinationDefinitions: Definitions = {
  Lease: {
    d: 'A lock with a holder and an expiry; nodes renew one as their heartbeat.',
    f: {
      metadata: ['ObjectMeta', "The lease's name, namespace and other object metadata."],
      spec: ['LeaseSpec', 'Who holds the lease and for how long.'],
    },
  },
  LeaseSpec: {
    d: 'The holder and timing of a lease.',
    f: {
      holderIdentity: ['string', 'Identity of the current holder.'],
      leaseDurationSeconds: [
        'int32',
        'How long, after renewTime, other candidates must wait before taking over.',
      ],
      acquireTime: ['MicroTime', 'When the current holder acquired the lease.'],
      renewTime: ['MicroTime', 'When the current holder last renewed the lease.'],
      leaseTransitions: ['int32', 'How many times the lease has changed holders.'],
      strategy: ['CoordinatedLeaseStrategy', 'How a coordinated leader election picks the holder.'],
      preferredHolder: ['string', 'The candidate the holder should hand the lease to.'],
    },
  },
};
