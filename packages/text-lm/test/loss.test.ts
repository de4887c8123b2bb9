import { initBackend, perplexity, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskedSoftmaxNll, tokenNll } from '../src/loss';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

// 3 positions × 3 classes. Row 0: logits [0, 0, ln 2] → softmax [¼, ¼, ½]; target 2 → NLL ln 2.
// Row 1: [ln 3, 0, 0] → [⅗, ⅕, ⅕]; target 1 → NLL ln 5. Row 2 is padding (mask 0): its
// target 0 has probability ⅓ and must not count.
const logits = () =>
  tf.tensor2d([
    [0, 0, Math.LN2],
    [Math.log(3), 0, 0],
    [0, 0, 0],
  ]);
const targets = () => tf.tensor1d([2, 1, 0], 'int32');
const mask = () => tf.tensor1d([1, 1, 0]);

describe('masked softmax NLL and perplexity, by hand', () => {
  it('loss = mean NLL over real tokens only: (ln 2 + ln 5) / 2; perplexity √10', () => {
    const loss = maskedSoftmaxNll(logits(), targets(), mask()).dataSync()[0];
    expect(loss).toBeCloseTo((Math.LN2 + Math.log(5)) / 2, 6);
    expect(Math.exp(loss)).toBeCloseTo(Math.sqrt(10), 5);
    // Counting the padding would give exp((ln 2 + ln 5 + ln 3) / 3) = 30^(1/3) instead.
    const all = maskedSoftmaxNll(logits(), targets(), tf.ones([3]) as tf.Tensor1D).dataSync()[0];
    expect(Math.exp(all)).toBeCloseTo(30 ** (1 / 3), 5);
  });

  it('per-token NLL and argmax feed core perplexity with the mask as weights', () => {
    const { nll: v, argmax } = tokenNll(logits(), targets());
    expect(v[0]).toBeCloseTo(Math.LN2, 6);
    expect(v[1]).toBeCloseTo(Math.log(5), 6);
    expect(v[2]).toBeCloseTo(Math.log(3), 6);
    expect(Array.from(argmax)).toEqual([2, 0, 0]);
    expect(perplexity(v, { weights: [1, 1, 0] })).toBeCloseTo(Math.sqrt(10), 5);
  });

  it('its written-out gradient is (softmax − onehot)·mask/Σmask, autodiff’s value; padding gets 0', () => {
    const ours = tf.grad((x: tf.Tensor) => maskedSoftmaxNll(x as tf.Tensor2D, targets(), mask()))(
      logits(),
    );
    const auto = tf.grad((x: tf.Tensor) => {
      const picked = tf.sum(tf.mul(tf.logSoftmax(x), tf.oneHot(targets(), 3).toFloat()), 1);
      return tf.div(tf.neg(tf.sum(tf.mul(picked, mask()))), tf.sum(mask()));
    })(logits());
    const o = ours.arraySync() as number[][];
    const a = auto.arraySync() as number[][];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(o[i][j]).toBeCloseTo(a[i][j], 6);
    // Row 0 by hand: ([¼, ¼, ½] − [0, 0, 1]) / 2.
    expect(o[0]).toEqual([
      expect.closeTo(0.125, 6),
      expect.closeTo(0.125, 6),
      expect.closeTo(-0.25, 6),
    ]);
    expect(o[2].map(Math.abs)).toEqual([0, 0, 0]);
  });

  it('large logits: no overflow; evaluation recomputes an underflowed probability exactly', () => {
    const big = () =>
      tf.tensor2d([
        [1000, 0, -1000],
        [3, 1, 2],
      ]);
    const t = () => tf.tensor1d([1, 0], 'int32');
    // Training loss: p(target) = e^−1000 underflows float32 and is clamped at 1e-38 (NLL 87.5);
    // the gradient stays softmax − onehot.
    const loss = maskedSoftmaxNll(big(), t(), tf.tensor1d([1, 0]));
    expect(loss.dataSync()[0]).toBeCloseTo(-Math.log(1e-38), 3);
    const g = tf.grad((x: tf.Tensor) =>
      maskedSoftmaxNll(x as tf.Tensor2D, t(), tf.tensor1d([1, 0])),
    )(big());
    expect(Array.from(g.dataSync().slice(0, 3))).toEqual([1, -1, expect.closeTo(0, 12)]);
    // Evaluation: exactly 1000 − 0 for row 0; row 1 is ln(e³ + e + e²) − 3.
    const { nll } = tokenNll(big(), t());
    expect(nll[0]).toBeCloseTo(1000, 3);
    expect(nll[1]).toBeCloseTo(Math.log(Math.exp(3) + Math.exp(1) + Math.exp(2)) - 3, 6);
  });
});
