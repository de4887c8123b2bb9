import { expect } from 'vitest';
import { isDlError } from '../../src/errors';

/** Asserts `fn` throws a DlError INVALID_ARGUMENT whose message matches `pattern`. */
export function expectInvalid(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(isDlError(e, 'INVALID_ARGUMENT')).toBe(true);
    expect((e as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a DlError');
}
