import { DlError, kFold, type Rng } from '@dl/core';
import type { CSelection } from './task';

/** A setting cross-validation scores: a C, and a β when one is searched too. */
export interface CvCandidate {
  c: number;
  beta?: number;
}

/** `values` ascending, once each is checked to lie in [min, max] (and to be > 0 for C). */
function ascending(values: readonly number[], name: string, range: [number, number]): number[] {
  const ok = (v: number) => v >= range[0] && v <= range[1] && (name !== 'cGrid' || v > 0);
  if (!values.length || !values.every(ok)) {
    const what = name === 'cGrid' ? 'positive numbers' : `numbers in [${range.join(', ')}]`;
    throw new DlError('INVALID_ARGUMENT', `${name} must hold ${what}, got [${values.join(', ')}]`);
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * Scores every C of `grid` (× every β of `betaGrid`) on `folds` stratified folds of the training
 * labels. For each fold, `foldScorer(train, test)` prepares what the fold needs (features
 * fitted on its training part only) and returns a scorer that is called with the candidates in
 * ascending order of C (then β), so that each fit can start from the previous C's weights and
 * the β values of one C can share its fit.
 */
export function crossValidateC(
  labels: ArrayLike<number>,
  o: { grid: readonly number[]; betaGrid?: readonly number[]; folds: number; rng: Rng },
  foldScorer: (train: Int32Array, test: Int32Array) => (candidate: CvCandidate) => number,
): CSelection {
  const grid = ascending(o.grid, 'cGrid', [0, Number.MAX_VALUE]);
  const betaGrid = o.betaGrid ? ascending(o.betaGrid, 'betaGrid', [0, 1]) : undefined;
  const candidates: CvCandidate[] = grid.flatMap((c) =>
    betaGrid ? betaGrid.map((beta) => ({ c, beta })) : [{ c }],
  );
  const sums = new Array<number>(candidates.length).fill(0);
  const folds = kFold(labels, o.folds, o.rng);
  for (const fold of folds) {
    const score = foldScorer(fold.train, fold.test);
    candidates.forEach((candidate, i) => {
      sums[i] += score(candidate);
    });
  }
  // Sums, not means, are compared: the same floating-point ties as scikit-learn's argmax.
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if (sums[i] > sums[best]) best = i;
  return {
    grid,
    ...(betaGrid ? { betaGrid } : {}),
    folds: o.folds,
    meanAccuracy: sums.map((s) => s / folds.length),
    ...candidates[best],
  };
}
