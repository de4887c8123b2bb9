import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readDlMeta } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpeechPredictor } from '../src/predict';
import { trainSpeech } from '../src/train';
import type { TrainSpeechOptions } from '../src/train-options';
import { tones } from './helpers/tones';

const root = mkdtempSync(join(tmpdir(), 'dl-speech-resume-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const data = tones();
const options = (outDir: string, epochs: number): TrainSpeechOptions => ({
  data,
  split: { mode: 'speaker', testSpeakers: ['c'] },
  outDir,
  epochs,
  batchSize: 8,
  seed: 2,
  progress: 'silent',
});

async function weightsOf(dir: string): Promise<number[][]> {
  const predictor = await loadSpeechPredictor(dir);
  const weights = predictor.model.getWeights().map((t) => Array.from(t.dataSync()));
  predictor.dispose();
  return weights;
}

describe('trainSpeech resume', () => {
  it('continues an interrupted run to the result of an uninterrupted one', async () => {
    // The default architecture: augmentation, dropout and cosine decay all on, so the resumed
    // run must redraw epoch 2's and 3's perturbations and masks and continue the schedule.
    const straightDir = join(root, 'straight');
    const straight = await trainSpeech(options(straightDir, 3));
    const dir = join(root, 'interrupted');
    await trainSpeech(options(dir, 1)); // "interrupted" after epoch 1
    const resumed = await trainSpeech({ ...options(dir, 3), resume: true });

    expect(resumed.message).toMatch(/^resumed after epoch 1, trained 2 more epoch\(s\)/);
    for (const key of ['loss', 'val_loss', 'lr']) {
      expect(resumed.history[key], key).toHaveLength(3);
      resumed.history[key].forEach((v, i) =>
        expect(v, `${key}[${i}]`).toBeCloseTo(straight.history[key][i], 5),
      );
    }
    // the loss moved: a run that re-initialised or froze the weights could not match it
    expect(straight.history.loss[2]).not.toBeCloseTo(straight.history.loss[0], 3);
    expect(resumed.metrics).toEqual(straight.metrics);
    const [a, b] = [await weightsOf(straightDir), await weightsOf(dir)];
    expect(b.map((w) => w.length)).toEqual(a.map((w) => w.length));
    a.forEach((w, i) => w.forEach((v, j) => expect(b[i][j]).toBeCloseTo(v, 4)));
  });

  it('continues from the last checkpoint, and refuses one of another run', async () => {
    const dir = join(root, 'model');
    const last = join(`${dir}.checkpoints`, 'last');
    const first = await trainSpeech(options(dir, 1)); // "interrupted" after epoch 1
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 0 });

    const resumed = await trainSpeech({ ...options(dir, 2), resume: true });
    expect(resumed.message).toMatch(/^resumed after epoch 1, trained 1 more epoch\(s\)/);
    expect(resumed.history.loss).toHaveLength(2);
    expect(resumed.history.loss[0]).toBe(first.history.loss[0]);
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 1 });

    await expect(
      trainSpeech({ ...options(dir, 3), learningRate: 0.01, resume: true }),
    ).rejects.toThrow(
      /cannot resume from .*last: its training\.learningRate differs from this run's \(checkpoint 0\.003, now 0\.01\)/,
    );
    await expect(trainSpeech({ ...options(dir, 3), augment: false, resume: true })).rejects.toThrow(
      /its augment differs/,
    );
    await expect(trainSpeech({ ...options(dir, 3), seed: 3, resume: true })).rejects.toThrow(
      /its seed differs/,
    );
    await expect(trainSpeech({ ...options(dir, 2), resume: true })).rejects.toThrow(
      /checkpoint already has 2 epochs; ask for more than that to resume/,
    );
    await expect(trainSpeech({ ...options(join(root, 'never'), 2), resume: true })).rejects.toThrow(
      /no checkpoint to resume from: .*never\.checkpoints/,
    );
  });
});
