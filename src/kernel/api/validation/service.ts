/**
 * core/v1 Service validation (ValidateService, ValidateServiceUpdate): ports, selector,
 * session affinity, type-specific rules, cluster IPs, external IPs, source ranges and the
 * traffic policies, with the apiserver's field paths and wording.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { ServicePort, ServiceSpec } from '../../types/service.ts';
import {
  externallyAccessible,
  isHeadless,
  needsHealthCheck,
  portsOf,
  specOf,
} from '../service/service-fields.ts';
import { isValidPortName, isValidPortNum } from './containers.ts';
import {
  child,
  duplicate,
  forbidden,
  index,
  invalidValue,
  notSupported,
  required,
} from './field-errors.ts';
import { isValidCIDR, isValidIP, validateEndpointIP } from './ip.ts';
import { validateLabelName, validateLabels } from './labels.ts';
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNS1035Label } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import {
  validateServiceClusterIPsRelatedFields,
  validateUpgradeDowngradeClusterIPs,
  validateUpgradeDowngradeIPFamilies,
} from './service-cluster-ips.ts';

/** The protocols a service or endpoint port may use (sorted, as sets.List prints them). */
export const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];
const supportedServiceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const supportedAffinities = ['ClientIP', 'None'];
const supportedTrafficPolicies = ['Cluster', 'Local'];
const supportedTrafficDistributions = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];
/** MaxClientIPServiceAffinitySeconds: one day. */
const maxClientIPAffinitySeconds = 86400;

/** ValidateDNS1123Label: one Invalid error per problem. */
export function validateDNS1123Label(value: string, field: string): FieldError[] {
  return isDNS1123Label(value).map((m) => invalidValue(field, value, m));
}

/** ValidatePortNumOrName for a service's targetPort. */
function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (typeof port === 'string')
    return isValidPortName(port).map((m) => invalidValue(field, port, m));
  const n = typeof port === 'number' ? port : 0;
  return isValidPortNum(n).map((m) => invalidValue(field, n, m));
}

function validateServicePort(
  port: ServicePort,
  requireName: boolean,
  names: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = port.name ?? '';
  if (requireName && !name) errs.push(required(child(path, 'name')));
  else if (name) {
    errs.push(...validateDNS1123Label(name, child(path, 'name')));
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else names.add(name);
  }
  const number = typeof port.port === 'number' ? port.port : 0;
  for (const m of isValidPortNum(number)) errs.push(invalidValue(child(path, 'port'), number, m));
  if (!port.protocol) errs.push(required(child(path, 'protocol')));
  else if (!supportedPortProtocols.includes(port.protocol)) {
    errs.push(notSupported(child(path, 'protocol'), port.protocol, supportedPortProtocols));
  }
  errs.push(...validatePortNumOrName(port.targetPort, child(path, 'targetPort')));
  if (typeof port.appProtocol === 'string') {
    errs.push(...validateLabelName(port.appProtocol, child(path, 'appProtocol')));
  }
  return errs;
}

function validateClientIPAffinityConfig(spec: ServiceSpec, path: string): FieldError[] {
  const detail = 'when session affinity type is ClientIP';
  const config = spec.sessionAffinityConfig;
  if (!config) return [required(path, detail)];
  if (!config.clientIP) return [required(child(path, 'clientIP'), detail)];
  const timeoutPath = child(path, 'clientIP', 'timeoutSeconds');
  const timeout = config.clientIP.timeoutSeconds;
  if (timeout === undefined || timeout === null) return [required(timeoutPath, detail)];
  if (timeout <= 0 || timeout > maxClientIPAffinitySeconds) {
    return [
      invalidValue(
        timeoutPath,
        timeout,
        `must be greater than 0 and less than ${maxClientIPAffinitySeconds}`,
      ),
    ];
  }
  return [];
}

