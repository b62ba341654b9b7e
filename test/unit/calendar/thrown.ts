import { LernortError } from '../../../src/core/errors.ts';

/** The LernortError that fn throws; fails the test when it throws nothing or something else. */
export function thrown(fn: () => unknown): LernortError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LernortError) return e;
    throw e;
  }
  throw new Error('expected a LernortError, but nothing was thrown');
}
