import { expect } from 'vitest';
import { DlError } from '../../src/errors';

/** Awaits `p` (or calls `f`) and returns the DlError it throws; fails on anything else. */
export async function dlError(p: Promise<unknown> | (() => unknown)): Promise<DlError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(DlError);
    return e as DlError;
  }
  throw new Error('expected a DlError, nothing was thrown');
}
