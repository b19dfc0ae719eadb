/**
 * The API server's knowledge of each served kind's fields (Namespace, Node, Pod, Event, Lease,
 * ReplicaSet, Deployment): unknown-field detection for fieldValidation, decode-time type checks,
 * the apiserver's exact messages for both, and field lookup for `kubectl explain`.
 */
export { findUnknownFields } from './unknown-fields.ts';
export { findDecodeError } from './decode-errors.ts';
export {
  cannotBeHandledMessage,
  decodeErrorStatus,
  strictDecodingError,
  strictDecodingMessage,
  strictDecodingStatus,
  unknownFieldWarning,
} from './messages.ts';
export { fieldSchemaAt } from './explain.ts';
export { schemaForKind, servedKinds, typeDescription } from './resolve.ts';
export type { FieldSchema, FieldType } from './types.ts';
