import { DlError } from '@dl/core';
import { NBSVM_DEFAULTS } from './defaults';
import { fitSquaredHingeSvm } from './linear-svm';
import type { SparseRow } from './tfidf';

/**
 * NB-SVM (Wang & Manning 2012, "Baselines and Bigrams"): a linear SVM on binarised n-gram
 * features scaled by their naive-Bayes log-count ratio, its weights interpolated towards their
 * mean magnitude.
 */

/** Binarised features: the indices of the terms a sentence holds (each once, ascending). */
export type IndicatorRow = Int32Array;

export interface NbSvmOptions {
  /** The SVM's C (liblinear's: ½‖w‖² + C Σ squared hinge). Default 1 (Wang & Manning). */
  c?: number;
  /** Smoothing α of the counts p and q. Default 1. */
  alpha?: number;
  /** Interpolation β: w' = (1 − β) w̄ + β w, w̄ = ‖w‖₁ / |V|. Default 0.25. */
  beta?: number;
  /** L-BFGS iterations at most. Default 300. */
  iterations?: number;
  /** L-BFGS gradient tolerance. Default 1e-4 (scikit-learn's tol). */
  tolerance?: number;
  /** Warm start: the SVMs of a previous fit on the same rows (one per one-vs-rest class). */
  init?: NbSvmFit;
}

export interface NbSvmFit {
  /**
   * The classifier as one linear layer over the indicator features: row-major [features ×
   * classes], r ∘ w' folded in. Two classes: ± half the one SVM's (so softmax = σ(margin)).
   */
  kernel: Float32Array;
  bias: Float32Array;
  /** Per SVM (one for two classes, else one per class against the rest): r, w, b as fitted. */
  svms: { ratio: Float64Array; w: Float64Array; b: number }[];
  /** The first SVM's objective at the start and after each iteration. */
  loss: number[];
}

/**
 * r = log((p / ‖p‖₁) / (q / ‖q‖₁)), p = α + Σ over positive rows of x̂, q = α + Σ over negative
 * rows. `positive[i]` says whether row i is of the positive class.
 */
export function logCountRatio(
  rows: readonly IndicatorRow[],
  positive: ArrayLike<boolean>,
  features: number,
  alpha: number,
): Float64Array {
  const p = new Float64Array(features).fill(alpha);
  const q = new Float64Array(features).fill(alpha);
  rows.forEach((row, i) => {
    const counts = positive[i] ? p : q;
    for (const f of row) counts[f] += 1;
  });
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  const [sp, sq] = [sum(p), sum(q)];
  return Float64Array.from(p, (v, f) => Math.log(v / sp / (q[f] / sq)));
}

/** w' = (1 − β) w̄ + β w with w̄ = ‖w‖₁ / |V| (the bias is not interpolated). */
export function interpolateWeights(w: Float64Array, beta: number): Float64Array {
  let l1 = 0;
  for (const v of w) l1 += Math.abs(v);
  const mean = w.length ? l1 / w.length : 0;
  return Float64Array.from(w, (v) => (1 - beta) * mean + beta * v);
}

/** Trains NB-SVM on indicator rows; more than two classes: one NB-SVM per class against the rest. */
export function fitNbSvm(
  rows: readonly IndicatorRow[],
  labels: ArrayLike<number>,
  features: number,
  classes: number,
  options: NbSvmOptions = {},
): NbSvmFit {
  if (!rows.length || rows.length !== labels.length)
    throw new DlError('DATA_INVALID', `${rows.length} rows but ${labels.length} labels`);
  const d = NBSVM_DEFAULTS;
  const o = {
    c: options.c ?? d.c,
    alpha: options.alpha ?? d.alpha,
    beta: options.beta ?? d.beta,
    iterations: options.iterations ?? d.iterations,
    tolerance: options.tolerance ?? d.tolerance,
  };
  const positives = classes === 2 ? [1] : Array.from({ length: classes }, (_, k) => k);
  const svms = positives.map((k, s) => {
    const positive = Array.from(labels, (l) => l === k);
    const ratio = logCountRatio(rows, positive, features, o.alpha);
    const scaled: SparseRow[] = rows.map((row) => ({
      indices: row,
      values: Float32Array.from(row, (f) => ratio[f]),
    }));
    const y = Int8Array.from(positive, (p) => (p ? 1 : -1));
    const init = options.init?.svms[s];
    const fit = fitSquaredHingeSvm(scaled, y, features, { ...o, init });
    return { ratio, w: fit.w, b: fit.b, loss: fit.loss };
  });
  const fitted = svms.map(({ ratio, w, b }) => ({ ratio, w, b }));
  const layer = nbsvmLayer(fitted, features, classes, o.beta, { rows, labels });
  return { ...layer, svms: fitted, loss: svms[0].loss };
}

