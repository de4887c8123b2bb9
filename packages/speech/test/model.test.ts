import { initBackend, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES, featureShape, SEED_FEATURES } from '../src/features';
import {
  buildSpeechModel,
  buildSpeechSeedModel,
  softmaxCrossEntropyFromLogits,
} from '../src/model';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

describe('buildSpeechSeedModel', () => {
  it('has the parameter count of three Conv1D(32) branches, Dense(128) and softmax', () => {
    const model = buildSpeechSeedModel({ inputShape: featureShape(SEED_FEATURES) }); // [16, 20]
    // branches: k·20·32 + 32 for k = 3, 5, 7 → 1,952 + 3,232 + 4,512 = 9,696
    // hidden: (16 frames · 96 channels) · 128 + 128 = 196,736; output: 128 · 10 + 10 = 1,290
    expect(model.countParams()).toBe(9_696 + 196_736 + 1_290);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    // the padded branches line up frame for frame before concatenation
    expect(model.getLayer('branches').outputShape).toEqual([null, 16, 96]);
    // it outputs logits, trained with softmax cross-entropy from logits as the original
    expect(model.outputs[0].sourceLayer.getConfig().activation).toBe('linear');
    model.dispose();
  });

  it('trains from logits: the loss keeps its gradient where a clipped softmax loss has none', () => {
    const y = tf.tensor2d([[0, 1]]);
    // −log(e^ln3 / (1 + e^ln3)) = −log(3/4)
    const small = softmaxCrossEntropyFromLogits(y, tf.tensor2d([[0, Math.log(3)]]));
    expect(small.dataSync()[0]).toBeCloseTo(-Math.log(0.75), 5);
    // a confidently wrong logit of 1000 costs 1000 (Keras' clipped loss would stop at 16.1)
    const big = softmaxCrossEntropyFromLogits(y, tf.tensor2d([[1000, 0]]));
    expect(big.dataSync()[0]).toBeCloseTo(1000, 2);
    const g = tf.grad((l: tf.Tensor) => softmaxCrossEntropyFromLogits(y, l))(
      tf.tensor2d([[1000, 0]]),
    );
    expect(Array.from(g.dataSync())).toEqual([1, -1]); // softmax − one-hot
  });

  it('rejects inputs shorter than its widest kernel', () => {
    expect(() => buildSpeechSeedModel({ inputShape: [6, 20] })).toThrow(/needs ≥ 7 frames/);
    expect(() => buildSpeechSeedModel({ inputShape: [16, 0] })).toThrow(/feature rows/);
  });
});

describe('buildSpeechModel', () => {
  it('is four Conv1D+BatchNorm blocks, global pooling and softmax', () => {
    const model = buildSpeechModel({ inputShape: featureShape(DEFAULT_FEATURES) }); // [101, 40]
    // conv (no bias) + BN (γ, β, mean, variance): 5·40·64 + 4·64, 3·64·64 + 4·64,
    // 3·64·128 + 4·128, 3·128·128 + 4·128; dense 128·10 + 10
    const expected =
      5 * 40 * 64 + 256 + 3 * 64 * 64 + 256 + 3 * 64 * 128 + 512 + 3 * 128 * 128 + 512 + 1290;
    expect(model.countParams()).toBe(expected);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    // global pooling: any clip length works with the same weights' shapes
    const other = buildSpeechModel({ inputShape: [51, 40] });
    expect(other.countParams()).toBe(expected);
    model.dispose();
    other.dispose();
    expect(() => buildSpeechModel({ inputShape: [4, 40] })).toThrow(/≥ 8 frames/);
  });

  it('takes its dropout rate as an option (default 0.3)', () => {
    const rateOf = (m: tf.LayersModel) =>
      m.layers.find((l) => l.getClassName() === 'Dropout')?.getConfig().rate;
    const standard = buildSpeechModel({ inputShape: [101, 40] });
    const custom = buildSpeechModel({ inputShape: [101, 40], dropout: 0.1 });
    expect(rateOf(standard)).toBe(0.3);
    expect(rateOf(custom)).toBe(0.1);
    standard.dispose();
    custom.dispose();
    expect(() => buildSpeechModel({ inputShape: [101, 40], dropout: 1 })).toThrow(/dropout/);
  });
});

describe('both builders', () => {
  it('return the model uncompiled: the trainer chooses optimizer and loss', () => {
    for (const model of [
      buildSpeechSeedModel({ inputShape: featureShape(SEED_FEATURES) }),
      buildSpeechModel({ inputShape: featureShape(DEFAULT_FEATURES) }),
    ]) {
      expect(model.optimizer).toBeUndefined();
      model.dispose();
    }
  });
});
