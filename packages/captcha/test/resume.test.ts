import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCaptchaPredictor } from '../src/predict';
import { synthCaptchaDataset } from '../src/synth/captcha';
import { trainCaptcha } from '../src/train';
import type { TrainCaptchaOptions } from '../src/train-options';

const root = mkdtempSync(join(tmpdir(), 'dl-captcha-resume-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm', threads: 1 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const look = { width: 64, height: 16, length: 2, charset: '234' };
const data = synthCaptchaDataset({ ...look, count: 48, seed: 5 });
const test = synthCaptchaDataset({ ...look, count: 8, seed: 6 });
// The default recipe at a tiny size: augmentation, dropout, cosine decay and the alignment
// warm-up (spanning the interruption) all on, so the resumed run must redraw epoch 2's and 3's
// shuffles, warps and masks and continue both schedules.
const options = (outDir: string, epochs: number): TrainCaptchaOptions => ({
  data,
  test,
  outDir,
  epochs,
  batchSize: 8,
  alignmentEpochs: 2,
  input: { height: 16, width: 64, channels: 1 },
  model: {
    filters: [4, 8],
    units: 4,
    projection: 8,
    pools: [
      [2, 2],
      [2, 2],
    ],
  },
  seed: 4,
  progress: 'silent',
});

async function weightsOf(dir: string): Promise<number[][]> {
  const predictor = await loadCaptchaPredictor(dir);
  const weights = predictor.model.getWeights().map((t) => Array.from(t.dataSync()));
  predictor.dispose();
  return weights;
}

describe('trainCaptcha resume', () => {
  it('continues an interrupted CTC run to the result of an uninterrupted one', async () => {
    const straightDir = join(root, 'straight');
    const straight = await trainCaptcha(options(straightDir, 3));
    const dir = join(root, 'interrupted');
    await trainCaptcha(options(dir, 1)); // "interrupted" after epoch 1
    const resumed = await trainCaptcha({ ...options(dir, 3), resume: true });

    expect(resumed.message).toMatch(/^resumed after epoch 1, trained 2 more epoch\(s\)/);
    for (const key of ['loss', 'val_loss', 'lr']) {
      expect(resumed.history[key], key).toHaveLength(3);
      resumed.history[key].forEach((v, i) =>
        expect(v, `${key}[${i}]`).toBeCloseTo(straight.history[key][i], 4),
      );
    }
    // the loss moved: a run that re-initialised or froze the weights could not match it
    expect(straight.history.loss[2]).not.toBeCloseTo(straight.history.loss[0], 2);
    const [a, b] = [await weightsOf(straightDir), await weightsOf(dir)];
    expect(b.map((w) => w.length)).toEqual(a.map((w) => w.length));
    a.forEach((w, i) => w.forEach((v, j) => expect(b[i][j]).toBeCloseTo(v, 4)));
  }, 300_000);
});
