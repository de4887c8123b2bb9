import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, Rng, tf } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthLmCorpus } from '../src/grammar';
import type { LmParams } from '../src/model';
import { LogUniformSampler, sampledSoftmaxNll } from '../src/sampled';
import { trainLm } from '../src/train';

const root = mkdtempSync(join(tmpdir(), 'dl-lm-sampled-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('log-uniform proposal', () => {
  it('is a distribution, and sampling follows it', () => {
    const q = new LogUniformSampler(50);
    let total = 0;
    for (let k = 0; k < 50; k++) total += q.probability(k);
    expect(total).toBeCloseTo(1, 10);
    // Q(0) = ln 2 / ln 51, hand value 0.17629
    expect(q.probability(0)).toBeCloseTo(Math.LN2 / Math.log(51), 12);
    const draws = q.sample(200_000, new Rng(1));
    const freq = new Float64Array(50);
    for (const k of draws) freq[k] += 1 / draws.length;
    for (const k of [0, 1, 2, 10, 49])
      expect(Math.abs(freq[k] - q.probability(k))).toBeLessThan(0.004);
    expect(draws.reduce((a, k) => Math.min(a, k), 99)).toBe(0);
    expect(draws.reduce((a, k) => Math.max(a, k), -1)).toBe(49);
  });
});

describe('sampled softmax loss', () => {
  // units 2, vocabulary 5: column k of the kernel is (k, 1), bias k/10.
  const params = () =>
    ({
      embedding: tf.variable(tf.zeros([5, 2])),
      outKernel: tf.variable(tf.tensor2d([0, 1, 2, 3, 4, 1, 1, 1, 1, 1], [2, 5])),
      outBias: tf.variable(tf.tensor1d([0, 0.1, 0.2, 0.3, 0.4])),
      tied: false,
      lstm: [],
      vocabSize: 5,
      units: 2,
    }) as unknown as LmParams;
  const q = new LogUniformSampler(5);
  /** The hand formula: logit_k = h·w_k + b_k − ln(n·Q(k)); NLL = logsumexp(kept) − logit_target. */
  const byHand = (h: number[], target: number, samples: number[]) => {
    const n = samples.length;
    const logit = (k: number) => h[0] * k + h[1] + k / 10 - Math.log(n * q.probability(k));
    const kept = [logit(target), ...samples.filter((s) => s !== target).map(logit)];
    const max = Math.max(...kept);
    return max + Math.log(kept.reduce((a, v) => a + Math.exp(v - max), 0)) - logit(target);
  };

  it('equals the hand formula, accidental hits removed, padding not counted', () => {
    const p = params();
    const hidden = tf.tensor2d([0.5, -1, 0.2, 0.3, 9, 9], [3, 2]);
    const targets = Int32Array.of(2, 4, 0);
    const mask = Float32Array.of(1, 1, 0); // the third row is padding
    const samples = Int32Array.of(1, 3, 4); // row 2's target 4 is sampled: an accidental hit
    const loss = sampledSoftmaxNll(p, hidden, targets, mask, samples, q);
    const expected = (byHand([0.5, -1], 2, [1, 3, 4]) + byHand([0.2, 0.3], 4, [1, 3, 4])) / 2;
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('with tied embeddings reads the same weights from the embedding rows', () => {
    const untied = params();
    const tied = {
      ...params(),
      embedding: tf.variable(tf.transpose(untied.outKernel)),
      tied: true,
    } as unknown as LmParams;
    const hidden = tf.tensor2d([0.5, -1, 0.2, 0.3], [2, 2]);
    const args = [Int32Array.of(2, 4), Float32Array.of(1, 1), Int32Array.of(1, 3, 4), q] as const;
    const a = sampledSoftmaxNll(untied, hidden, ...args).dataSync()[0];
    const b = sampledSoftmaxNll(tied, hidden, ...args).dataSync()[0];
    expect(b).toBeCloseTo(a, 6);
  });

  it('gives gradient to the hidden states and only to the output columns it used', () => {
    const p = params();
    const hidden = tf.tensor2d([0.5, -1], [1, 2]);
    const { grads } = tf.variableGrads(
      () =>
        sampledSoftmaxNll(p, hidden, Int32Array.of(2), Float32Array.of(1), Int32Array.of(0, 3), q),
      [p.outKernel, p.outBias],
    );
    const dW = grads[p.outKernel.name].arraySync() as number[][];
    const db = grads[p.outBias.name].arraySync() as number[];
    for (const k of [1, 4]) {
      expect(dW[0][k]).toBe(0);
      expect(db[k]).toBe(0);
    }
    expect(db[2]).toBeLessThan(0); // the target is pushed up
    expect(db[0]).toBeGreaterThan(0); // samples pushed down
    expect(db[3]).toBeGreaterThan(0);
    expect(db[0] + db[2] + db[3]).toBeCloseTo(0, 6); // softmax gradients sum to zero
  });
});

describe('training with sampled softmax', () => {
  it('learns the grammar: full-softmax test perplexity close to the true one', async () => {
    const data = synthLmCorpus({ train: 2000, validation: 200, test: 300, seed: 5 });
    const r = await trainLm({
      data,
      outDir: join(root, 'sampled'),
      embeddingDim: 32,
      units: 64,
      layers: 1,
      optimizer: 'adam',
      learningRate: 0.01,
      lrDecay: 0.7,
      decayAfter: 4,
      clipNorm: 5,
      epochs: 8,
      steps: 20,
      batchSize: 16,
      evalBatchSize: 16,
      sampledSoftmax: 12,
      seed: 3,
      progress: 'silent',
    });
    const truth = data.truth.testPerplexity;
    console.log(
      'sampled softmax',
      r.vocabularySize,
      'ids',
      r.metrics.testPerplexity,
      'true',
      truth,
    );
    expect(r.config.sampledSoftmax).toBe(12);
    expect(r.metrics.testPerplexity / truth).toBeLessThan(1.15);
  }, 240_000);

  it('refuses as many samples as the vocabulary has ids', async () => {
    const data = synthLmCorpus({ train: 50, validation: 10, test: 10, seed: 1 });
    await expect(
      trainLm({ data, outDir: join(root, 'bad'), sampledSoftmax: 100_000, progress: 'silent' }),
    ).rejects.toThrow(/sampledSoftmax 100000 must be smaller than the vocabulary \(\d+ ids\)/);
  });
});
