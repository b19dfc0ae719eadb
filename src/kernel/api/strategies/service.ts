import type { Service } from '../../types/service.ts';
import type { KubeObject } from '../../types/meta.ts';
import { defaultIngressIPMode } from '../defaults/service.ts';
import { services } from '../resources.ts';
import { dropTypeDependentFields, specOf } from '../service/service-fields.ts';
import { defaultStrategy, type Strategy } from './strategy.ts';

const base = defaultStrategy(services);

/** A Service's status always has a loadBalancer object, as the Go struct serializes it. */
function normalizeStatus(service: Service): void {
  const status =
    typeof service.status === 'object' && service.status !== null ? service.status : {};
  service.status = { ...status, loadBalancer: status.loadBalancer ?? {} };
}

/**
 * Services (the service registry's strategy): created with an empty load balancer status; an
 * update keeps the stored status and clears fields the new type no longer uses when the
 * client left them unchanged (dropTypeDependentFields), with the load balancer status of a
 * service that is no longer a LoadBalancer; a status write gets ipMode VIP defaulted.
 * Deleting one answers with the Service.
 */
export const serviceStrategy: Strategy = {
  ...base,
  prepareForCreate(object: KubeObject) {
    const service = object as Service;
    service.status = { loadBalancer: {} };
  },
  prepareForUpdate(object: KubeObject, old: KubeObject) {
    const service = object as Service;
    base.prepareForUpdate(object, old);
    normalizeStatus(service);
    const spec = specOf(service);
    if (service.spec !== spec) service.spec = spec;
    // Defaulting runs after this step here (before it in the apiserver): an unset type is ClusterIP.
    spec.type ||= 'ClusterIP';
    dropTypeDependentFields(spec, specOf(old));
    if (spec.type !== 'LoadBalancer') service.status = { ...service.status, loadBalancer: {} };
  },
  prepareForStatusUpdate(object: KubeObject, old: KubeObject) {
    base.prepareForStatusUpdate(object, old);
    normalizeStatus(object as Service);
    if (specOf(object).type === 'LoadBalancer') defaultIngressIPMode(object);
  },
  returnsDeletedObject: true,
};
