import { expect } from '@esm-bundle/chai';
import { StatusError } from '../../../../src/kernel/api/errors.ts';

/** Runs `fn`, which must throw a StatusError, and returns that error. */
export function statusErrorOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(StatusError);
    return e as StatusError;
  }
  throw new Error('expected a StatusError');
}

/** Deep-freezes a value so any mutation by the code under test throws. */
export function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(frozen);
    Object.freeze(value);
  }
  return value;
}
