import type { SparseRow } from './tfidf';

/**
 * Scores of a linear model on sparse rows: logits = bias + Σ value × kernel[feature, ·], then a
 * softmax. What a saved baseline's one Dense layer computes, without a dense [rows × 10⁵-terms]
 * input tensor. Shared by training (scoring folds and the test split) and prediction.
 */

/** One row's logits; `kernel` is row-major [features × classes]. */
export function linearLogits(
  row: SparseRow,
  kernel: ArrayLike<number>,
  bias: ArrayLike<number>,
): Float64Array {
  const classes = bias.length;
  const out = Float64Array.from(bias);
  for (let j = 0; j < row.indices.length; j++) {
    const base = row.indices[j] * classes;
    for (let k = 0; k < classes; k++) out[k] += row.values[j] * kernel[base + k];
  }
  return out;
}

/** Softmax of logits, stable. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k]);
  const e = Array.from(logits, (v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** The class of the largest logit (the first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

/** Predicted class of every row. */
export function predictLinear(
  rows: readonly SparseRow[],
  kernel: ArrayLike<number>,
  bias: ArrayLike<number>,
): Int32Array {
  return Int32Array.from(rows, (row) => argmax(linearLogits(row, kernel, bias)));
}

/** Fraction of rows whose predicted class is their label. */
export function linearAccuracy(
  rows: readonly SparseRow[],
  labels: ArrayLike<number>,
  kernel: ArrayLike<number>,
  bias: ArrayLike<number>,
): number {
  const predicted = predictLinear(rows, kernel, bias);
  let right = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) right++;
  return right / predicted.length;
}
