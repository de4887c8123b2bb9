import { initBackend, Rng, softmaxCrossEntropyAvailable, tf, withSeededRandom } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lmLogits } from '../src/forward';
import { maskedSoftmaxNll } from '../src/loss';
import { buildLmModel, lmParams } from '../src/model';
import { outputNll } from '../src/output';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

/** max |a − b| / max |b|. */
function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

describe.each([false, true])('fused output layer + loss (tied %s)', (tied) => {
  it('equals maskedSoftmaxNll(lmLogits(…)): value and gradients in hidden, weights and bias', () => {
    expect(softmaxCrossEntropyAvailable()).toBe(true);
    const vocab = 103; // not a multiple of 4: the kernel's vector part and its tail
    const model = withSeededRandom(new Rng(4), () =>
      buildLmModel({ vocabSize: vocab, units: 6, embeddingDim: 6, layers: 1 }),
    );
    const p = lmParams(model, { tied });
    // A non-zero bias, so that its place in the product is checked too.
    p.outBias.assign(tf.randomNormal([vocab], 0, 1, 'float32', 5));
    const rows = 12;
    const hidden = tf.randomNormal([rows, 6], 0, 2, 'float32', 6) as tf.Tensor2D;
    const targets = tf.tensor1d(
      Array.from({ length: rows }, (_, r) => (r * 37) % vocab),
      'int32',
    );
    const mask = tf.tensor1d(Array.from({ length: rows }, (_, r) => (r % 5 === 4 ? 0 : 1)));
    const weight = tied ? p.embedding : p.outKernel;
    const withHidden = (nll: (h: tf.Tensor2D) => tf.Scalar) => {
      const h = tf.variable(hidden);
      const { value, grads: g } = tf.variableGrads(() => nll(h), [h, weight, p.outBias]);
      const out = {
        value: value.dataSync()[0],
        hidden: g[h.name].dataSync(),
        weight: g[weight.name].dataSync(),
        bias: g[p.outBias.name].dataSync(),
      };
      h.dispose();
      return out;
    };
    const fused = withHidden((h) => outputNll(p, h, targets, mask));
    const reference = withHidden((h) => maskedSoftmaxNll(lmLogits(p, h), targets, mask));
    expect(fused.value).toBeCloseTo(reference.value, 5);
    for (const k of ['hidden', 'weight', 'bias'] as const) {
      expect(relError(fused[k], reference[k]), k).toBeLessThan(1e-5);
    }
    model.dispose();
  });
});
