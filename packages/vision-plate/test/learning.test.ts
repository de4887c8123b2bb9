import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateClassifier, initBackend, tf } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlatePredictor } from '../src/predict';
import { loadPlateReader } from '../src/reader';
import { synthGlyphs } from '../src/synth/glyph';
import type { GlyphKind } from '../src/synth/labels';
import { synthPlates } from '../src/synth/plate';
import { trainPlate } from '../src/train';

/**
 * Learning tests: each classifier trains on font-rendered, augmented glyphs and is scored on
 * glyphs drawn with a different seed (new augmentations, never seen in training); the three
 * together then read whole synthetic plates.
 */
const root = mkdtempSync(join(tmpdir(), 'dl-plate-learn-'));
const KINDS: GlyphKind[] = ['province', 'letter', 'alnum'];

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  for (const kind of KINDS) {
    await trainPlate({
      kind,
      outDir: join(root, kind),
      epochs: 12,
      syntheticPerClass: 90,
      seed: 3,
      progress: 'silent',
    });
  }
}, 900_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('plate classifiers learn (held-out synthetic glyphs)', () => {
  for (const kind of KINDS) {
    it(`${kind}: macro-F1 ≥ 0.95`, async () => {
      const held = synthGlyphs({ kind, perClass: 20, seed: 12345 });
      const classifier = await loadPlatePredictor(join(root, kind), { kind });
      const x = tf.tensor4d(held.images, [held.count, 20, 20, 1]);
      const report = await evaluateClassifier(
        classifier.model,
        { x, labels: held.labels },
        { labels: classifier.info.labels },
      );
      x.dispose();
      classifier.dispose();
      expect(report.macroAvg.f1).toBeGreaterThanOrEqual(0.95);
    });
  }
});

describe('whole-plate reading', () => {
  it('reads ≥ 90% of held-out synthetic plates exactly', async () => {
    const reader = await loadPlateReader(root);
    const plates = synthPlates({ count: 60, seed: 777 });
    let exact = 0;
    for (const plate of plates) {
      const r = await reader.read(plate.image);
      expect(r.text).toHaveLength(7);
      if (r.text === plate.text) exact++;
    }
    reader.dispose();
    expect(exact / plates.length).toBeGreaterThanOrEqual(0.9);
  });

  it('rejects a model of the wrong kind for a position', async () => {
    const wrong = mkdtempSync(join(tmpdir(), 'dl-plate-wrong-'));
    const { cp } = await import('node:fs/promises');
    await cp(join(root, 'province'), join(wrong, 'province'), { recursive: true });
    await cp(join(root, 'province'), join(wrong, 'letter'), { recursive: true });
    await cp(join(root, 'alnum'), join(wrong, 'alnum'), { recursive: true });
    await expect(loadPlateReader(wrong)).rejects.toThrow(
      /letter\/ must hold the letter classifier \(plate position 2\): .*this is a 'plate-province' model/,
    );
    await rm(wrong, { recursive: true, force: true });
  });
});
