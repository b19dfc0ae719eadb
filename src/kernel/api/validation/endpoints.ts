/**
 * core/v1 Endpoints validation (ValidateEndpoints, ValidateEndpointsUpdate): every subset has
 * addresses, each a usable IP; ports are named when there are several.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../../types/service.ts';
import { isValidPortNum } from './containers.ts';
import { child, index, invalidValue, notSupported, required } from './field-errors.ts';
import { isValidIPForLegacyField, validateEndpointIP } from './ip.ts';
import { validateLabelName } from './labels.ts';
import { nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { supportedPortProtocols, validateDNS1123Label } from './service.ts';
import { asArray } from './values.ts';

function validateAddress(address: EndpointAddress, path: string): FieldError[] {
  const ip = typeof address.ip === 'string' ? address.ip : '';
  const errs = isValidIPForLegacyField(child(path, 'ip'), ip);
  if (address.hostname)
    errs.push(...validateDNS1123Label(address.hostname, child(path, 'hostname')));
  if (typeof address.nodeName === 'string') {
    for (const m of nameIsDNSSubdomain(address.nodeName, false)) {
      errs.push(invalidValue(child(path, 'nodeName'), address.nodeName, m));
    }
  }
  errs.push(...validateEndpointIP(ip, child(path, 'ip')));
  return errs;
}

function validatePort(port: EndpointPort, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = port.name ?? '';
  if (requireName && !name) errs.push(required(child(path, 'name')));
  else if (name) errs.push(...validateDNS1123Label(name, child(path, 'name')));
  const number = typeof port.port === 'number' ? port.port : 0;
  for (const m of isValidPortNum(number)) errs.push(invalidValue(child(path, 'port'), number, m));
  if (!port.protocol) errs.push(required(child(path, 'protocol')));
  else if (!supportedPortProtocols.includes(port.protocol)) {
    errs.push(notSupported(child(path, 'protocol'), port.protocol, supportedPortProtocols));
  }
  if (typeof port.appProtocol === 'string') {
    errs.push(...validateLabelName(port.appProtocol, child(path, 'appProtocol')));
  }
  return errs;
}

function validateSubsets(subsets: unknown): FieldError[] {
  const errs: FieldError[] = [];
  asArray<EndpointSubset>(subsets).forEach((subset, i) => {
    const path = index('subsets', i);
    const addresses = asArray<EndpointAddress>(subset?.addresses);
    const notReady = asArray<EndpointAddress>(subset?.notReadyAddresses);
    if (addresses.length === 0 && notReady.length === 0) {
      errs.push(required(path, 'must specify `addresses` or `notReadyAddresses`'));
    }
    addresses.forEach((a, j) =>
      errs.push(...validateAddress(a, index(child(path, 'addresses'), j))),
    );
    notReady.forEach((a, j) =>
      errs.push(...validateAddress(a, index(child(path, 'notReadyAddresses'), j))),
    );
    const ports = asArray<EndpointPort>(subset?.ports);
    ports.forEach((p, j) =>
      errs.push(...validatePort(p, ports.length > 1, index(child(path, 'ports'), j))),
    );
  });
  return errs;
}

/** ValidateEndpoints (create). */
export function validateEndpointsCreate(endpoints: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(endpoints.metadata, {
      namespaced: true,
      nameFn: nameIsDNSSubdomain,
      kubeFinalizers: true,
    }),
    ...validateSubsets(endpoints.subsets),
  ];
}

/** ValidateEndpointsUpdate. */
export function validateEndpointsUpdate(endpoints: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(endpoints.metadata, old.metadata),
    ...validateSubsets(endpoints.subsets),
  ];
}
