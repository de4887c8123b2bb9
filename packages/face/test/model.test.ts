import { initBackend, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFaceModel, buildFaceSeedModel } from '../src/model';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

/** A 3×3 convolution's weights and biases. */
const conv = (cin: number, cout: number) => 3 * 3 * cin * cout + cout;
const dense = (nin: number, nout: number) => nin * nout + nout;

describe('buildFaceSeedModel', () => {
  it('is SEEDS.md §6 layer for layer: 435,504 parameters on 42×42×3 with 16 people', () => {
    const model = buildFaceSeedModel({ classes: 16 });
    // 'valid' 3×3 convolutions: 42 → 40 → 38, pool 19 → 17 → 15, pool 7 → 5 → 3, pool 1
    const byHand =
      conv(3, 32) +
      conv(32, 32) +
      conv(32, 64) +
      conv(64, 64) +
      conv(64, 128) +
      conv(128, 128) +
      dense(1 * 1 * 128, 1024) +
      dense(1024, 16);
    expect(byHand).toBe(435_504);
    expect(model.countParams()).toBe(byHand);
    expect(model.inputs[0].shape).toEqual([null, 42, 42, 3]);
    expect(model.outputs[0].shape).toEqual([null, 16]);
    const kinds = model.layers.map((l) => l.getClassName());
    expect(kinds).toEqual([
      ...['Conv2D', 'Conv2D', 'MaxPooling2D', 'Dropout'],
      ...['Conv2D', 'Conv2D', 'MaxPooling2D', 'Dropout'],
      ...['Conv2D', 'Conv2D', 'MaxPooling2D', 'Dropout'],
      ...['Flatten', 'Dense', 'Dropout', 'Dense'],
    ]);
    const rates = model.layers
      .filter((l) => l.getClassName() === 'Dropout')
      .map((l) => (l.getConfig() as { rate: number }).rate);
    expect(rates).toEqual([0.2, 0.2, 0.2, 0.5]);
    expect(model.optimizer).toBeUndefined();
    model.dispose();
  });
});

describe('buildFaceModel', () => {
  it('uses BatchNorm, global pooling and softmax, uncompiled', () => {
    const model = buildFaceModel({ classes: 15 });
    const kinds = model.layers.map((l) => l.getClassName());
    expect(kinds.filter((k) => k === 'BatchNormalization')).toHaveLength(6);
    expect(kinds).toContain('GlobalAveragePooling2D');
    expect(model.inputs[0].shape).toEqual([null, 64, 64, 1]);
    const out = tf.tidy(() =>
      (model.predict(tf.zeros([2, 64, 64, 1])) as tf.Tensor).sum(1).arraySync(),
    );
    expect((out as number[]).map((v) => Number(v.toFixed(5)))).toEqual([1, 1]);
    expect(model.optimizer).toBeUndefined();
    model.dispose();
  });

  it('refuses fewer than two people', () => {
    expect(() => buildFaceModel({ classes: 1 })).toThrow(/classes must be an integer ≥ 2/);
  });
});
