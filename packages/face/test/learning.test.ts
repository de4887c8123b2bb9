import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readDlMeta } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateFace } from '../src/evaluate';
import { loadFacePredictor } from '../src/predict';
import { synthFaceDataset } from '../src/synth';
import { trainFace } from '../src/train';

const root = mkdtempSync(join(tmpdir(), 'dl-face-learn-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the default CNN learns synthetic identities', () => {
  it('tells 6 people apart on held-out photos (pose, light, expression vary), seeded', async () => {
    const data = synthFaceDataset({ people: 6, imagesPerPerson: 20, seed: 3 });
    const outDir = join(root, 'default');
    // small input and filters keep this under a minute on 2 cores; batch 16 gives BatchNorm's
    // moving statistics enough steps to settle
    const run = await trainFace({
      data,
      outDir,
      epochs: 20,
      batchSize: 16,
      preprocessing: { size: [32, 32] },
      filters: [16, 32, 64],
      seed: 1,
      progress: 'silent',
    });
    // chance is 1/6; pixel nearest-neighbour gets ~0.65 on these faces
    expect(run.metrics.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(run.split.test).toBe(18);
    expect(run.byPerson).toHaveLength(6);
    const meta = await readDlMeta(outDir);
    expect(meta.metrics?.accuracy).toBe(run.metrics.accuracy);
    expect(meta.extra?.architecture).toBe('default');
    // the saved model scores the same through evaluateFace and the predictor
    const again = await evaluateFace(outDir, { ...data, samples: data.samples.slice(0, 40) });
    expect(again.metrics.testSamples).toBe(40);
    const predictor = await loadFacePredictor(outDir);
    const sample = data.samples[0];
    const p = await predictor.predict(sample.image);
    expect(data.people).toContain(p.label);
    expect(p.top).toHaveLength(3);
    predictor.dispose();
  }, 600_000);
});
