import { DlError } from '../errors';
import type { Rng } from '../random/rng';
import { indicesByClass } from './split';

export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/**
 * k-fold cross-validation folds over sample indices. Stratified by default: each class's
 * shuffled samples are dealt round-robin to the folds, so every fold has the class mix of the
 * whole set (Kim 2014's 10-fold CV on MR, the course's iris MLP). Every index is in exactly
 * one test fold.
 */
export function kFold(
  labels: ArrayLike<number>,
  k: number,
  rng: Rng,
  options: { stratified?: boolean } = {},
): Fold[] {
  if (!Number.isInteger(k) || k < 2) {
    throw new DlError('INVALID_ARGUMENT', `k-fold needs an integer k ≥ 2, got ${k}`);
  }
  if (labels.length < k) {
    throw new DlError(
      'DATA_INVALID',
      `${k}-fold needs at least ${k} samples, got ${labels.length}`,
    );
  }
  const folds: number[][] = Array.from({ length: k }, () => []);
  const groups =
    options.stratified === false
      ? [Array.from({ length: labels.length }, (_, i) => i)]
      : [...indicesByClass(labels).values()];
  let next = 0;
  for (const group of groups) {
    for (const i of rng.shuffle(group)) {
      folds[next].push(i);
      next = (next + 1) % k;
    }
  }
  return folds.map((test, f) => ({
    test: Int32Array.from(test).sort(),
    train: Int32Array.from(folds.flatMap((other, g) => (g === f ? [] : other))).sort(),
  }));
}
