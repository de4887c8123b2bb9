import { DlError } from '../../errors';

/**
 * Softmax cross-entropy's backward written out, for a batch of rows: from the softmax p of each
 * row's logits, its target t and its weight w (the row's share of the loss: mask / Σmask, say),
 *   nll = −ln p[t]        dLogits = w·(p − onehot(t))        dBias = Σ_rows dLogits
 * `p` is turned into dLogits in place: the [rows, vocab] probabilities are never kept beside
 * their gradient. A target probability that underflowed float32 is clamped at 1e-38 (an NLL of
 * 87.5) in the value; the gradient is exact regardless.
 */

/** Below this a target's probability is taken as 1e-38: an NLL of 87.5 instead of Infinity. */
export const MIN_PROBABILITY = 1e-38;

/** Row-wise softmax of `logits` [rows, cols] into `out` (max-shifted, float32 like XNNPACK's). */
export function softmaxRows(logits: Float32Array, cols: number, out: Float32Array): void {
  const rows = logits.length / cols;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) max = Math.max(max, logits[o + j]);
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(logits[o + j] - max);
      out[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) out[o + j] *= inv;
  }
}

/** Each row's NLL of its target, −ln max(p[t], 1e-38), read before p is overwritten. */
export function targetNll(
  p: Float32Array,
  targets: Int32Array,
  cols: number,
  nll: Float32Array,
): void {
  for (let r = 0; r < targets.length; r++) {
    nll[r] = -Math.log(Math.max(p[r * cols + checkTarget(targets[r], cols)], MIN_PROBABILITY));
  }
}

/**
 * p[r, j] ← w[r]·p[r, j] and colsum[j] += p[r, j], for columns `from` … cols − 1 (the SIMD
 * kernel does the columns before `from`; 0 here means all). colsum must start at 0.
 */
export function scaleRowsSumColumns(
  p: Float32Array,
  weights: Float32Array,
  cols: number,
  colsum: Float32Array,
  from = 0,
): void {
  for (let r = 0; r < weights.length; r++) {
    const o = r * cols;
    const w = weights[r];
    for (let j = from; j < cols; j++) {
      const d = p[o + j] * w;
      p[o + j] = d;
      colsum[j] += d;
    }
  }
}

/** The one-hot part: dLogits[r, t] −= w[r], and the same in its column's sum. */
export function subtractTargets(
  dLogits: Float32Array,
  targets: Int32Array,
  weights: Float32Array,
  cols: number,
  colsum: Float32Array,
): void {
  for (let r = 0; r < targets.length; r++) {
    const t = targets[r];
    dLogits[r * cols + t] -= weights[r];
    colsum[t] -= weights[r];
  }
}

function checkTarget(t: number, cols: number): number {
  if (!(t >= 0 && t < cols)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `softmax cross-entropy: target id ${t} is outside the ${cols} classes (0…${cols - 1})`,
    );
  }
  return t;
}
