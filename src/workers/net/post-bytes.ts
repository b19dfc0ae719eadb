import type { DataMessage } from './protocol.ts';

/**
 * The longest write sent as a string (see DataMessage); longer ones go as a transferred
 * buffer, which costs about the same whatever its size, while a string costs a little per
 * byte to build and to read back.
 */
export const STRING_WRITE_MAX_BYTES = 1024;

/**
 * Posts `bytes` (non-empty) on a data channel, in the form that costs least for their size.
 * `bytes` is copied unless `owned` says the caller hands over its whole buffer: then a long
 * write transfers that buffer as it is.
 */
export function postBytes(port: MessagePort, bytes: Uint8Array, owned = false): void {
  if (bytes.byteLength <= STRING_WRITE_MAX_BYTES) {
    port.postMessage(bytesToWire(bytes));
    return;
  }
  const whole = owned && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
  port.postMessage(buffer, [buffer]);
}

/** Bytes as a string of one character per byte: the string form of DataMessage. */
export function bytesToWire(bytes: Uint8Array): string {
  // fromCharCode takes the bytes as its arguments; callers stay far below V8's argument limit.
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** True for a data-channel message that carries bytes (in either form), false for control. */
export function isBytes(message: DataMessage): message is ArrayBuffer | string {
  return typeof message === 'string' || message instanceof ArrayBuffer;
}

/** The bytes a data-channel message carries (a view of a transferred buffer, without copying). */
export function receivedBytes(message: ArrayBuffer | string): Uint8Array {
  return typeof message === 'string' ? wireToBytes(message) : new Uint8Array(message);
}

/** The bytes of a string of one character per byte. */
export function wireToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
