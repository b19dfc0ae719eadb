/**
 * discovery/v1 EndpointSlice validation (ValidateEndpointSlice, ValidateEndpointSliceUpdate):
 * the address type, at most 1000 endpoints of 1–100 addresses of that type, valid node and
 * host names, and uniquely named ports.
 */
import type { FieldError } from '../errors.ts';
import type { Endpoint, EndpointSlicePort } from '../../types/discovery.ts';
import type { KubeObject } from '../../types/meta.ts';
import {
  fieldImmutableErrorMsg,
  child,
  duplicate,
  index,
  invalidValue,
  notSupported,
  required,
} from './field-errors.ts';
import { isValidIPv4Address, isValidIPv6Address, validateEndpointIP } from './ip.ts';
import { validateLabelName, validateLabels } from './labels.ts';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { supportedPortProtocols, validateDNS1123Label } from './service.ts';
import { asArray } from './values.ts';

const supportedAddressTypes = ['FQDN', 'IPv4', 'IPv6'];
const maxEndpoints = 1000;
const maxAddresses = 100;
const maxPorts = 20000;
const maxTopologyLabels = 16;

/** field.TooMany: `Too many: <n>: must have at most <max> items`. */
function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, detail: `${actual}: must have at most ${max} items` };
}

function validateAddress(address: string, addressType: string, path: string): FieldError[] {
  if (addressType === 'IPv4' || addressType === 'IPv6') {
    const errs =
      addressType === 'IPv4'
        ? isValidIPv4Address(path, address)
        : isValidIPv6Address(path, address);
    return errs.length > 0 ? errs : validateEndpointIP(address, path);
  }
  if (addressType === 'FQDN') {
    return isDNS1123Subdomain(address).map((m) => invalidValue(path, address, m));
  }
  return [];
}

function validateEndpoints(endpoints: unknown, addressType: string): FieldError[] {
  const list = asArray<Endpoint>(endpoints);
  if (list.length > maxEndpoints) return [tooMany('endpoints', list.length, maxEndpoints)];
  const errs: FieldError[] = [];
  list.forEach((endpoint, i) => {
    const path = index('endpoints', i);
    const addressPath = child(path, 'addresses');
    const addresses = asArray<string>(endpoint?.addresses);
    if (addresses.length === 0) errs.push(required(addressPath, 'must contain at least 1 address'));
    else if (addresses.length > maxAddresses) {
      errs.push(tooMany(addressPath, addresses.length, maxAddresses));
    }
    addresses.forEach((a, j) =>
      errs.push(...validateAddress(a, addressType, index(addressPath, j))),
    );
    if (typeof endpoint?.nodeName === 'string') {
      for (const m of nameIsDNSSubdomain(endpoint.nodeName, false)) {
        errs.push(invalidValue(child(path, 'nodeName'), endpoint.nodeName, m));
      }
    }
    const topology = endpoint?.deprecatedTopology;
    const topologyPath = child(path, 'deprecatedTopology');
    if (topology && Object.keys(topology).length > maxTopologyLabels) {
      errs.push(tooMany(topologyPath, Object.keys(topology).length, maxTopologyLabels));
    }
    errs.push(...validateLabels(topology, topologyPath));
    if (typeof endpoint?.hostname === 'string') {
      errs.push(...validateDNS1123Label(endpoint.hostname, child(path, 'hostname')));
    }
  });
  return errs;
}

function validatePorts(ports: unknown): FieldError[] {
  const list = asArray<EndpointSlicePort>(ports);
  if (list.length > maxPorts) return [tooMany('ports', list.length, maxPorts)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((port, i) => {
    const path = index('ports', i);
    const name = port?.name ?? '';
    if (name) errs.push(...validateDNS1123Label(name, child(path, 'name')));
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else names.add(name);
    if (!port?.protocol) errs.push(required(child(path, 'protocol')));
    else if (!supportedPortProtocols.includes(port.protocol)) {
      errs.push(notSupported(child(path, 'protocol'), port.protocol, supportedPortProtocols));
    }
    if (typeof port?.appProtocol === 'string') {
      errs.push(...validateLabelName(port.appProtocol, child(path, 'appProtocol')));
    }
  });
  return errs;
}

function validateSlice(slice: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const addressType = typeof slice.addressType === 'string' ? slice.addressType : '';
  if (!addressType) errs.push(required('addressType'));
  else if (!supportedAddressTypes.includes(addressType)) {
    errs.push(notSupported('addressType', addressType, supportedAddressTypes));
  }
  errs.push(...validateEndpoints(slice.endpoints, addressType));
  errs.push(...validatePorts(slice.ports));
  return errs;
}

/** ValidateEndpointSlice (create). */
export function validateEndpointSliceCreate(slice: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(slice.metadata, {
      namespaced: true,
      nameFn: nameIsDNSSubdomain,
      kubeFinalizers: true,
    }),
    ...validateSlice(slice),
  ];
}

/** ValidateEndpointSliceUpdate: as on create, and the address type is immutable. */
export function validateEndpointSliceUpdate(slice: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(slice.metadata, old.metadata), ...validateSlice(slice)];
  if (slice.addressType !== old.addressType) {
    errs.push(invalidValue('addressType', slice.addressType ?? '', fieldImmutableErrorMsg));
  }
  return errs;
}
