import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, Rng, tf } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlateDataset } from '../src/data';
import { synthGlyphs } from '../src/synth/glyph';
import { type GlyphKind, labelsOf } from '../src/synth/labels';
import { trainPlate } from '../src/train';
import { plateTrainingData } from '../src/train-data';

const root = mkdtempSync(join(tmpdir(), 'dl-plate-testdata-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Synthetic glyphs in the shape loadPlateDataset returns (a cross-validation fold's input). */
function glyphSet(kind: GlyphKind, perClass: number, seed: number): PlateDataset {
  const g = synthGlyphs({ kind, perClass, seed });
  return {
    kind,
    x: tf.tensor4d(g.images, [g.count, 20, 20, 1]),
    labels: g.labels,
    labelNames: labelsOf(kind),
    files: Array.from({ length: g.count }, (_, i) => `glyph-${seed}-${i}.png`),
    skipped: [],
    fingerprint: `synthetic-${kind}-${perClass}-${seed}`,
  };
}

describe('trainPlate testData: score a given held-out set instead of a test split', () => {
  it('trains on all of data but the validation slice, scores every testData glyph, leaves both sets alive', async () => {
    const data = glyphSet('letter', 10, 1); // 240 glyphs
    const testData = glyphSet('letter', 3, 2); // 72
    const result = await trainPlate({
      kind: 'letter',
      data,
      testData,
      validation: 0.1,
      outDir: join(root, 'given'),
      epochs: 1,
      seed: 3,
      progress: 'silent',
    });
    expect(result.metrics.testSamples).toBe(72);
    const supports = result.report.classes.map((c) => c.support);
    expect(supports).toEqual(new Array(24).fill(3));
    // The user's tensors are theirs: readable after training.
    expect(data.x.shape[0]).toBe(240);
    expect(testData.x.dataSync().length).toBe(72 * 400);
    tf.dispose([data.x, testData.x]);
  }, 120_000);

  it('refuses a testData of another kind before any work', async () => {
    const data = glyphSet('letter', 2, 1);
    const provinces = glyphSet('province', 1, 2);
    await expect(
      trainPlate({ kind: 'letter', data, testData: provinces, outDir: join(root, 'bad') }),
    ).rejects.toThrow(/testData holds province glyphs; asked to train letter/);
    tf.dispose([data.x, provinces.x]);
  });
});

describe('trainPlate mixSynthetic: font-rendered glyphs of every class join the real training part', () => {
  it('adds perClass × classes glyphs to train only; validation and test are real', () => {
    const data = glyphSet('letter', 10, 5); // stands for real data: 240 glyphs
    const base = {
      kind: 'letter' as const,
      classes: 24,
      data,
      syntheticPerClass: 150,
      seed: 1,
      fractions: { validation: 0.1, test: 0.1 },
    };
    const plain = plateTrainingData({ ...base, mixSynthetic: 0, rng: new Rng(1) });
    const mixed = plateTrainingData({ ...base, mixSynthetic: 3, rng: new Rng(1) });
    expect(mixed.train.x.shape[0]).toBe(plain.train.x.shape[0] + 3 * 24);
    expect(mixed.validation.x.shape[0]).toBe(plain.validation.x.shape[0]);
    expect(Array.from(mixed.test.labels)).toEqual(Array.from(plain.test.labels));
    // every class gains exactly 3 training glyphs
    const counts = (t: tf.Tensor) => tf.tidy(() => Array.from(t.sum(0).dataSync()));
    const gained = counts(mixed.train.y).map((n, c) => n - counts(plain.train.y)[c]);
    expect(gained).toEqual(new Array(24).fill(3));
    expect(mixed.fingerprint).not.toBe(plain.fingerprint);
    plain.dispose();
    mixed.dispose();
    data.x.dispose();
  });

  it('refuses a negative or fractional count before any work', async () => {
    for (const mixSynthetic of [-1, 2.5]) {
      await expect(
        trainPlate({ kind: 'letter', mixSynthetic, outDir: join(root, 'never') }),
      ).rejects.toThrow(/mixSynthetic must be a whole number ≥ 0/);
    }
  });
});
