import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DecodedImage, initBackend, Rng } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePlateReader } from '../src/ctc-reader/evaluate';
import { trainPlateReader } from '../src/ctc-reader/train';
import { gaussianBlur } from '../src/synth/raster';
import { resizeBilinear, synthPlateCrop } from '../src/synth/realistic-plate';

beforeAll(async () => {
  // wasm on one thread: steadier than two on a shared machine.
  await initBackend({ prefer: 'wasm', threads: 1 });
});
const root = mkdtempSync(join(tmpdir(), 'dl-plate-reader-learn-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A small version of the task so it learns within the test budget on two shared cores: blue
// plates of one province, letters A–D and digits, drawn by the realistic generator (half of
// them degraded), given as labelled crops with their character boxes. Seeded end to end.
function texts(count: number, seed: number): string[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    let t = `皖${'ABCD'[rng.int(4)]}`;
    for (let i = 0; i < 5; i++) t += String(rng.int(10));
    return t;
  });
}
const crops = (count: number, seed: number, realism: number) =>
  texts(count, seed).map((text, i) => ({
    ...synthPlateCrop({ text, seed: seed * 1000 + i, colour: 'blue', realism }),
    file: `${text}.png`,
  }));

const train = crops(320, 1, 0.5);
const heldOut = crops(60, 2, 0.5);
const clean = crops(60, 3, 0);

type Crop = (typeof clean)[number];
const variant = (f: (image: DecodedImage & { data: Uint8Array }) => DecodedImage) => (c: Crop) => ({
  ...c,
  image: f(c.image),
});

/** Rotated by `deg` about the centre (bilinear, edges clamped). */
const rotate = (deg: number) =>
  variant((img) => {
    const { width: W, height: H, data } = img;
    const out = new Uint8Array(data.length);
    const [c, s] = [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        // Aspect-corrected: the crop is ~4× wider than tall on the plate too.
        const dx = x - W / 2;
        const dy = y - H / 2;
        const sx = Math.min(W - 1, Math.max(0, Math.round(c * dx + s * dy + W / 2)));
        const sy = Math.min(H - 1, Math.max(0, Math.round(-s * dx + c * dy + H / 2)));
        for (let k = 0; k < 3; k++) out[(y * W + x) * 3 + k] = data[(sy * W + sx) * 3 + k];
      }
    }
    return { ...img, data: out };
  });
const blur = (sigma: number) =>
  variant((img) => {
    const f = Float32Array.from(img.data);
    for (let k = 0; k < 3; k++) gaussianBlur(f, img.width, img.height, sigma, 3, k);
    return { ...img, data: Uint8Array.from(f, (v) => Math.round(v)) };
  });
/** Shrunk to 1/`k` and back: the detail of a plate `k` times further away. */
const lowRes = (k: number) =>
  variant((img) => {
    const w = Math.round(img.width / k);
    const h = Math.round(img.height / k);
    const small = resizeBilinear(Float32Array.from(img.data), img.width, img.height, w, h);
    const back = resizeBilinear(small, w, h, img.width, img.height);
    return { ...img, data: Uint8Array.from(back, (v) => Math.round(v)) };
  });

describe('the whole-plate CTC reader learns synthetic plates', () => {
  const outDir = join(root, 'reader');
  let trained: Awaited<ReturnType<typeof trainPlateReader>>;

  beforeAll(async () => {
    trained = await trainPlateReader({
      outDir,
      crops: train,
      cropValidation: 0.1,
      syntheticPerEpoch: 0,
      validationPlates: 0,
      architecture: 'small',
      epochs: 8,
      batchSize: 16,
      learningRate: 3e-3,
      seed: 4,
      progress: 'silent',
    });
  }, 1_200_000);

  // Measured: 72% exact, 92% of characters held out; 100% / 100% clean, rotated and blurred,
  // 98% / 99.8% at half resolution. The thresholds leave a margin below.
  it('reads held-out realistic plates: ≥ 55% exactly, ≥ 85% of characters', async () => {
    const r = await evaluatePlateReader(outDir, heldOut);
    expect(r.plates).toBe(60);
    expect(r.exact).toBeGreaterThanOrEqual(0.55);
    expect(r.characterAccuracy).toBeGreaterThanOrEqual(0.85);
    // The loss fell: the last epoch well below the first.
    expect(trained.history.loss.at(-1)!).toBeLessThan(trained.history.loss[0] / 3);
  });

  it('and rotated, blurred and low-resolution variants of clean plates', async () => {
    for (const [name, f, exact, chars] of [
      ['clean', (c: Crop) => c, 0.9, 0.98],
      ['rotated 4°', rotate(4), 0.8, 0.95],
      ['blurred σ 1', blur(1), 0.8, 0.95],
      ['at half resolution', lowRes(2), 0.8, 0.95],
    ] as const) {
      const r = await evaluatePlateReader(outDir, clean.map(f));
      expect(r.exact, name).toBeGreaterThanOrEqual(exact);
      expect(r.characterAccuracy, name).toBeGreaterThanOrEqual(chars);
    }
  });
});
