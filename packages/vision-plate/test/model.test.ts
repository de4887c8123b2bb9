import { initBackend, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlateSeedModel, synthPrototypeGlyphs } from '../src';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('buildPlateSeedModel', () => {
  it('has the seed parameter count, layer by layer (SEEDS.md §1)', () => {
    const m = buildPlateSeedModel({ classes: 31 });
    expect(m.countParams()).toBe(1_655_519);
    const perLayer = m.layers.map((l) => l.countParams()).filter((n) => n > 0);
    expect(perLayer).toEqual([160, 544, 1_638_912, 15_903]);
    expect(m.outputs[0].shape).toEqual([null, 31]);
    m.dispose();
  });

  it('learns stroke prototypes on wasm (held-out accuracy ≥ 0.9)', async () => {
    const train = synthPrototypeGlyphs({ classes: 10, perClass: 60, seed: 1 });
    const test = synthPrototypeGlyphs({ classes: 10, perClass: 20, seed: 1, sampleSeed: 99 });
    const m = buildPlateSeedModel({ classes: 10, learningRate: 1e-3 });
    const h = await m.fit(train.xs, train.ys, {
      epochs: 6,
      batchSize: 32,
      shuffle: true,
      verbose: 0,
    });
    const losses = h.history.loss as number[];
    expect(losses.at(-1)!).toBeLessThan(losses[0]);
    const [, acc] = m.evaluate(test.xs, test.ys) as tf.Scalar[];
    expect(acc.dataSync()[0]).toBeGreaterThanOrEqual(0.9);
    tf.dispose([train.xs, train.ys, test.xs, test.ys]);
    m.dispose();
  });
});