/** The (protocol, port) key of a port as the internal ServicePort JSON the apiserver prints. */
function portKey(port: ServicePort): Record<string, unknown> {
  return {
    Name: '',
    Protocol: port.protocol ?? '',
    AppProtocol: null,
    Port: typeof port.port === 'number' ? port.port : 0,
    TargetPort: 0,
    NodePort: 0,
  };
}

function validateLoadBalancerClass(old: ServiceSpec | undefined, spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const path = 'spec.loadBalancerClass';
  const cls = spec.loadBalancerClass ?? null;
  if (old && old.type === 'LoadBalancer' && spec.type === 'LoadBalancer') {
    if ((old.loadBalancerClass ?? null) !== cls)
      errs.push(invalidValue(path, cls, 'may not change once set'));
  }
  if (spec.type === 'LoadBalancer') {
    if (typeof cls === 'string') errs.push(...validateLabelName(cls, path));
  } else if (cls !== null) {
    errs.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

function validateExternalTrafficPolicy(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const policy = spec.externalTrafficPolicy ?? '';
  if (!externallyAccessible(spec)) {
    if (policy) {
      errs.push(
        invalidValue(
          'spec.externalTrafficPolicy',
          policy,
          'may only be set for externally-accessible services',
        ),
      );
    }
  } else if (!policy) errs.push(required('spec.externalTrafficPolicy'));
  else if (!supportedTrafficPolicies.includes(policy)) {
    errs.push(notSupported('spec.externalTrafficPolicy', policy, supportedTrafficPolicies));
  }
  const hc = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(spec)) {
    if (hc !== 0) {
      errs.push(
        invalidValue(
          'spec.healthCheckNodePort',
          hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (hc === 0) errs.push(required('spec.healthCheckNodePort'));
  else
    for (const m of isValidPortNum(hc)) errs.push(invalidValue('spec.healthCheckNodePort', hc, m));
  return errs;
}

function validateTypeSpecifics(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const firstIP = index('spec.clusterIPs', 0);
  if (spec.type === 'LoadBalancer' || spec.type === 'NodePort') {
    if (isHeadless(spec)) {
      errs.push(
        invalidValue(firstIP, 'None', `may not be set to 'None' for ${spec.type} services`),
      );
    }
  } else if (spec.type === 'ExternalName') {
    if ((spec.clusterIPs ?? []).length > 0) {
      errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    }
    if ((spec.ipFamilies ?? []).length > 0) {
      errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    }
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) {
      errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    }
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname) {
      for (const m of isDNS1123Subdomain(cname)) {
        errs.push(invalidValue('spec.externalName', cname, m));
      }
    } else errs.push(required('spec.externalName'));
  }
  return errs;
}

function validatePortUniqueness(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const ports = portsOf(spec);
  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort) {
        errs.push(
          forbidden(
            child(index('spec.ports', i), 'nodePort'),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
      }
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key))
      errs.push(duplicate(child(index('spec.ports', i), 'nodePort'), p.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(duplicate(index('spec.ports', i), portKey(p)));
    seen.add(key);
  });
  return errs;
}

function validateSourceRanges(object: KubeObject, spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const ranges = Array.isArray(spec.loadBalancerSourceRanges) ? spec.loadBalancerSourceRanges : [];
  const annotation = 'service.beta.kubernetes.io/load-balancer-source-ranges';
  const annotations = object.metadata.annotations ?? {};
  if (ranges.length > 0) {
    // The path's capital L is the apiserver's own.
    const path = 'spec.LoadBalancerSourceRanges';
    if (spec.type !== 'LoadBalancer') {
      errs.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    }
    ranges.forEach((r, i) => errs.push(...isValidCIDR(index(path, i), String(r).trim())));
  } else if (annotation in annotations) {
    const path = `metadata.annotations[${annotation}]`;
    if (spec.type !== 'LoadBalancer') {
      errs.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    }
    const value = annotations[annotation].trim();
    if (value) for (const r of value.split(',')) errs.push(...isValidCIDR(path, r.trim()));
  }
  return errs;
}

/** ValidateService: every rule that holds for a Service on its own. */
export function validateService(object: KubeObject): FieldError[] {
  const spec = specOf(object);
  const errs = validateObjectMeta(object.metadata, {
    namespaced: true,
    nameFn: nameIsDNS1035Label,
    kubeFinalizers: true,
  });
  const ports = portsOf(spec);
  if (ports.length === 0 && !isHeadless(spec) && spec.type !== 'ExternalName') {
    errs.push(required('spec.ports'));
  }
  errs.push(...validateTypeSpecifics(spec));
  const names = new Set<string>();
  ports.forEach((p, i) =>
    errs.push(...validateServicePort(p, ports.length > 1, names, index('spec.ports', i))),
  );
  if (spec.selector !== undefined && spec.selector !== null) {
    errs.push(...validateLabels(spec.selector, 'spec.selector'));
  }
  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!supportedAffinities.includes(spec.sessionAffinity)) {
    errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, supportedAffinities));
  }
  if (spec.sessionAffinity === 'ClientIP') {
    errs.push(...validateClientIPAffinityConfig(spec, 'spec.sessionAffinityConfig'));
  } else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(
      forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'),
    );
  }
  errs.push(...validateServiceClusterIPsRelatedFields(spec));
  (Array.isArray(spec.externalIPs) ? spec.externalIPs : []).forEach((ip, i) => {
    const path = index('spec.externalIPs', i);
    const ipErrs = isValidIP(path, ip);
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateEndpointIP(ip, path)));
  });
  if (!spec.type) errs.push(required('spec.type'));
  else if (!supportedServiceTypes.includes(spec.type)) {
    errs.push(notSupported('spec.type', spec.type, supportedServiceTypes));
  }
  errs.push(...validatePortUniqueness(spec));
  errs.push(...validateSourceRanges(object, spec));
  const allocate = spec.allocateLoadBalancerNodePorts;
  if (allocate !== undefined && allocate !== null && spec.type !== 'LoadBalancer') {
    errs.push(
      forbidden(
        'spec.allocateLoadBalancerNodePorts',
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  }
  if (spec.type === 'LoadBalancer' && (allocate === undefined || allocate === null)) {
    // The apiserver reports this one without the `spec.` prefix.
    errs.push(required('allocateLoadBalancerNodePorts'));
  }
  errs.push(...validateLoadBalancerClass(undefined, spec));
  errs.push(...validateExternalTrafficPolicy(spec));
  const internal = spec.internalTrafficPolicy;
  if (internal === undefined || internal === null) {
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP') {
      errs.push(required('spec.internalTrafficPolicy'));
    }
  } else if (!supportedTrafficPolicies.includes(internal)) {
    errs.push(notSupported('spec.internalTrafficPolicy', internal, supportedTrafficPolicies));
  }
  const distribution = spec.trafficDistribution;
  if (typeof distribution === 'string' && !supportedTrafficDistributions.includes(distribution)) {
    errs.push(
      notSupported('spec.trafficDistribution', distribution, supportedTrafficDistributions),
    );
  }
  return errs;
}

/** ValidateServiceCreate. */
export function validateServiceCreate(object: KubeObject): FieldError[] {
  return validateService(object);
}

/** ValidateServiceUpdate: metadata rules, the cluster IP and family rules, then ValidateService. */
export function validateServiceUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  const spec = specOf(object);
  const before = specOf(old);
  const errs = validateObjectMetaUpdate(object.metadata, old.metadata);
  errs.push(...validateUpgradeDowngradeClusterIPs(before, spec));
  errs.push(...validateUpgradeDowngradeIPFamilies(before, spec));
  errs.push(
    ...validateLoadBalancerClass(before, spec).filter(
      (e) => e.detail === 'may not change once set',
    ),
  );
  if (
    needsHealthCheck(before) &&
    needsHealthCheck(spec) &&
    (before.healthCheckNodePort ?? 0) !== (spec.healthCheckNodePort ?? 0)
  ) {
    errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  errs.push(...validateService(object));
  return errs;
}
