import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointDirFor, initBackend, loadModelDir, readDlMeta } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTextCnnSentiment } from '../src/synth';
import { trainTextClassifier, trainTextCnn } from '../src/train';
import type { TrainTextCnnKimOptions } from '../src/train-options';

const root = mkdtempSync(join(tmpdir(), 'dl-textcnn-resume-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const data = synthTextCnnSentiment({ count: 200, seed: 2 });
// Dropout stays on (default 0.5): the resumed epoch must draw the same masks and batch order.
const options = (outDir: string, epochs: number): TrainTextCnnKimOptions => ({
  architecture: 'cnn-rand',
  data,
  outDir,
  epochs,
  maxLen: 16,
  embeddingDim: 8,
  filters: 4,
  seed: 5,
  progress: 'silent',
});

/** The weights of a model directory (or checkpoint), as plain arrays. */
async function weightsOf(dir: string): Promise<number[][]> {
  const { model } = await loadModelDir(dir);
  const w = model.getWeights().map((t) => Array.from(t.dataSync()));
  model.dispose();
  return w;
}

function expectSameWeights(a: number[][], b: number[][]) {
  expect(b.map((w) => w.length)).toEqual(a.map((w) => w.length));
  a.forEach((w, i) => w.forEach((v, j) => expect(b[i][j]).toBeCloseTo(v, 5)));
}

describe('trainTextCnn resume', () => {
  it('continues a CNN to the result of an uninterrupted run, and refuses one of another run', async () => {
    const straightDir = join(root, 'straight');
    const straight = await trainTextCnn(options(straightDir, 2));
    const dir = join(root, 'cnn');
    const last = join(`${dir}.checkpoints`, 'last');
    const first = await trainTextCnn(options(dir, 1)); // "interrupted" after epoch 1
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 0 });

    const resumed = await trainTextCnn({ ...options(dir, 2), resume: true });
    expect(resumed.message).toMatch(/^resumed after epoch 1, trained 1 more epoch\(s\)/);
    expect(resumed.history.val_loss).toHaveLength(2);
    expect(resumed.history.loss[0]).toBe(first.history.loss[0]);
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 1 });

    // The epoch trained after resuming is the uninterrupted run's second epoch: same loss,
    // same validation loss, same weights at its end (last/) and the same saved model. A resume
    // that re-initialised the weights, lost the optimizer state or drew other batches fails.
    for (const key of ['loss', 'val_loss', 'acc', 'val_acc']) {
      expect(resumed.history[key]).toHaveLength(2);
      resumed.history[key].forEach((v, i) => expect(v).toBeCloseTo(straight.history[key][i], 5));
    }
    expectSameWeights(
      await weightsOf(join(checkpointDirFor(straightDir), 'last')),
      await weightsOf(last),
    );
    expectSameWeights(await weightsOf(straightDir), await weightsOf(dir));
    expect(resumed.metrics.accuracy).toBeCloseTo(straight.metrics.accuracy, 10);

    await expect(
      trainTextCnn({ ...options(dir, 3), learningRate: 0.01, resume: true }),
    ).rejects.toThrow(
      /cannot resume from .*last: its training\.learningRate differs from this run's \(checkpoint 0\.001, now 0\.01\)/,
    );
    // The default given explicitly is the same run.
    await expect(
      trainTextCnn({ ...options(dir, 2), optimizer: 'adam', dropout: 0.5, resume: true }),
    ).rejects.toThrow(/checkpoint already has 2 epochs; ask for more than that to resume/);
    await expect(trainTextCnn({ ...options(dir, 3), maxLen: 20, resume: true })).rejects.toThrow(
      /its preprocessing\.maxLen differs .*\(checkpoint 16, now 20\)/,
    );
  });

  it('says the TF-IDF baseline has nothing to resume (also in the deprecated flat shape)', async () => {
    const outDir = join(root, 'tfidf');
    await expect(
      trainTextCnn({ architecture: 'tfidf', data, outDir, resume: true as false }),
    ).rejects.toThrow(/tfidf baseline is fitted in one go .*nothing to resume/);
    await expect(
      trainTextClassifier({ model: 'tfidf', data, outDir: join(root, 'tfidf'), resume: true }),
    ).rejects.toThrow(/tfidf baseline is fitted in one go .*nothing to resume/);
  });
});
