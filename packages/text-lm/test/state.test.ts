import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, Rng, tf } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LmDataset, TextSplit } from '../src/data';
import { disposeState, type LmState, lmHidden, lmLogits, zeroState } from '../src/forward';
import { maskedSoftmaxNll } from '../src/loss';
import { lmParams } from '../src/model';
import { loadLanguageModel } from '../src/predict';
import { encodeSplit, streamBatches } from '../src/sequences';
import { trainLm } from '../src/train';

const root = mkdtempSync(join(tmpdir(), 'dl-lm-state-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Sentences `k f f k`: the last word copies the first, 3 tokens back. */
function copyTask(n: number, seed: number): TextSplit {
  const rng = new Rng(seed);
  const sentences = Array.from({ length: n }, () => {
    const k = `k${rng.int(4)}`;
    return [k, 'f', 'f', k];
  });
  return { sentences, lines: sentences.map((_, i) => i + 1), file: null };
}

const dataset = (train: TextSplit, test: TextSplit): LmDataset => ({
  train,
  validation: test,
  test,
  source: 'synthetic',
  fingerprint: 'copy-task',
});

/** Runs windows in order, with the state carried or reset at each window; returns per-window outputs. */
function runWindows(dir: string, split: TextSplit, carry: boolean, fromState?: 'end') {
  return loadLanguageModel(dir).then((lm) => {
    const p = lmParams(lm.model);
    const windows = streamBatches(encodeSplit(split, lm.vocabulary), 8, 4);
    let state: LmState = zeroState(p, 8);
    const pass = () => {
      const out: { predicted: Int32Array; loss: number }[] = [];
      for (const w of windows) {
        if (!carry) {
          disposeState(state);
          state = zeroState(p, 8);
        }
        const r = tf.tidy(() => {
          const h = lmHidden(p, tf.tensor2d(w.inputs, [4, 8], 'int32'), state);
          const logits = lmLogits(p, h.hidden);
          const loss = maskedSoftmaxNll(
            logits,
            tf.tensor1d(w.targets, 'int32'),
            tf.tensor1d(w.mask),
          );
          return { predicted: tf.argMax(logits, 1), loss, next: h.state };
        });
        out.push({
          predicted: Int32Array.from(r.predicted.dataSync()),
          loss: r.loss.dataSync()[0],
        });
        tf.dispose([r.predicted, r.loss]);
        disposeState(state);
        state = r.next;
      }
      return out;
    };
    if (fromState === 'end') pass();
    else {
      disposeState(state);
      state = zeroState(p, 8);
    }
    const out = pass();
    disposeState(state);
    const result = { out, windows, vocab: lm.vocabulary };
    lm.dispose();
    return result;
  });
}

describe('truncated BPTT carries the LSTM state across windows', () => {
  it('copies a word from the previous window only when the state is carried', async () => {
    const dir = join(root, 'copy');
    await trainLm({
      data: dataset(copyTask(800, 1), copyTask(200, 2)),
      outDir: dir,
      embeddingDim: 16,
      units: 32,
      layers: 1,
      // 4 steps against the sentences' period of 5: windows start at every phase.
      steps: 4,
      batchSize: 8,
      evalBatchSize: 8,
      optimizer: 'adam',
      learningRate: 0.05,
      lrDecay: 1,
      epochs: 8,
      seed: 2,
      progress: 'silent',
    });
    // Accuracy on the copied word (input: the second f, target: a key), split by whether its
    // key was in the same window or an earlier one.
    const accuracy = async (carry: boolean) => {
      const { out, windows, vocab } = await runWindows(dir, copyTask(200, 3), carry);
      const f = vocab.id('f');
      const hits = { same: 0, sameN: 0, crossing: 0, crossingN: 0 };
      windows.forEach((w, k) => {
        for (let t = 0; t < 4; t++)
          for (let b = 0; b < 8; b++) {
            const i = t * 8 + b;
            // Input f with a key as target: the second f. Its key was the input 2 steps back,
            // in this window iff t ≥ 2.
            if (!w.mask[i] || w.inputs[i] !== f || w.targets[i] === f) continue;
            const ok = out[k].predicted[i] === w.targets[i] ? 1 : 0;
            if (t >= 2) {
              hits.same += ok;
              hits.sameN++;
            } else {
              hits.crossing += ok;
              hits.crossingN++;
            }
          }
      });
      return { same: hits.same / hits.sameN, crossing: hits.crossing / hits.crossingN };
    };
    const carried = await accuracy(true);
    const reset = await accuracy(false);
    console.log('copy task accuracy', JSON.stringify({ carried, reset }));
    expect(carried.same).toBeGreaterThanOrEqual(0.95);
    expect(carried.crossing).toBeGreaterThanOrEqual(0.9);
    // From a zero state the key is gone: chance is 1/4.
    expect(reset.crossing).toBeLessThan(0.5);
  });

  it('resets the state at each epoch, and leaks no tensors across epochs', async () => {
    const dir = join(root, 'reset');
    const data = dataset(copyTask(60, 4), copyTask(20, 5));
    const before = tf.memory().numTensors;
    // A learning rate of ~0: every epoch sees the same weights, so equal epoch losses mean every
    // epoch started from the same (zero) state.
    const r = await trainLm({
      data,
      outDir: dir,
      embeddingDim: 8,
      units: 16,
      layers: 1,
      initScale: 0.8,
      steps: 4,
      batchSize: 8,
      optimizer: 'sgd',
      learningRate: 1e-12,
      lrDecay: 1,
      clipNorm: 0,
      epochs: 3,
      progress: 'silent',
    });
    expect(tf.memory().numTensors).toBe(before);
    const [l0, l1, l2] = r.history.loss;
    expect(l1).toBeCloseTo(l0, 6);
    expect(l2).toBeCloseTo(l0, 6);
    // What the epoch loss would be from the state the previous epoch ended in, and from zero.
    const mean = (xs: { loss: number }[]) => xs.reduce((s, x) => s + x.loss, 0) / xs.length;
    const fromZero = mean((await runWindows(dir, data.train, true)).out);
    const fromEnd = mean((await runWindows(dir, data.train, true, 'end')).out);
    expect(l0).toBeCloseTo(fromZero, 5);
    expect(Math.abs(fromEnd - fromZero)).toBeGreaterThan(1e-4);
  });
});

describe('tied embeddings', () => {
  it('train the softmax through the embedding matrix and save it as the output kernel', async () => {
    const { synthLmCorpus } = await import('../src/grammar');
    const { lmVariables } = await import('../src/model');
    const data = synthLmCorpus({ train: 300, validation: 50, test: 50, seed: 9 });
    const dir = join(root, 'tied');
    const r = await trainLm({
      data,
      outDir: dir,
      embeddingDim: 16,
      units: 16,
      layers: 1,
      tiedEmbeddings: true,
      optimizer: 'adam',
      learningRate: 0.02,
      epochs: 3,
      progress: 'silent',
    });
    expect(r.history.val_perplexity[2]).toBeLessThan(r.history.val_perplexity[0]);
    const lm = await loadLanguageModel(dir);
    const p = lmParams(lm.model);
    const e = p.embedding.arraySync() as number[][];
    const w = p.outKernel.arraySync() as number[][];
    for (const [v, k] of [
      [0, 0],
      [7, 3],
      [e.length - 1, 15],
    ])
      expect(w[k][v]).toBe(e[v][k]);
    expect(lmVariables(lmParams(lm.model, { tied: true }))).toHaveLength(1 + 3 + 1);
    expect(lm.meta.extra?.config).toMatchObject({ tiedEmbeddings: true });
    // The saved model scores with the shared weights: its test perplexity is the trained one.
    expect((await lm.perplexity(data.test)).perplexity).toBeCloseTo(r.metrics.testPerplexity, 4);
    lm.dispose();
    await expect(
      trainLm({ data, outDir: dir, embeddingDim: 8, units: 16, tiedEmbeddings: true }),
    ).rejects.toThrow(/tied embeddings need embeddingDim = units; got 8 and 16/);
  });
});
