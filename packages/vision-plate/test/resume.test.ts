import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readDlMeta, tf } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlatePredictor } from '../src/predict';
import { trainPlate } from '../src/train';
import type { TrainPlateOptions } from '../src/train-options';

const root = mkdtempSync(join(tmpdir(), 'dl-plate-resume-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

// 24 letters × 10 synthetic glyphs: one validation and one test glyph per class.
const options = (outDir: string, epochs: number): TrainPlateOptions => ({
  kind: 'letter',
  syntheticPerClass: 10,
  outDir,
  epochs,
  seed: 4,
  progress: 'silent',
});

async function weightsOf(dir: string): Promise<number[][]> {
  const predictor = await loadPlatePredictor(dir);
  const weights = predictor.model.getWeights().map((t) => Array.from(t.dataSync()));
  predictor.dispose();
  return weights;
}

describe('trainPlate resume', () => {
  // Without augmentation model.fit shuffles the tensors; with it, a stream draws fresh glyph
  // variants every epoch. Either way (and with the default model's dropout) the resumed run
  // must draw what the uninterrupted one drew, and so end with the same weights.
  for (const augment of [false, true]) {
    it(`continues an interrupted run to the result of an uninterrupted one (augment: ${augment})`, async () => {
      const straightDir = join(root, `straight-${augment}`);
      const straight = await trainPlate({ ...options(straightDir, 3), augment });
      const dir = join(root, `interrupted-${augment}`);
      await trainPlate({ ...options(dir, 1), augment }); // "interrupted" after epoch 1
      const resumed = await trainPlate({ ...options(dir, 3), augment, resume: true });

      expect(resumed.message).toMatch(/^resumed after epoch 1, trained 2 more epoch\(s\)/);
      expect(Object.keys(resumed.history).sort()).toEqual(Object.keys(straight.history).sort());
      for (const [key, values] of Object.entries(straight.history)) {
        expect(resumed.history[key]).toHaveLength(3);
        values.forEach((v, i) => expect(resumed.history[key][i]).toBeCloseTo(v, 4));
      }
      expect(resumed.metrics.accuracy).toBeCloseTo(straight.metrics.accuracy, 6);
      const [a, b] = [await weightsOf(straightDir), await weightsOf(dir)];
      expect(b.map((w) => w.length)).toEqual(a.map((w) => w.length));
      a.forEach((w, i) => w.forEach((v, j) => expect(b[i][j]).toBeCloseTo(v, 4)));
    }, 240_000);
  }

  it('continues from the last checkpoint, and refuses one of another run', async () => {
    const dir = join(root, 'letter');
    const last = join(`${dir}.checkpoints`, 'last');
    const tensors = tf.memory().numTensors;
    const first = await trainPlate(options(dir, 1)); // "interrupted" after epoch 1
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 0 });

    const resumed = await trainPlate({ ...options(dir, 2), resume: true });
    expect(resumed.message).toMatch(/^resumed after epoch 1, trained 1 more epoch\(s\)/);
    expect(resumed.history.val_loss).toHaveLength(2);
    expect(resumed.history.loss[0]).toBe(first.history.loss[0]);
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 1 });

    await expect(trainPlate({ ...options(dir, 3), batchSize: 16, resume: true })).rejects.toThrow(
      /cannot resume from .*last: its training\.batchSize differs from this run's \(checkpoint 32, now 16\)/,
    );
    await expect(
      trainPlate({ ...options(dir, 3), architecture: 'seed', resume: true }),
    ).rejects.toThrow(/its architecture differs/);
    // The deprecated flag still means the seed architecture.
    await expect(trainPlate({ ...options(dir, 3), seedModel: true, resume: true })).rejects.toThrow(
      /its architecture differs/,
    );
    await expect(
      trainPlate({ ...options(dir, 3), learningRate: 1e-3, resume: true }),
    ).rejects.toThrow(/its training\.learningRate differs/);
    await expect(trainPlate({ ...options(dir, 2), resume: true })).rejects.toThrow(
      /checkpoint already has 2 epochs; ask for more than that to resume/,
    );
    // Refused resumes fail after the glyphs and the model exist: they must free them.
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
