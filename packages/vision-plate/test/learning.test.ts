import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateClassifier, initBackend, isDlError, tf } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlateClassifier, loadPlatePredictor } from '../src/predict';
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

describe('plate predictor', () => {
  it('predicts one glyph as predictBatch does, and describes itself', async () => {
    const held = synthGlyphs({ kind: 'letter', perClass: 2, seed: 4321 });
    const glyphs = Array.from({ length: held.count }, (_, i) =>
      held.images.subarray(i * 400, (i + 1) * 400),
    );
    const predictor = await loadPlatePredictor(join(root, 'letter'));
    expect(predictor.info).toMatchObject({
      task: 'plate-letter',
      kind: 'letter',
      architecture: 'default',
    });
    expect(predictor.info.labels).toEqual(held.labelNames);
    const batch = predictor.predictBatch(glyphs);
    expect(batch).toHaveLength(held.count);
    const one = predictor.predict(glyphs[5]);
    expect(one.label).toBe(batch[5].label);
    expect(one.probability).toBeCloseTo(batch[5].probability, 5);
    const right = batch.filter((p, i) => p.label === held.labelNames[held.labels[i]]).length;
    expect(right / held.count).toBeGreaterThanOrEqual(0.9);
    expect(() => predictor.predictBatch([new Float32Array(399)])).toThrow(
      /glyph 0 has 399 values; expected 400/,
    );
    predictor.dispose();
  });

  it('keeps the deprecated loadPlateClassifier shape', async () => {
    const classifier = await loadPlateClassifier(join(root, 'alnum'), { kind: 'alnum' });
    expect(classifier.kind).toBe('alnum');
    expect(classifier.labels).toHaveLength(34);
    const glyph = synthGlyphs({ kind: 'alnum', perClass: 1, seed: 5 }).images.subarray(0, 400);
    expect(classifier.classify([glyph])).toEqual(classifier.predictBatch([glyph]));
    classifier.dispose();
  });
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

  it('readBatch reads as read does, and reports a plate it cannot segment in place', async () => {
    const reader = await loadPlateReader(root);
    const plates = synthPlates({ count: 3, seed: 778 });
    const blank = {
      width: 440,
      height: 140,
      channels: 3 as const,
      data: new Uint8Array(440 * 140 * 3),
    };
    const outcomes = await reader.readBatch([
      plates[0].image,
      blank,
      plates[1].image,
      plates[2].image,
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, true]);
    const failed = outcomes[1];
    expect(!failed.ok && isDlError(failed.error, 'DATA_INVALID')).toBe(true);
    const read = outcomes.flatMap((o) => (o.ok ? [o.reading] : []));
    for (const [i, plate] of plates.entries()) {
      const single = await reader.read(plate.image);
      expect(read[i].text).toBe(single.text);
      expect(read[i].confidence).toBeCloseTo(single.confidence, 5);
      expect(read[i].characters.map((c) => c.box)).toEqual(single.characters.map((c) => c.box));
    }
    reader.dispose();
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
