/**
 * core/v1 Event validation: only the legacy checks apply to this API version (as upstream's
 * ValidateEventCreate/Update for v1): the involved object's namespace must agree with the
 * event's, and events carrying an eventTime need their reporting fields.
 */
import type { FieldError } from '../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { invalidValue, required } from './field-errors.ts';
import { isQualifiedName } from './labels.ts';
import { isDNS1123Subdomain } from './names.ts';
import { asObject, asString } from './values.ts';

const limits = { reportingInstance: 128, action: 128, reason: 128, message: 1024 } as const;

/** legacyValidateEvent. */
function legacyValidateEvent(event: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = event.metadata?.namespace ?? '';
  const involvedNs = asString(asObject(event.involvedObject).namespace);
  const mismatch = invalidValue(
    'involvedObject.namespace',
    involvedNs,
    'does not match event.namespace',
  );
  if (!event.eventTime) {
    if (!involvedNs) {
      if (namespace !== '' && namespace !== 'default') errs.push(mismatch);
    } else if (namespace !== involvedNs) {
      errs.push(mismatch);
    }
  } else {
    if (!involvedNs && namespace !== 'default' && namespace !== 'kube-system') errs.push(mismatch);
    const controller = asString(event.reportingComponent);
    if (!controller) errs.push(required('reportingController'));
    for (const msg of isQualifiedName(controller))
      errs.push(invalidValue('reportingController', controller, msg));
    for (const f of ['reportingInstance', 'action', 'reason'] as const) {
      const v = asString(event[f]);
      if (!v) errs.push(required(f));
      if (v.length > limits[f])
        errs.push(invalidValue(f, '', `can have at most ${limits[f]} characters`));
    }
    if (asString(event.message).length > limits.message) {
      errs.push(invalidValue('message', '', `can have at most ${limits.message} characters`));
    }
  }
  for (const msg of isDNS1123Subdomain(namespace))
    errs.push(invalidValue('namespace', namespace, msg));
  return errs;
}

/** ValidateEventCreate for core/v1. */
export function validateEventCreate(event: KubeObject): FieldError[] {
  return legacyValidateEvent(event);
}

/** ValidateEventUpdate for core/v1 (the new event must still pass the legacy checks). */
export function validateEventUpdate(event: KubeObject): FieldError[] {
  return legacyValidateEvent(event);
}
