import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readDlMeta } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthSentiment } from '../src/synth';
import { type TrainTextOptions, trainTextClassifier } from '../src/train';

const root = mkdtempSync(join(tmpdir(), 'dl-textcnn-resume-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const data = synthSentiment({ count: 200, seed: 2 });
const options = (outDir: string, epochs: number): TrainTextOptions => ({
  model: 'cnn-rand',
  data,
  outDir,
  epochs,
  maxLen: 16,
  embeddingDim: 8,
  filters: 4,
  seed: 5,
  progress: 'silent',
});

describe('trainTextClassifier resume', () => {
  it('continues a CNN from the last checkpoint, and refuses one of another run', async () => {
    const dir = join(root, 'cnn');
    const last = join(`${dir}.checkpoints`, 'last');
    const first = await trainTextClassifier(options(dir, 1)); // "interrupted" after epoch 1
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 0 });

    const resumed = await trainTextClassifier({ ...options(dir, 2), resume: true });
    expect(resumed.message).toMatch(/^resumed after epoch 1, trained 1 more epoch\(s\)/);
    expect(resumed.history.val_loss).toHaveLength(2);
    expect(resumed.history.loss[0]).toBe(first.history.loss[0]);
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 1 });

    await expect(
      trainTextClassifier({ ...options(dir, 3), learningRate: 0.01, resume: true }),
    ).rejects.toThrow(
      /cannot resume from .*last: its training\.learningRate differs from this run's \(checkpoint 0\.001, now 0\.01\)/,
    );
    // The default given explicitly is the same run.
    await expect(
      trainTextClassifier({ ...options(dir, 2), optimizer: 'adam', dropout: 0.5, resume: true }),
    ).rejects.toThrow(/checkpoint already has 2 epochs; ask for more than that to resume/);
    await expect(
      trainTextClassifier({ ...options(dir, 3), maxLen: 20, resume: true }),
    ).rejects.toThrow(/its preprocessing\.maxLen differs .*\(checkpoint 16, now 20\)/);
  });

  it('says the TF-IDF baseline has nothing to resume', async () => {
    await expect(
      trainTextClassifier({ model: 'tfidf', data, outDir: join(root, 'tfidf'), resume: true }),
    ).rejects.toThrow(/tfidf baseline is fitted in one go .*nothing to resume/);
  });
});