/**
 * The bias that minimises the squared hinge Σ max(0, 1 − yᵢ(sᵢ + b))² of fixed scores sᵢ. The
 * loss is convex in b, its derivative non-decreasing: bisection finds where the derivative
 * turns non-negative and where it turns positive; where the loss is flat between them
 * (separable scores) the middle of that stretch is taken, as far from both classes as it goes.
 * @internal
 */
export function refitBias(scores: Float64Array, y: Int8Array): number {
  const slope = (b: number) => {
    let d = 0;
    for (let i = 0; i < scores.length; i++) {
      const gap = 1 - y[i] * (scores[i] + b);
      if (gap > 0) d -= 2 * y[i] * gap;
    }
    return d;
  };
  let bound = 1;
  for (const v of scores) bound = Math.max(bound, Math.abs(v) + 1);
  /** The first b in [−bound, bound] where `past(slope(b))` holds. */
  const first = (past: (d: number) => boolean) => {
    let [lo, hi] = [-bound, bound];
    for (let k = 0; k < 100 && hi - lo > 1e-10 * bound; k++) {
      const mid = (lo + hi) / 2;
      if (past(slope(mid))) hi = mid;
      else lo = mid;
    }
    return (lo + hi) / 2;
  };
  return (first((d) => d >= 0) + first((d) => d > 0)) / 2;
}

/** Each row's margin Σ r_f w'_f over its indicators (no bias). */
function margins(rows: readonly IndicatorRow[], ratio: Float64Array, w: Float64Array) {
  return Float64Array.from(rows, (row) => {
    let s = 0;
    for (const f of row) s += ratio[f] * w[f];
    return s;
  });
}

/**
 * The fitted SVMs as one linear layer over the indicators, their weights interpolated by β:
 * column k = r ∘ w' of class k's SVM. Two classes (one SVM): ± half of it, so that softmax
 * gives σ(margin). β only reweights fitted SVMs, so several β can share one fit.
 *
 * With the training rows and labels, each SVM's bias is re-fitted to its interpolated weights
 * (the squared hinge on those rows, w' fixed): Wang & Manning keep the SVM's b, which was fitted
 * for w, not w' — harmless on balanced data (MR), but on imbalanced data (SMS spam, 13%) the
 * mean-weight part of w' moves every margin and the kept b misplaces the threshold.
 */
export function nbsvmLayer(
  svms: NbSvmFit['svms'],
  features: number,
  classes: number,
  beta: number,
  training?: { rows: readonly IndicatorRow[]; labels: ArrayLike<number> },
): { kernel: Float32Array; bias: Float32Array } {
  const kernel = new Float32Array(features * classes);
  const bias = new Float32Array(classes);
  svms.forEach((svm, s) => {
    const w = interpolateWeights(svm.w, beta);
    const positive = classes === 2 ? 1 : s;
    const b =
      training && beta < 1
        ? refitBias(
            margins(training.rows, svm.ratio, w),
            Int8Array.from(training.labels, (l) => (l === positive ? 1 : -1)),
          )
        : svm.b;
    const columns = classes === 2 ? [0, 1] : [s];
    for (const k of columns) {
      const sign = classes === 2 ? (k === 1 ? 0.5 : -0.5) : 1;
      bias[k] = sign * b;
      for (let f = 0; f < features; f++) kernel[f * classes + k] = sign * svm.ratio[f] * w[f];
    }
  });
  return { kernel, bias };
}
