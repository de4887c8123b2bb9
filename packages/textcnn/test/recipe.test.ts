import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readDlMeta } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXTCNN_DEFAULTS, TEXTCNN_KIM_RECIPE } from '../src/defaults';
import { resolveTrainOptions } from '../src/resolve-options';
import { synthTextCnnSentiment } from '../src/synth';
import { trainTextCnn } from '../src/train';

const root = mkdtempSync(join(tmpdir(), 'dl-textcnn-recipe-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const data = synthTextCnnSentiment({ count: 240, seed: 8 });

describe("recipe: 'kim' (Kim 2014's training regime)", () => {
  it('resolves to Adadelta, 300-d, batch 50, dropout 0.5, max-norm 3, best dev accuracy', () => {
    const o = resolveTrainOptions({ architecture: 'cnn-rand', recipe: 'kim', data, outDir: 'x' });
    expect(o).toMatchObject({
      optimizer: 'adadelta',
      learningRate: 1,
      embeddingDim: 300,
      batchSize: 50,
      dropout: 0.5,
      maxNorm: 3,
      epochs: 25,
      selectBy: 'val_accuracy',
      patience: 5,
      validation: 0.1,
      recipe: 'kim',
    });
    // Options given explicitly win over the recipe; without it, the package defaults.
    const mine = resolveTrainOptions({
      architecture: 'cnn-rand',
      recipe: 'kim',
      data,
      outDir: 'x',
      optimizer: 'adam',
      patience: 2,
    });
    expect(mine).toMatchObject({ optimizer: 'adam', learningRate: 1e-3, patience: 2 });
    const plain = resolveTrainOptions({ architecture: 'cnn-rand', data, outDir: 'x' });
    expect(plain).toMatchObject({
      optimizer: TEXTCNN_DEFAULTS.optimizer,
      embeddingDim: TEXTCNN_DEFAULTS.embeddingDim,
      selectBy: 'val_loss',
      recipe: null,
    });
    expect(plain).toHaveProperty('patience', Number.POSITIVE_INFINITY);
    expect(TEXTCNN_KIM_RECIPE.optimizer).toBe('adadelta');
  });

  it('keeps the epoch of best validation accuracy and stops after `patience` without one', async () => {
    const outDir = join(root, 'kim');
    const r = await trainTextCnn({
      architecture: 'cnn-rand',
      recipe: 'kim',
      data,
      outDir,
      embeddingDim: 8,
      filters: 4,
      maxLen: 12,
      epochs: 12,
      patience: 1,
      progress: 'silent',
    });
    const acc = r.history.val_acc;
    expect(acc?.length).toBe(r.history.loss.length);
    // patience 1: every epoch but a stopping last one beat all before it.
    const improved = acc.map((v, i) => i === 0 || v > Math.max(...acc.slice(0, i)));
    expect(improved.slice(0, -1).every(Boolean)).toBe(true);
    if (r.stopReason === 'early-stopping') expect(improved.at(-1)).toBe(false);
    else expect(acc).toHaveLength(12);
    const meta = await readDlMeta(outDir);
    expect(meta.extra?.training).toMatchObject({
      optimizer: 'Adadelta',
      batchSize: 50,
      selectBy: 'val_accuracy',
      recipe: 'kim',
    });
  });

  it('refuses an unknown recipe, selectBy or patience before any work', async () => {
    const outDir = join(root, 'refused');
    const cases: [object, RegExp][] = [
      [{ recipe: 'lecun' }, /recipe must be 'kim', got 'lecun'/],
      [{ selectBy: 'val_f1' }, /selectBy must be 'val_loss' or 'val_accuracy', got 'val_f1'/],
      [{ patience: 0 }, /patience must be a positive integer, got 0/],
    ];
    for (const [extra, message] of cases) {
      await expect(trainTextCnn({ data, outDir, ...extra } as never)).rejects.toThrow(message);
    }
  });
});
