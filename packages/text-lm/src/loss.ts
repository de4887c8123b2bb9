import { tf } from '@dl/core';

/**
 * Mean negative log-likelihood (nats) of the target ids under softmax(logits), over the rows
 * whose mask is 1 — padding counts for nothing. Its gradient is written out, (softmax − onehot)
 * · mask / Σmask, instead of taken through logSoftmax and a gather: the [rows, vocab] softmax is
 * the largest tensor of a step and this makes a third fewer passes over it.
 */
export const maskedSoftmaxNll: (
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  mask: tf.Tensor1D,
) => tf.Scalar = tf.customGrad(((
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  mask: tf.Tensor1D,
  save: tf.GradSaveFunc,
) => {
  const [rows, vocab] = logits.shape;
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  const exp = tf.exp(shifted);
  const sum = tf.sum(exp, 1, true);
  const flat = tf.add(tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(vocab, 'int32')), targets);
  const picked = tf.gather(tf.reshape(shifted, [-1]), flat);
  const nll = tf.sub(tf.reshape(tf.log(sum), [-1]), picked);
  const count = tf.maximum(tf.sum(mask), 1);
  const weights = tf.div(mask, count);
  save([exp, sum, targets, weights]);
  return {
    value: tf.sum(tf.mul(nll, weights)) as tf.Scalar,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [e, s, t, w] = saved;
      const softmax = tf.div(e, s);
      const grad = tf.mul(
        tf.sub(softmax, tf.oneHot(t as tf.Tensor1D, vocab, 1, 0, 'float32')),
        tf.mul(tf.reshape(w, [-1, 1]), dy),
      );
      return [grad, tf.zerosLike(t), tf.zerosLike(w)];
    },
  };
}) as never);

/**
 * Per-row negative log-likelihood (nats) of each target and the top-1 prediction, for
 * evaluation (no gradient). Both [rows].
 */
export function tokenNll(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
): { nll: tf.Tensor1D; argmax: tf.Tensor1D } {
  return tf.tidy(() => {
    const [rows, vocab] = logits.shape;
    const logProbs = tf.logSoftmax(logits);
    const flat = tf.add(tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(vocab, 'int32')), targets);
    const nll = tf.neg(tf.gather(tf.reshape(logProbs, [-1]), flat)) as tf.Tensor1D;
    return { nll, argmax: tf.argMax(logits, 1) as tf.Tensor1D };
  });
}
