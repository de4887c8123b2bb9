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

// Small synthetic captchas (4 of 7 symbols, drawn at the model's 32 × 128) and a narrow CTC
// reader, so the run fits the test budget on 2 shared cores; seeded end to end.
const data = synthCaptchaDataset({
  count: 600,
  length: 4,
  charset: '2345678',
  width: 128,
  height: 32,
  seed: 11,
});
const heldOut = synthCaptchaDataset({
  count: 120,
  length: 4,
  charset: '2345678',
  width: 128,
  height: 32,
  seed: 12,
});

describe('the CTC reader learns synthetic captchas', () => {
  it('reads ≥ 70% of unseen captchas exactly after 12 epochs', async () => {
    const outDir = join(mkdtempSync(join(tmpdir(), 'captcha-learn-')), 'model');
    const result = await trainCaptcha({
      outDir,
      data,
      test: heldOut,
      epochs: 12,
      learningRate: 3e-3,
      model: { filters: [16, 32, 48, 48], units: 32, projection: 64 },
      seed: 3,
      progress: 'silent',
    });
    expect(result.metrics.count).toBe(120);
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.7);
    expect(result.metrics.cer).toBeLessThan(0.1);
    // the loss fell: the last epoch well below the first
    expect(result.history.loss.at(-1)!).toBeLessThan(result.history.loss[0] / 3);
    // the saved model reads the same from disk, as the predictor and evaluateCaptcha
    const again = await evaluateCaptcha(outDir, heldOut);
    expect(again.accuracy).toBeCloseTo(result.metrics.accuracy, 10);
    const predictor = await loadCaptchaPredictor(outDir);
    const read = await predictor.predict(heldOut.samples[0].image);
    expect(read.text).toMatch(/^[2-8]{4}$/);
    expect(read.confidence).toBeGreaterThan(0);
    predictor.dispose();
  }, 1_500_000);
});
