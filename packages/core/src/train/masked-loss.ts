import * as tf from '../tf';

/**
 * Categorical cross-entropy over padded sequences: positions whose target row is all zeros
 * (padding) count for nothing — not in the numerator, not in the denominator. Use as a
 * compile() loss for [batch, time, classes] softmax outputs with one-hot targets.
 */
export function maskedCategoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const eps = 1e-7;
    const perPosition = tf.neg(
      tf.sum(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, eps, 1 - eps))), -1),
    );
    const mask = tf.sum(yTrue, -1);
    return tf.div(tf.sum(tf.mul(perPosition, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}

/**
 * Sparse softmax cross-entropy from logits with an explicit 0/1 mask (same shape as labels):
 * mean negative log-likelihood per real token. For custom training steps.
 */
export function maskedSparseSoftmaxCrossEntropy(
  labels: tf.Tensor,
  logits: tf.Tensor,
  mask: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[logits.shape.length - 1];
    const logProbs = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.cast(labels, 'int32'), classes)), -1);
    const m = tf.cast(mask, 'float32');
    return tf.div(tf.neg(tf.sum(tf.mul(picked, m))), tf.maximum(tf.sum(m), 1)) as tf.Scalar;
  });
}
