import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, tf } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlateDataset } from '../src/data';
import { synthGlyphs } from '../src/synth/glyph';
import { type GlyphKind, labelsOf } from '../src/synth/labels';
import { trainPlate } from '../src/train';

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
