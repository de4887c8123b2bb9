import { DlError, kFold, Rng, stratifiedSplit } from '@dl/core';
import {
  buildHead,
  fitHead,
  gatherRows,
  type LabelledFeatures,
  standardise,
  standardiser,
} from './head-fit';
import { headProbabilities, scoreProbabilities } from './score';
import type { TransferEvaluation } from './task';
import { planHead, type TransferHeadTraining } from './train-options';

export interface CrossValidateOptions extends TransferHeadTraining {
  /** Number of folds (stratified). Default 5. */
  folds?: number;
  /** Seeds the folds, the inner validation split and every head. Default 1. */
  seed?: number;
  epochs?: number;
  batchSize?: number;
}

export interface CrossValidation {
  /** Each fold's held-out scores. */
  folds: TransferEvaluation[];
  /** Mean and standard deviation (n−1) over the folds. */
  mean: { accuracy: number; macroF1: number; ece: number };
  std: { accuracy: number; macroF1: number; ece: number };
  /** Every image scored once, by the head that did not see it: pooled accuracy and confusion. */
  pooled: TransferEvaluation;
}

const stats = (v: number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd =
    v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd };
};

/** A fold's training images split (stratified) into fitting and early-stopping parts: image indices. */
export function innerSplit(
  labels: Int32Array,
  train: Int32Array,
  validation: number,
  rng: Rng,
): { train: Int32Array; validation: Int32Array } {
  const inner = stratifiedSplit(
    Int32Array.from(train, (i) => labels[i]),
    { train: 1 - validation, validation },
    rng,
  );
  return {
    train: Int32Array.from(inner.train, (i) => train[i]),
    validation: Int32Array.from(inner.validation, (i) => train[i]),
  };
}

/**
 * k-fold cross-validation of a head on precomputed features (computeFeatures): each fold's
 * head is trained on the other folds (with a stratified validation part for early stopping),
 * standardised on its own training rows, and scored on its fold. Nothing is written to disk.
 */
export async function crossValidateTransfer(
  features: { data: Float32Array; dim: number },
  labels: Int32Array,
  labelNames: readonly string[],
  o: CrossValidateOptions = {},
): Promise<CrossValidation> {
  const plan = planHead(o);
  const k = o.folds ?? 5;
  if (features.data.length !== labels.length * features.dim) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${labels.length} labels for ${features.data.length / features.dim} feature rows`,
    );
  }
  const rng = new Rng(plan.seed);
  const folds = kFold(labels, k, rng.fork('folds'));
  const pooledProbabilities: number[][] = new Array(labels.length);
  const results: TransferEvaluation[] = [];
  for (let f = 0; f < folds.length; f++) {
    const { train, test } = folds[f];
    const inner = innerSplit(labels, train, plan.validation, rng.fork(`inner-${f}`));
    const pick = (idx: ArrayLike<number>): LabelledFeatures => ({
      x: gatherRows(features.data, features.dim, idx),
      labels: Int32Array.from(idx, (i) => labels[i]),
      dim: features.dim,
    });
    const fit = pick(inner.train);
    const val = pick(inner.validation);
    const held = pick(test);
    const scaling = plan.architecture === 'seed' ? null : standardiser(fit.x, features.dim);
    const scaled = (d: LabelledFeatures) =>
      scaling ? { ...d, x: standardise(d.x, d.dim, scaling) } : d;
    const model = buildHead(
      { ...plan, seed: plan.seed + f },
      features.dim,
      labelNames.length,
      rng.fork(`init-${f}`),
    );
    try {
      await fitHead(
        model,
        { ...plan, seed: plan.seed + f },
        scaled(fit),
        scaled(val),
        labelNames.length,
      );
      const p = headProbabilities(
        model,
        scaled(held).x,
        features.dim,
        plan.architecture === 'seed',
      );
      test.forEach((i, r) => {
        pooledProbabilities[i] = p[r];
      });
      results.push(scoreProbabilities(p, held.labels, labelNames));
    } finally {
      model.optimizer?.dispose();
      model.dispose();
    }
  }
  return summariseFolds(results, pooledProbabilities, labels, labelNames);
}

/** Mean and sd over the folds' scores, and the pooled scores of every image's held-out probabilities. */
export function summariseFolds(
  results: TransferEvaluation[],
  pooledProbabilities: number[][],
  labels: Int32Array,
  labelNames: readonly string[],
): CrossValidation {
  const summary = (key: 'accuracy' | 'macroF1' | 'ece') =>
    stats(results.map((r) => r.metrics[key]));
  const [acc, f1, ece] = [summary('accuracy'), summary('macroF1'), summary('ece')];
  return {
    folds: results,
    mean: { accuracy: acc.mean, macroF1: f1.mean, ece: ece.mean },
    std: { accuracy: acc.sd, macroF1: f1.sd, ece: ece.sd },
    pooled: scoreProbabilities(pooledProbabilities, labels, labelNames),
  };
}
