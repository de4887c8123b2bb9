import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateCaptcha } from '../src/evaluate';
import { loadCaptchaPredictor } from '../src/predict';
import { synthCaptchaDataset } from '../src/synth/captcha';
import { trainCaptcha } from '../src/train';

beforeAll(async () => {
  // wasm on one thread: the learning run needs its speed, and one thread is steadier than two
  // on a shared machine
  await initBackend({ prefer: 'wasm', threads: 1 });
});

// Small synthetic captchas (3 of 4 symbols, drawn at the model's 32 × 128 without noise curves)
// and a narrow CTC reader, so the run fits the test budget on 2 cores; seeded end to end. The
// guided-alignment warm-up (on by default) takes the reader off CTC's all-blank plateau within
// the first epochs: 450 steps (720 captchas in batches of 16, 10 epochs) read ~97% of the
// validation captchas; without it the same reader needed ~1,000 steps for 70%.
const look = {
  width: 128,
  height: 32,
  length: 3,
  charset: '2345',
  style: { lines: [0, 0] as [number, number], rotation: 12 },
};
const data = synthCaptchaDataset({ ...look, count: 720, seed: 11 });
const heldOut = synthCaptchaDataset({ ...look, count: 120, seed: 12 });

describe('the CTC reader learns synthetic captchas', () => {
  it('reads ≥ 70% of unseen captchas exactly after 10 epochs', async () => {
    const outDir = join(mkdtempSync(join(tmpdir(), 'captcha-learn-')), 'model');
    const result = await trainCaptcha({
      outDir,
      data,
      test: heldOut,
      epochs: 10,
      batchSize: 16,
      learningRate: 5e-3,
      augment: false,
      model: { filters: [16, 32, 48, 48], units: 32, projection: 64, dropout: 0 },
      seed: 3,
      progress: 'plain',
    });
    expect(result.metrics.count).toBe(120);
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.7);
    expect(result.metrics.cer).toBeLessThan(0.15);
    // the loss left the plateau: the last epoch far below the first
    expect(result.history.loss.at(-1)!).toBeLessThan(result.history.loss[0] / 3);
    // the saved model reads the same from disk, as the predictor and evaluateCaptcha
    const again = await evaluateCaptcha(outDir, heldOut);
    expect(again.accuracy).toBeCloseTo(result.metrics.accuracy, 10);
    const predictor = await loadCaptchaPredictor(outDir);
    const read = await predictor.predict(heldOut.samples[0].image);
    expect(read.text).toMatch(/^[2-5]{3}$/);
    expect(read.confidence).toBeGreaterThan(0);
    predictor.dispose();
  }, 2_400_000);
});
