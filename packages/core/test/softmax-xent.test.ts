import { beforeAll, describe, expect, it } from 'vitest';
import {
  registerSoftmaxCrossEntropyKernels,
  softmaxCrossEntropy,
} from '../src/backend/softmax-xent';
import * as tf from '../src/tf';
import { loadBothBackends, randomValues, relError } from './helpers/parity';

beforeAll(async () => {
  await loadBothBackends();
  registerSoftmaxCrossEntropyKernels();
});

/** The same quantities op by op: NLL, and the gradient of Σ weights·nll by autodiff. */
function reference(logits: tf.Tensor2D, targets: tf.Tensor1D, weights: tf.Tensor1D) {
  const classes = logits.shape[1];
  const loss = (x: tf.Tensor) => {
    const picked = tf.sum(tf.mul(tf.logSoftmax(x), tf.oneHot(targets, classes).toFloat()), 1);
    return tf.sum(tf.mul(tf.neg(picked), weights)) as tf.Scalar;
  };
  const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(targets, classes)), 1));
  const dLogits = tf.grad(loss)(logits);
  return { nll, dLogits, dBias: tf.sum(dLogits, 0) };
}

describe.each(['cpu', 'wasm'] as const)('fused softmax cross-entropy on %s', (backend) => {
  it('hand values: logits [0, 0, ln 2] → softmax [¼, ¼, ½]; target 2, weight ½', async () => {
    await tf.setBackend(backend);
    const out = softmaxCrossEntropy(
      tf.tensor2d([[0, 0, Math.LN2]]),
      tf.tensor1d([2], 'int32'),
      tf.tensor1d([0.5]),
    );
    expect(out.nll.dataSync()[0]).toBeCloseTo(Math.LN2, 6);
    // ½·([¼, ¼, ½] − [0, 0, 1]); one row, so the bias gradient is the same row.
    for (const t of [out.dLogits, out.dBias]) {
      expect(Array.from(t.dataSync())).toEqual([
        expect.closeTo(0.125, 6),
        expect.closeTo(0.125, 6),
        expect.closeTo(-0.25, 6),
      ]);
    }
  });

  // 10,003 classes: the SIMD part (multiples of 4) and the three columns JavaScript finishes; 2 classes: all JavaScript.
  it.each([
    [7, 10003],
    [5, 12],
    [3, 2],
  ])(
    'matches softmax → NLL → autodiff on %i × %i, weights and a zero-weight row',
    async (rows, cols) => {
      await tf.setBackend(backend);
      const logits = tf
        .tensor2d(randomValues([rows, cols], 11), [rows, cols])
        .mul(4) as tf.Tensor2D;
      const ids = Int32Array.from({ length: rows }, (_, r) => (r * 7919) % cols);
      const targets = tf.tensor1d(ids, 'int32');
      const w = Float32Array.from({ length: rows }, (_, r) => (r === 1 ? 0 : (r + 1) / 10));
      const weights = tf.tensor1d(w);
      const ref = reference(logits, targets, weights);
      const out = softmaxCrossEntropy(logits, targets, weights);
      expect(out.dLogits.shape).toEqual([rows, cols]);
      expect(relError(out.nll.dataSync(), ref.nll.dataSync())).toBeLessThan(1e-5);
      expect(relError(out.dLogits.dataSync(), ref.dLogits.dataSync())).toBeLessThan(1e-5);
      expect(relError(out.dBias.dataSync(), ref.dBias.dataSync())).toBeLessThan(1e-5);
      if (rows > 1) {
        // A row of weight 0 has no gradient.
        expect(
          Math.max(...Array.from(out.dLogits.dataSync().slice(cols, 2 * cols), Math.abs)),
        ).toBe(0);
      }
    },
  );

  it('an underflowed target probability: NLL clamped at −ln 1e-38, gradient still exact', async () => {
    await tf.setBackend(backend);
    const out = softmaxCrossEntropy(
      tf.tensor2d([[1000, 0, -1000]]),
      tf.tensor1d([2], 'int32'),
      tf.tensor1d([1]),
    );
    expect(out.nll.dataSync()[0]).toBeCloseTo(-Math.log(1e-38), 3);
    expect(Array.from(out.dLogits.dataSync())).toEqual([1, 0, -1]);
  });

  it('refuses a target outside the classes and mismatched shapes, saying what it got', async () => {
    await tf.setBackend(backend);
    expect(() =>
      softmaxCrossEntropy(tf.zeros([2, 3]), tf.tensor1d([0, 3], 'int32'), tf.ones([2])),
    ).toThrow(/target id 3 is outside the 3 classes/);
    expect(() =>
      softmaxCrossEntropy(tf.zeros([2, 3]), tf.tensor1d([0], 'int32'), tf.ones([2])),
    ).toThrow(/targets and weights \[rows\]; got logits \[2,3\], targets \[1\]/);
  });
});
