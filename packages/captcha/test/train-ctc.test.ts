import { describe, expect, it } from 'vitest';
import { clipNormOf } from '../src/train-ctc';

describe('clipNormOf', () => {
  it('is off by default and at 0, and passes a given norm', () => {
    expect(clipNormOf({})).toBeUndefined();
    expect(clipNormOf({ clipNorm: 1.5 })).toBe(1.5);
    expect(clipNormOf({ clipNorm: 0 })).toBeUndefined();
  });

  it('refuses a negative or non-finite norm', () => {
    expect(() => clipNormOf({ clipNorm: -1 })).toThrow(/clipNorm must be ≥ 0, got -1/);
    expect(() => clipNormOf({ clipNorm: Number.NaN })).toThrow(/clipNorm/);
    expect(() => clipNormOf({ clipNorm: Number.POSITIVE_INFINITY })).toThrow(/clipNorm/);
  });
});
