import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, isDlError } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthLmCorpus } from '../src/grammar';
import { trainLm } from '../src/train';

const root = mkdtempSync(join(tmpdir(), 'dl-lm-diverge-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('trainLm on divergence', () => {
  it('fails with TRAINING_DIVERGED and saves nothing when no epoch completed', async () => {
    const outDir = join(root, 'model');
    const error = await trainLm({
      data: synthLmCorpus({ train: 60, validation: 10, test: 10, seed: 2 }),
      outDir,
      units: 8,
      embeddingDim: 8,
      layers: 1,
      learningRate: 1e9, // SGD with no clipping: the first steps blow the weights up
      clipNorm: 0,
      epochs: 2,
      progress: 'silent',
    }).catch((e: unknown) => e);
    expect(isDlError(error) && error.code, String(error)).toBe('TRAINING_DIVERGED');
    expect((error as Error).message).toMatch(
      /^(val_)?loss (NaN|-?Infinity) at epoch 1\b.*; training stopped\. No checkpoint was completed .*Nothing was saved: try a learningRate below 1000000000/,
    );
    expect(existsSync(outDir)).toBe(false);
  });
});
