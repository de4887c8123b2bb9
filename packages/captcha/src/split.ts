import { DlError, type Rng } from '@dl/core';
import type { CaptchaSample } from './data';

export interface CaptchaSplit {
  train: CaptchaSample[];
  validation: CaptchaSample[];
  test: CaptchaSample[];
}

function fraction(name: string, v: number): number {
  if (!(v >= 0 && v < 1)) {
    throw new DlError('INVALID_ARGUMENT', `${name} must be in [0, 1), got ${v}`);
  }
  return v;
}

/**
 * A shuffled split: `test` of the samples held out (unless a test set is given), then
 * `validation` of the rest for picking the best epoch.
 */
export function splitCaptchas(
  samples: readonly CaptchaSample[],
  o: { test: number; validation: number; testSet?: readonly CaptchaSample[] },
  rng: Rng,
): CaptchaSplit {
  const order = Array.from(rng.fork('split').permutation(samples.length), (i) => samples[i]);
  const nTest = o.testSet ? 0 : Math.round(fraction('testFraction', o.test) * samples.length);
  const test = o.testSet ? [...o.testSet] : order.slice(0, nTest);
  const rest = order.slice(nTest);
  const nVal = Math.round(fraction('validationFraction', o.validation) * rest.length);
  const split = { validation: rest.slice(0, nVal), train: rest.slice(nVal), test };
  if (split.train.length === 0 || split.test.length === 0) {
    throw new DlError(
      'DATA_INVALID',
      `too few captchas to split: ${samples.length} gave ${split.train.length} for training and ${split.test.length} for testing`,
    );
  }
  return split;
}
