import { softmaxCrossEntropy, softmaxCrossEntropyAvailable, tf } from '@dl/core';
import { lmLogits } from './forward';
import { maskedSoftmaxNll } from './loss';
import type { LmParams } from './model';

/**
 * The training step's output layer and loss as one op: logits = hidden·W + b, then @dl/core's
 * fused softmax cross-entropy, which returns each row's NLL and dLogits = (softmax − onehot)·
 * mask/Σmask in one pass (on wasm the softmax's own buffer becomes dLogits). Backward: dW = hiddenᵀ·dLogits, dHidden = dLogits·Wᵀ, db = Σ dLogits — no
 * one-hot, no second [rows, vocab] tensor, no bias-gradient pass. The value is the mean NLL over
 * the real tokens, as maskedSoftmaxNll(lmLogits(…)); where the fused kernel is missing (another
 * backend) that is what runs.
 */
export function outputNll(
  p: LmParams,
  hidden: tf.Tensor2D,
  targets: tf.Tensor1D,
  mask: tf.Tensor1D,
): tf.Scalar {
  if (!softmaxCrossEntropyAvailable()) return maskedSoftmaxNll(lmLogits(p, hidden), targets, mask);
  // Tied: the softmax weights are the embedding [vocab, units], used transposed.
  const kernel = p.tied ? p.embedding : p.outKernel;
  return fusedOutput(p.tied, targets, mask)(
    hidden,
    kernel as tf.Tensor2D,
    p.outBias as tf.Tensor1D,
  );
}

function fusedOutput(tied: boolean, targets: tf.Tensor1D, mask: tf.Tensor1D) {
  return tf.customGrad(((
    hidden: tf.Tensor2D,
    kernel: tf.Tensor2D,
    bias: tf.Tensor1D,
    save: tf.GradSaveFunc,
  ) => {
    // The weights as [vocab, units], transposed once for both products that need them so: the
    // logits (@dl/core's swapped plan) and dHidden (which then packs them without a transpose).
    const wT = tied ? kernel : (tf.transpose(kernel) as tf.Tensor2D);
    // Not tf.fused.matMul with the bias: that product packs the new [units, vocab] weights every
    // step, ~25% slower here than @dl/core's swapped plan plus one bias pass.
    const logits = tf.add(tf.matMul(hidden, wT, false, true), bias) as tf.Tensor2D;
    const weights = tf.div(mask, tf.maximum(tf.sum(mask), 1));
    const { nll, dLogits, dBias } = softmaxCrossEntropy(logits, targets, weights);
    logits.dispose();
    save([hidden, wT, dLogits, dBias]);
    return {
      value: tf.sum(tf.mul(nll, weights)) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [h, w, dL, db] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        // dy is a scalar: applied to the small operands, never to the [rows, vocab] one.
        const hScaled = tf.mul(h, dy) as tf.Tensor2D;
        return [
          tf.mul(tf.matMul(dL, w), dy),
          tied ? tf.matMul(dL, hScaled, true, false) : tf.matMul(hScaled, dL, true, false),
          tf.mul(db, dy),
        ];
      },
    };
  }) as never) as (hidden: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Scalar;
}
