import { initBackend, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MaxNormCallback } from '../src/max-norm';
import {
  buildTextCnnModel,
  buildTextCnnSeedModel,
  compileTextCnnModel,
  countTrainableParams,
} from '../src/model';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('buildTextCnnSeedModel', () => {
  it('has the seed parameter counts (SEEDS.md §3)', () => {
    const m = buildTextCnnSeedModel({
      vocabSize: 58_954,
      embeddingDim: 50,
      maxLen: 70,
      embeddings: new Float32Array(58_954 * 50),
    });
    expect(m.countParams()).toBe(2_951_872);
    expect(countTrainableParams(m)).toBe(4_172);
    const perLayer = m.layers.map((l) => l.countParams()).filter((n) => n > 0);
    expect(perLayer).toEqual([2_947_700, 3_020, 1_050, 102]);
    expect(m.outputs[0].shape).toEqual([null, 2]);
    m.dispose();
  });
});

describe('buildTextCnnModel (Kim 2014)', () => {
  const vocabSize = 40;
  const dim = 8;
  const vectors = Float32Array.from({ length: vocabSize * dim }, (_, i) => Math.sin(i));

  it('rand: widths 3,4,5 × 100 maps, everything trainable', () => {
    const m = buildTextCnnModel({ variant: 'rand', vocabSize, embeddingDim: dim, maxLen: 20 });
    const conv = [3, 4, 5].reduce((n, w) => n + w * dim * 100 + 100, 0);
    expect(m.countParams()).toBe(vocabSize * dim + conv + 300 * 2 + 2);
    expect(countTrainableParams(m)).toBe(m.countParams());
    m.dispose();
  });

  it('static freezes the pretrained vectors, non-static trains them', () => {
    const s = buildTextCnnModel({ variant: 'static', vocabSize, maxLen: 20, embeddings: vectors });
    const n = buildTextCnnModel({
      variant: 'non-static',
      vocabSize,
      maxLen: 20,
      embeddings: vectors,
    });
    expect(s.countParams()).toBe(n.countParams());
    expect(countTrainableParams(n) - countTrainableParams(s)).toBe(vocabSize * dim);
    expect(s.getLayer('embedding').getWeights()[0].dataSync()).toEqual(vectors);
    s.dispose();
    n.dispose();
  });

  it('multichannel: a frozen and a tuned channel sharing each filter', () => {
    const m = buildTextCnnModel({
      variant: 'multichannel',
      vocabSize,
      maxLen: 20,
      embeddings: vectors,
      filters: 10,
    });
    const conv = [3, 4, 5].reduce((n, w) => n + w * dim * 10 + 10, 0);
    expect(m.countParams()).toBe(2 * vocabSize * dim + conv + 30 * 2 + 2);
    expect(countTrainableParams(m)).toBe(vocabSize * dim + conv + 62);
    const out = m.predict(tf.zeros([2, 20], 'int32')) as tf.Tensor;
    expect(out.shape).toEqual([2, 2]);
    out.dispose();
    m.dispose();
  });

  it('holds the output weight vectors to max-norm 3 after every update', async () => {
    const m = compileTextCnnModel(
      buildTextCnnModel({ variant: 'rand', vocabSize, embeddingDim: dim, maxLen: 10, filters: 4 }),
      { learningRate: 5 },
    );
    const x = tf.tensor2d(
      Int32Array.from({ length: 80 }, (_, i) => i % vocabSize),
      [8, 10],
      'int32',
    );
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2);
    await m.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new MaxNormCallback(m, 3)] });
    const kernel = m.getLayer('output').getWeights()[0];
    const norms = tf.tidy(() => kernel.square().sum(0).sqrt().dataSync());
    for (const v of norms) expect(v).toBeLessThanOrEqual(3 + 1e-4);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('rejects a pretrained variant without vectors and bad shapes', () => {
    expect(() => buildTextCnnModel({ variant: 'static', vocabSize })).toThrow(
      /needs pretrained embeddings/,
    );
    expect(() => buildTextCnnModel({ variant: 'rand', vocabSize, maxLen: 4 })).toThrow(
      /filter width 5 is longer than maxLen 4/,
    );
    expect(() =>
      buildTextCnnSeedModel({ vocabSize, embeddingDim: 8, embeddings: new Float32Array(7) }),
    ).toThrow(/expected 40 words × 8 = 320/);
  });
});
