import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, loadModelDir } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthFaceDataset } from '../src/synth';
import { trainFace } from '../src/train';
import type { TrainFaceOptions } from '../src/train-options';

const root = mkdtempSync(join(tmpdir(), 'dl-face-resume-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const data = synthFaceDataset({ people: 3, imagesPerPerson: 6, size: [36, 36], seed: 5 });
/**
 * Small but complete: augmentation, dropout, SGD momentum and the step schedule all take part.
 * The seed architecture, because its schedule does not depend on the total epochs (a cosine
 * decay over 2 epochs differs from one over 3, so a run resumed with more epochs could not
 * equal the longer one).
 */
const base = (outDir: string, epochs: number, resume = false): TrainFaceOptions => ({
  data,
  outDir,
  epochs,
  resume,
  batchSize: 4,
  architecture: 'seed',
  augment: true,
  validation: 0.2,
  progress: 'silent',
});

async function weightsOf(dir: string): Promise<Float32Array[]> {
  const { model } = await loadModelDir(dir);
  const values = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.dispose();
  return values;
}

describe('resume', () => {
  it('ends with the weights and losses of an uninterrupted run', async () => {
    const whole = await trainFace(base(join(root, 'whole'), 3));
    const parted = join(root, 'parted');
    await trainFace(base(parted, 2));
    const resumed = await trainFace(base(parted, 3, true));
    expect(resumed.message).toMatch(/^resumed after epoch 2/);
    expect(resumed.history.loss).toHaveLength(3);
    expect(resumed.history.loss.map((v) => v.toFixed(5))).toEqual(
      whole.history.loss.map((v) => v.toFixed(5)),
    );
    // the saved models are each run's best epoch: compare the last checkpoints' weights too
    const [a, b] = [
      await weightsOf(join(root, 'whole.checkpoints', 'last')),
      await weightsOf(join(`${parted}.checkpoints`, 'last')),
    ];
    expect(a.length).toBe(b.length);
    a.forEach((w, i) => {
      for (let k = 0; k < w.length; k++) expect(b[i][k]).toBeCloseTo(w[k], 5);
    });
  }, 300_000);

  it('refuses a checkpoint of another run, naming what differs', async () => {
    const other = { ...base(join(root, 'parted'), 4, true), seed: 2 };
    await expect(trainFace(other)).rejects.toThrow(/seed/);
  });
});
