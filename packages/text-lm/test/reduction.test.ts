import { clipByGlobalNorm, initBackend, Rng, tf, withSeededRandom } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lmConfig } from '../src/config';
import { synthLmCorpus } from '../src/grammar';
import { maskedSoftmaxNll } from '../src/loss';
import { buildLmModel, lmParams, lmVariables } from '../src/model';
import { gradientScale, lmObjective } from '../src/reduction';
import { encodeSplit } from '../src/sequences';
import { lmTrainingStep } from '../src/step';
import { LmVocabulary } from '../src/vocabulary';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

// A batch of 2 rows × 2 time steps over 3 words, time-major (position t·2 + b):
//   p0 [0, 0, ln 2]  → softmax [¼, ¼, ½],  target 2: NLL ln 2,    softmax − onehot [¼, ¼, −½]
//   p1 [ln 3, 0, 0]  → [⅗, ⅕, ⅕],          target 1: NLL ln 5,    [⅗, −⅘, ⅕]
//   p2 [0, 0, 0]     → [⅓, ⅓, ⅓],          target 0: NLL ln 3,    [−⅔, ⅓, ⅓]
//   p3 [ln 4, 0, 0]  → [⅔, ⅙, ⅙],          target 0: NLL ln 3/2,  [−⅓, ⅙, ⅙]
const logits = () =>
  tf.tensor2d([
    [0, 0, Math.LN2],
    [Math.log(3), 0, 0],
    [0, 0, 0],
    [Math.log(4), 0, 0],
  ]);
const targets = [2, 1, 0, 0];
const softmaxMinusOnehot = [
  [1 / 4, 1 / 4, -1 / 2],
  [3 / 5, -4 / 5, 1 / 5],
  [-2 / 3, 1 / 3, 1 / 3],
  [-1 / 3, 1 / 6, 1 / 6],
];
const nlls = [Math.LN2, Math.log(5), Math.log(3), Math.log(3 / 2)];

/** The objective's value and its gradient in the logits, for a mask and a reduction. */
function objective(mask: number[], reduction: 'sum-over-time' | 'mean') {
  const batch = { mask: Float32Array.from(mask), batch: 2 };
  const f = (x: tf.Tensor) =>
    lmObjective(
      maskedSoftmaxNll(
        x as tf.Tensor2D,
        tf.tensor1d(targets, 'int32'),
        tf.tensor1d(batch.mask, 'float32'),
      ),
      batch,
      reduction,
    );
  const { value, grad } = tf.valueAndGrad(f)(logits());
  return { value: value.dataSync()[0], grad: grad.arraySync() as number[][] };
}

const expectRows = (got: number[][], want: number[][]) =>
  want.forEach((row, i) => row.forEach((v, j) => expect(got[i][j]).toBeCloseTo(v, 6)));

describe('lossReduction, on a hand-computed batch', () => {
  it("'sum-over-time' (Zaremba, the TF tutorial): gradient of Σ NLL / rows = (softmax − onehot) / 2", () => {
    const { value, grad } = objective([1, 1, 1, 1], 'sum-over-time');
    // The reported value is still the mean per token: ln(2·5·3·1.5) / 4 = ln 45 / 4.
    expect(value).toBeCloseTo(Math.log(45) / 4, 6);
    expect(nlls.reduce((a, b) => a + b) / 4).toBeCloseTo(Math.log(45) / 4, 12);
    expectRows(
      grad,
      softmaxMinusOnehot.map((r) => r.map((v) => v / 2)),
    );
  });

  it("'mean' (Keras, PyTorch's word_language_model): (softmax − onehot) / 4, one steps-th of it", () => {
    const { value, grad } = objective([1, 1, 1, 1], 'mean');
    expect(value).toBeCloseTo(Math.log(45) / 4, 6);
    expectRows(
      grad,
      softmaxMinusOnehot.map((r) => r.map((v) => v / 4)),
    );
  });

  it('padding counts in neither: 3 real tokens over 2 rows scale the mean gradient by 3/2', () => {
    const mask = [1, 1, 1, 0];
    expect(gradientScale('sum-over-time', { mask: Float32Array.from(mask), batch: 2 })).toBe(1.5);
    expect(gradientScale('mean', { mask: Float32Array.from(mask), batch: 2 })).toBe(1);
    const sum = objective(mask, 'sum-over-time');
    const mean = objective(mask, 'mean');
    // Value: (ln 2 + ln 5 + ln 3) / 3 = ln 30 / 3 either way.
    expect(sum.value).toBeCloseTo(Math.log(30) / 3, 6);
    expect(mean.value).toBeCloseTo(Math.log(30) / 3, 6);
    const real = softmaxMinusOnehot.map((r, i) => (mask[i] ? r : [0, 0, 0]));
    expectRows(
      sum.grad,
      real.map((r) => r.map((v) => v / 2)),
    );
    expectRows(
      mean.grad,
      real.map((r) => r.map((v) => v / 3)),
    );
  });

  it('the defaults: sum-over-time, seed mean; anything else is refused', () => {
    expect(lmConfig('default').lossReduction).toBe('sum-over-time');
    expect(lmConfig('seed').lossReduction).toBe('mean');
    expect(() => lmConfig('default', { lossReduction: 'sum' as 'mean' })).toThrow(
      /lossReduction must be 'sum-over-time' or 'mean', got 'sum'/,
    );
  });
});

