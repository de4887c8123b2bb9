import { describe, expect, it } from 'vitest';
import { perplexity, perplexityFromProbabilities } from '../src/metrics';
import { expectInvalid } from './helpers/expect-invalid';

const LN2 = Math.LN2;

describe('perplexity', () => {
  it('is exp of the mean NLL', () => {
    // nll = ln2, ln4, ln8 = 1·ln2, 2·ln2, 3·ln2; mean = 2·ln2; exp(2·ln2) = 4
    expect(perplexity([LN2, 2 * LN2, 3 * LN2])).toBeCloseTo(4, 12);
    expect(perplexity(new Float32Array([LN2, 2 * LN2, 3 * LN2]))).toBeCloseTo(4, 6);
  });

  it('equals the vocabulary size for a uniform model', () => {
    // every token gets p = 1/V, nll = ln V, perplexity = V
    expect(perplexity(new Array(5).fill(Math.log(10000)))).toBeCloseTo(10000, 6);
  });

  it('applies a 0/1 mask and general weights', () => {
    // mask [1, 1, 0]: (1 + 2)·ln2 / 2 = 1.5·ln2 -> 2^1.5 = 2√2
    expect(perplexity([LN2, 2 * LN2, 3 * LN2], { weights: [1, 1, 0] })).toBeCloseTo(
      2 * Math.SQRT2,
      12,
    );
    // weights [2, 1, 1]: (2·1 + 2 + 3)·ln2 / 4 = 1.75·ln2 -> 2^1.75
    expect(perplexity([LN2, 2 * LN2, 3 * LN2], { weights: [2, 1, 1] })).toBeCloseTo(2 ** 1.75, 12);
  });

  it('is Infinity for a zero-probability target unless that token is masked', () => {
    expect(perplexity([LN2, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    // the masked ∞ is skipped, not multiplied by 0 (which would be NaN): exp(ln2) = 2
    expect(perplexity([LN2, Number.POSITIVE_INFINITY], { weights: [1, 0] })).toBeCloseTo(2, 12);
  });

  it('rejects empty, fully masked, mismatched and impossible input', () => {
    expectInvalid(() => perplexity([]), /nll is empty/);
    expectInvalid(() => perplexity([1, 2], { weights: [0, 0] }), /every token is masked/);
    expectInvalid(() => perplexity([1, 2], { weights: [1] }), /nll has 2 items but weights has 1/);
    expectInvalid(() => perplexity([1, -0.5]), /nll\[1\] is -0\.5; .*negate log-probabilities/);
    expectInvalid(() => perplexity([Number.NaN]), /nll\[0\] is NaN/);
    expectInvalid(() => perplexity([1], { weights: [-1] }), /weights\[0\] is -1/);
  });
});

describe('perplexityFromProbabilities', () => {
  it('is exp of the mean of -ln p', () => {
    // -ln of 1/2, 1/4, 1/8 = 1, 2, 3 (·ln2); mean 2·ln2 -> 4
    expect(perplexityFromProbabilities([0.5, 0.25, 0.125])).toBeCloseTo(4, 12);
    // mask the 1/8: mean 1.5·ln2 -> 2√2
    expect(perplexityFromProbabilities([0.5, 0.25, 0.125], { weights: [1, 1, 0] })).toBeCloseTo(
      2 * Math.SQRT2,
      12,
    );
    expect(perplexityFromProbabilities([1, 1])).toBe(1);
  });

  it('rejects values that are not probabilities', () => {
    expectInvalid(() => perplexityFromProbabilities([0.5, 1.5]), /\[1\] is 1\.5; expected a prob/);
    expectInvalid(() => perplexityFromProbabilities([-0.1]), /expected a probability/);
    expectInvalid(() => perplexityFromProbabilities([]), /targetProbabilities is empty/);
    expectInvalid(
      () => perplexityFromProbabilities([0.5], { weights: [0] }),
      /every token is masked/,
    );
  });
});
