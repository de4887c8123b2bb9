import { type Rng, tf } from '@dl/core';
import type { LmParams } from './model';

/**
 * Sampled softmax (Jean et al. 2015), to train with a cost that does not grow with the
 * vocabulary: each batch scores its targets against `count` ids drawn from a proposal Q instead
 * of the whole vocabulary, with every logit corrected by −log(expected count) so that the
 * estimate of the full softmax's gradient is consistent (TensorFlow's
 * `sampled_softmax_loss`, sampling with replacement). Only training changes: perplexity is
 * always measured with the full softmax.
 *
 * Proposal: log-uniform (Zipfian) over ids, Q(k) = ln((k+2)/(k+1)) / ln(V+1) — our vocabulary
 * is sorted by training frequency (after 4 special ids), which is what makes Zipf a good guess.
 */
export class LogUniformSampler {
  private readonly logRange: number;
  constructor(readonly vocabSize: number) {
    this.logRange = Math.log(vocabSize + 1);
  }
  /** Q(k). */
  probability(k: number): number {
    return Math.log((k + 2) / (k + 1)) / this.logRange;
  }
  /** `n` ids from Q, with replacement (inverse CDF: k = ⌊e^{u·ln(V+1)}⌋ − 1). */
  sample(n: number, rng: Rng): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = Math.floor(Math.exp(rng.next() * this.logRange)) - 1;
      out[i] = Math.min(this.vocabSize - 1, Math.max(0, k));
    }
    return out;
  }
}

/** Far below any real logit: an accidental hit (a sample equal to the row's target) drops out. */
const REMOVED = -1e9;

/**
 * Mean sampled-softmax negative log-likelihood over the rows whose mask is 1: row r's target
 * against the `sampled` ids, logits corrected by −ln(count·Q). Differentiable in the hidden
 * states and the output weights (only the gathered columns get gradient).
 */
export function sampledSoftmaxNll(
  p: LmParams,
  hidden: tf.Tensor2D,
  targets: Int32Array,
  mask: Float32Array,
  sampled: Int32Array,
  sampler: LogUniformSampler,
): tf.Scalar {
  const rows = targets.length;
  const count = sampled.length;
  const logExpected = (ids: Int32Array) =>
    Float32Array.from(ids, (k) => Math.log(count * sampler.probability(k)));
  // Accidental hits: row r's own target among the samples (positions by id: rows + samples
  // work, not rows × samples).
  const positions = new Map<number, number[]>();
  sampled.forEach((id, s) => {
    const at = positions.get(id);
    if (at) at.push(s);
    else positions.set(id, [s]);
  });
  const hits = new Float32Array(rows * count);
  for (let r = 0; r < rows; r++) {
    for (const s of positions.get(targets[r]) ?? []) hits[r * count + s] = REMOVED;
  }
  return tf.tidy(() => {
    const targetIds = tf.tensor1d(targets, 'int32');
    const sampledIds = tf.tensor1d(sampled, 'int32');
    // Output weights of the ids: [units, n] columns of the kernel, or (tied) [n, units] rows of
    // the embedding — each used in the layout it comes in.
    const weights = (ids: tf.Tensor1D) =>
      p.tied ? tf.gather(p.embedding, ids) : tf.gather(p.outKernel, ids, 1);
    const targetWeights = weights(targetIds);
    const trueLogit = tf
      .sum(tf.mul(hidden, p.tied ? targetWeights : tf.transpose(targetWeights)), 1)
      .add(tf.gather(p.outBias, targetIds))
      .sub(tf.tensor1d(logExpected(targets)));
    const sampledLogits = tf
      .matMul(hidden, weights(sampledIds), false, p.tied)
      .add(tf.gather(p.outBias, sampledIds))
      .sub(tf.tensor1d(logExpected(sampled)))
      .add(tf.tensor2d(hits, [rows, count]));
    const logits = tf.concat([tf.reshape(trueLogit, [rows, 1]), sampledLogits], 1);
    const nll = tf.sub(tf.logSumExp(logits, 1), trueLogit);
    const m = tf.tensor1d(mask);
    return tf.div(tf.sum(tf.mul(nll, m)), tf.maximum(tf.sum(m), 1)) as tf.Scalar;
  });
}
