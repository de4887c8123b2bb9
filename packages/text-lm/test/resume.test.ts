import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthLmCorpus } from '../src/grammar';
import { loadLanguageModel } from '../src/predict';
import { type TrainLmOptions, trainLm } from '../src/train';

const root = mkdtempSync(join(tmpdir(), 'dl-lm-resume-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const data = synthLmCorpus({ train: 300, validation: 40, test: 40, seed: 5 });
const options = (outDir: string, epochs: number): TrainLmOptions => ({
  data,
  outDir,
  embeddingDim: 16,
  units: 24,
  layers: 2,
  dropout: 0.3, // dropout on: the resumed run must draw the same masks
  steps: 8,
  batchSize: 8,
  evalBatchSize: 16,
  learningRate: 1,
  decayAfter: 1, // the schedule must continue at the right epoch
  epochs,
  seed: 3,
  progress: 'silent',
});

async function weightsOf(dir: string): Promise<number[][]> {
  const lm = await loadLanguageModel(dir);
  const w = lm.model.getWeights().map((t) => Array.from(t.dataSync()));
  lm.dispose();
  return w;
}

describe('trainLm resume', () => {
  it('continues an interrupted run to the result of an uninterrupted one', async () => {
    const straight = await trainLm(options(join(root, 'straight'), 3));
    const dir = join(root, 'interrupted');
    await trainLm(options(dir, 1)); // "interrupted" after epoch 1
    const resumed = await trainLm({ ...options(dir, 3), resume: true });

    expect(resumed.message).toMatch(/resumed after epoch 1, trained 2 more epoch/);
    expect(resumed.history.val_perplexity).toHaveLength(3);
    for (const key of ['loss', 'val_perplexity']) {
      resumed.history[key].forEach((v, i) => expect(v).toBeCloseTo(straight.history[key][i], 4));
    }
    expect(resumed.metrics.testPerplexity).toBeCloseTo(straight.metrics.testPerplexity, 3);
    const [a, b] = [await weightsOf(join(root, 'straight')), await weightsOf(dir)];
    a.forEach((w, i) => w.forEach((v, j) => expect(b[i][j]).toBeCloseTo(v, 4)));
  }, 120_000);

  it('refuses a checkpoint of another configuration, seed or data, and says why', async () => {
    const dir = join(root, 'other');
    await trainLm(options(dir, 1));
    await expect(trainLm({ ...options(dir, 2), units: 32, resume: true })).rejects.toThrow(
      /cannot resume from .*last: its config.units differs .*checkpoint 24, now 32/,
    );
    await expect(trainLm({ ...options(dir, 2), seed: 4, resume: true })).rejects.toThrow(
      /its seed differs/,
    );
    const otherData = synthLmCorpus({ train: 300, validation: 40, test: 40, seed: 6 });
    await expect(trainLm({ ...options(dir, 2), data: otherData, resume: true })).rejects.toThrow(
      /its data differs/,
    );
    await expect(trainLm({ ...options(dir, 1), resume: true })).rejects.toThrow(
      /already trained 1 of 1 epochs; ask for more epochs/,
    );
    await expect(
      trainLm({ ...options(join(root, 'never-trained'), 2), resume: true }),
    ).rejects.toThrow(/no checkpoint to resume from: .*never-trained\.checkpoints/);
  }, 60_000);
});