describe('lossReduction in the training step', () => {
  const data = synthLmCorpus({ train: 60, validation: 10, test: 10, seed: 2 });
  const vocab = LmVocabulary.fromSentences(data.train.sentences);
  const split = encodeSplit(data.train, vocab);

  /** The first batch's loss and gradients from the same initial weights. */
  function firstStep(lossReduction: 'sum-over-time' | 'mean') {
    const config = lmConfig('default', { units: 8, embeddingDim: 8, steps: 5, batchSize: 4 });
    const model = withSeededRandom(new Rng(9), () =>
      buildLmModel({ vocabSize: vocab.size, units: 8, embeddingDim: 8 }),
    );
    const p = lmParams(model);
    const step = lmTrainingStep(p, split, { ...config, lossReduction }, new Rng(1));
    return (async () => {
      const it = step.batches(0);
      const batch = (await it.next()).value!;
      const variables = lmVariables(p);
      const { value, grads } = tf.variableGrads(() => step.loss(batch), variables);
      // Keyed by position: two models' variables have different names.
      const inOrder = (m: tf.NamedTensorMap) =>
        variables.map((v) => Array.from(m[v.name].dataSync()));
      const out = {
        loss: value.dataSync()[0],
        grads: inOrder(grads),
        // lr 1 with clip c on sum-over-time ≡ lr steps (5) with clip c / steps on the mean (as
        // lr 1, clip 5 ≡ lr 20, clip 0.25 at 20 steps); c = 0.5 here, so that clipping acts.
        update: inOrder(clipByGlobalNorm(grads, lossReduction === 'mean' ? 0.1 : 0.5)).map((g) =>
          g.map((v) => (lossReduction === 'mean' ? 5 * v : v)),
        ),
      };
      await it.return(undefined);
      step.dispose();
      model.dispose();
      return out;
    })();
  }

  it("same loss; 'sum-over-time' gradients are exactly steps (5) × 'mean''s, clipped steps agree", async () => {
    const sum = await firstStep('sum-over-time');
    const mean = await firstStep('mean');
    expect(sum.loss).toBeCloseTo(mean.loss, 6);
    let norm = 0;
    for (const [k, g] of mean.grads.entries()) {
      const s = sum.grads[k];
      g.forEach((v, i) => expect(s[i]).toBeCloseTo(5 * v, 5));
      norm += g.reduce((a, v) => a + v * v, 0);
    }
    expect(norm).toBeGreaterThan(0);
    // Clipping acts (the point of the recipe): the mean's global norm exceeds 0.5 / 5.
    expect(Math.sqrt(norm)).toBeGreaterThan(0.1);
    for (const [k, u] of sum.update.entries()) {
      u.forEach((v, i) => expect(v).toBeCloseTo(mean.update[k][i], 5));
    }
  });
});
