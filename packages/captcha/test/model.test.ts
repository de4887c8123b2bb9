import { initBackend, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildCaptchaModel,
  buildCaptchaSeedCnn,
  buildCaptchaSeedModel,
  ctcSteps,
} from '../src/model';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

/** Conv2D 3×3 (with bias) then BatchNorm (γ, β, moving mean and variance). */
const convBn = (cin: number, f: number) => 9 * cin * f + f + 4 * f;

describe('buildCaptchaSeedModel', () => {
  it("has the seed's 4,967,448 parameters at 6 × 36 on 60 × 200 × 3", () => {
    const model = buildCaptchaSeedModel();
    // four stages: Conv(valid)+BN → Conv(same)+BN with 64/128/256/512 filters
    const tower =
      convBn(3, 64) +
      convBn(64, 64) +
      convBn(64, 128) +
      convBn(128, 128) +
      convBn(128, 256) +
      convBn(256, 256) +
      convBn(256, 512) +
      convBn(512, 512);
    expect(tower).toBe(4_693_056);
    // GRU(128) on the 512 pooled features, reset_after: kernel, recurrent kernel, 2 bias rows
    const gru = 512 * 384 + 128 * 384 + 2 * 384;
    const headsParams = 6 * (128 * 36 + 36);
    expect(model.countParams()).toBe(tower + gru + headsParams);
    expect(model.countParams()).toBe(4_967_448);
    expect(model.outputNames).toEqual(['digit1', 'digit2', 'digit3', 'digit4', 'digit5', 'digit6']);
    expect(model.outputs.map((o) => o.shape)).toEqual(Array(6).fill([null, 36]));
    // the spatial path: 58×198 → 29×99 → 27×97 → 13×48 → 11×46 → 5×23 → 3×21
    expect(model.getLayer('conv4b').outputShape).toEqual([null, 3, 21, 512]);
    expect(model.getLayer('gru').outputShape).toEqual([null, 6, 128]);
    model.dispose();
  });

  it('sizes heads and classes from the options; its CNN stage shares the tower by name', () => {
    const opts = {
      input: { height: 50, width: 200, channels: 1 as const },
      length: 5,
      classes: 19,
    };
    const model = buildCaptchaSeedModel(opts);
    const cnn = buildCaptchaSeedCnn(opts);
    expect(model.outputs).toHaveLength(5);
    // the CNN stage: same tower, heads on the 512 pooled features
    const towerNames = model.layers.filter((l) => /^(conv|bn)/.test(l.name)).map((l) => l.name);
    expect(cnn.layers.filter((l) => /^(conv|bn)/.test(l.name)).map((l) => l.name)).toEqual(
      towerNames,
    );
    expect(cnn.outputs.map((o) => o.shape)).toEqual(Array(5).fill([null, 19]));
    expect(cnn.getLayer('digit1').countParams()).toBe(512 * 19 + 19);
    model.dispose();
    // each head reads its own GRU step: the heads differ (a small input keeps this quick)
    const small = buildCaptchaSeedModel({ ...opts, input: { height: 46, width: 60, channels: 1 } });
    const y = small.predict(tf.randomUniform([1, 46, 60, 1], 0, 1, 'float32', 3)) as tf.Tensor[];
    expect(y[0].shape).toEqual([1, 19]);
    expect(y[0].sub(y[4]).abs().max().dataSync()[0]).toBeGreaterThan(0);
    small.dispose();
    cnn.dispose();
  });

  it('rejects inputs too small for four valid convolutions', () => {
    expect(() => buildCaptchaSeedModel({ input: { height: 30, width: 200, channels: 3 } })).toThrow(
      /at least 46 × 46/,
    );
    expect(() => buildCaptchaSeedModel({ length: 0 })).toThrow(/length must be a positive integer/);
  });
});

describe('buildCaptchaModel (CTC)', () => {
  it('is a column-per-step CNN, BiGRU and charset + blank logits', () => {
    const model = buildCaptchaModel({ classes: 19 });
    // 128 px wide → 32 steps; 19 symbols + blank
    expect(model.outputs[0].shape).toEqual([null, ctcSteps(128), 20]);
    expect(ctcSteps(128)).toBe(32);
    const conv = (cin: number, f: number) => 9 * cin * f + 4 * f; // no bias, BN
    const cnn = conv(1, 24) + conv(24, 48) + conv(48, 96) + conv(96, 96);
    const projection = 4 * 96 * 128 + 128; // 32 px high → 4 rows of 96 channels per column
    const birnn = 2 * (128 * 192 + 64 * 192 + 2 * 192);
    const logits = 128 * 20 + 20;
    expect(model.countParams()).toBe(cnn + projection + birnn + logits);
    const lstm = buildCaptchaModel({ classes: 19, rnn: 'lstm' });
    expect(lstm.getLayer('birnn').countParams()).toBe(2 * (4 * 64 * (128 + 64) + 4 * 64));
    model.dispose();
    lstm.dispose();
  });
});
