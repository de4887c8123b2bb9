import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readDlMeta, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransferDataset } from '../src/data';
import { evaluateTransfer } from '../src/evaluate';
import { loadTransferPredictor } from '../src/predict';
import { synthTransferDataset } from '../src/synth';
import { trainTransfer } from '../src/train';

let data: TransferDataset;
let root: string;

beforeAll(async () => {
  await initBackend({ threads: 1 });
  root = await mkdtemp(join(tmpdir(), 'dl-transfer-learn-'));
  data = await synthTransferDataset({ outDir: join(root, 'shapes'), perClass: 20, seed: 3 });
});

// Frozen nsfwjs MobileNetV2 block-13 features of seeded synthetic shapes (60 images, 3 classes): the
// head must separate them on held-out images, for each architecture.
// Chance is 1/3; the seed's single logits layer on raw (unstandardised) features is weaker.
const GOAL = { default: 0.85, mlp: 0.85, seed: 0.75 } as const;

describe('trainTransfer on synthetic shapes', () => {
  for (const architecture of ['default', 'mlp', 'seed'] as const) {
    it(`${architecture}: learns, saves a model directory, predicts and evaluates`, async () => {
      const outDir = join(root, `model-${architecture}`);
      const cacheDir = join(root, 'cache');
      const result = await trainTransfer({
        outDir,
        data,
        backbone: 'nsfw-mobilenet-v2-block13',
        cacheDir,
        architecture,
        progress: 'silent',
        seed: 2,
        ...(architecture === 'seed' ? { steps: 300, learningRate: 1e-2 } : {}),
      });
      expect(result.split).toEqual({ train: 42, validation: 6, test: 12 });
      expect(result.metrics.testSamples).toBe(12);
      expect(result.metrics.accuracy).toBeGreaterThanOrEqual(GOAL[architecture]);
      expect(result.report.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(12);
      expect(result.metrics.ece).toBeGreaterThanOrEqual(0);
      const meta = await readDlMeta(outDir);
      expect(meta.labels).toEqual(['disc', 'square', 'stripes']);
      expect(meta.extra?.architecture).toBe(architecture);
      const predictor = await loadTransferPredictor(outDir);
      const before = tf.memory().numTensors;
      try {
        const [a, b] = await predictor.predictBatch([data.images[0].path, data.images[59].path], {
          topK: 2,
        });
        expect(a.label).toBe('disc');
        expect(b.label).toBe('stripes');
        expect(a.top).toHaveLength(2);
        const one = await predictor.predict(data.images[0].path);
        expect(one.probability).toBeCloseTo(a.probability, 5);
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        predictor.dispose();
      }
      const evaluation = await evaluateTransfer(outDir, data, { cacheDir });
      expect(evaluation.metrics.testSamples).toBe(60);
      expect(evaluation.metrics.accuracy).toBeGreaterThanOrEqual(GOAL[architecture]);
      // every later run reads the features from the cache
      expect(result.features.fromCache + result.features.computed).toBe(60);
      expect((await readdir(cacheDir)).length).toBeGreaterThanOrEqual(2);
    }, 300_000);
  }
});
