import { tf } from '@dl/core';
import type { LmLossReduction } from './config';

/**
 * How much larger the gradient of `reduction`'s objective is than that of the mean NLL over a
 * batch's real tokens: 1 for 'mean'; real tokens ÷ rows for 'sum-over-time' (Σ NLL / rows
 * against Σ NLL / tokens) — `steps` for a full window, fewer for a short last window or a
 * padded row.
 */
export function gradientScale(
  reduction: LmLossReduction,
  batch: { mask: Float32Array; batch: number },
): number {
  if (reduction === 'mean') return 1;
  let tokens = 0;
  for (let i = 0; i < batch.mask.length; i++) tokens += batch.mask[i];
  return tokens / batch.batch;
}

/**
 * `x` itself, with its gradient multiplied by `k`: the value stays the per-token mean (what the
 * training loss and its perplexity report) while the optimizer and the clipping see the
 * gradient of the objective `lossReduction` names.
 */
export function scaleGradient(x: tf.Scalar, k: number): tf.Scalar {
  if (k === 1) return x;
  const scaled = tf.customGrad(((v: tf.Scalar, save: tf.GradSaveFunc) => {
    save([]);
    return { value: tf.clone(v), gradFunc: (dy: tf.Tensor) => tf.mul(dy, k) };
  }) as never) as (v: tf.Scalar) => tf.Scalar;
  return scaled(x);
}

/** A batch's training objective from its mean NLL: gradient scaled as `reduction` says. */
export function lmObjective(
  meanNll: tf.Scalar,
  batch: { mask: Float32Array; batch: number },
  reduction: LmLossReduction,
): tf.Scalar {
  return scaleGradient(meanNll, gradientScale(reduction, batch));
}
