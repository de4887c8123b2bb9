import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readDlMeta } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TrainPlateOptions, trainPlateClassifier } from '../src/train';

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

describe('trainPlateClassifier resume', () => {
  it('continues from the last checkpoint, and refuses one of another run', async () => {
    const dir = join(root, 'letter');
    const last = join(`${dir}.checkpoints`, 'last');
    const first = await trainPlateClassifier(options(dir, 1)); // "interrupted" after epoch 1
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 0 });

    const resumed = await trainPlateClassifier({ ...options(dir, 2), resume: true });
    expect(resumed.message).toMatch(/^resumed after epoch 1, trained 1 more epoch\(s\)/);
    expect(resumed.history.val_loss).toHaveLength(2);
    expect(resumed.history.loss[0]).toBe(first.history.loss[0]);
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 1 });

    await expect(
      trainPlateClassifier({ ...options(dir, 3), batchSize: 16, resume: true }),
    ).rejects.toThrow(
      /cannot resume from .*last: its training\.batchSize differs from this run's \(checkpoint 32, now 16\)/,
    );
    await expect(
      trainPlateClassifier({ ...options(dir, 3), seedModel: true, resume: true }),
    ).rejects.toThrow(/its architecture differs/);
    await expect(trainPlateClassifier({ ...options(dir, 2), resume: true })).rejects.toThrow(
      /checkpoint already has 2 epochs; ask for more than that to resume/,
    );
  });
});
