import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, tf } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainPlateReader } from '../src/ctc-reader/train';
import { loadPlateReader } from '../src/reader';
import { synthPlateCrop } from '../src/synth/realistic-plate';

const root = mkdtempSync(join(tmpdir(), 'dl-plate-reader-load-'));
const modelDir = join(root, 'reader');

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  // Reading does not depend on how well the model reads: one tiny epoch.
  await trainPlateReader({
    outDir: modelDir,
    epochs: 1,
    syntheticPerEpoch: 16,
    validationPlates: 4,
    architecture: 'small',
    progress: 'silent',
  });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadPlateReader on a whole-plate (CTC) reader', () => {
  it('is chosen by what the directory holds, and reads with the reading shape', async () => {
    const meta = JSON.parse(readFileSync(join(modelDir, 'dl.json'), 'utf8'));
    expect(meta.task).toBe('plate-reader');
    expect(meta.labels).toHaveLength(65);
    const reader = await loadPlateReader(modelDir);
    try {
      expect(reader.method).toBe('ctc');
      const crop = synthPlateCrop({ seed: 5 });
      const reading = await reader.read(crop.image);
      expect(typeof reading.text).toBe('string');
      expect(typeof reading.valid).toBe('boolean');
      expect(reading.characters).toHaveLength([...reading.text].length);
      for (const c of reading.characters) {
        expect(c.probability).toBeGreaterThan(0);
        expect(c.probability).toBeLessThanOrEqual(1);
        expect(c.top[0].probability).toBeGreaterThanOrEqual(c.top.at(-1)!.probability);
        expect(c.box.height).toBe(24);
        expect(c.box.x + c.box.width).toBeLessThanOrEqual(94 + 1e-9);
      }
      // A larger crop of the same plate: boxes are in its own pixels.
      const big = { ...crop.image, width: 188, height: 48, data: upscale(crop.image.data) };
      const again = await reader.read(big);
      for (const c of again.characters) expect(c.box.height).toBe(48);
    } finally {
      reader.dispose();
    }
  });

  it('reads a batch with per-input errors in place, and leaks no tensors', async () => {
    const reader = await loadPlateReader(modelDir, { method: 'ctc' });
    const bad = join(root, 'not-an-image.jpg');
    writeFileSync(bad, 'hello');
    try {
      const crops = [synthPlateCrop({ seed: 1 }).image, bad, synthPlateCrop({ seed: 2 }).image];
      const before = tf.memory().numTensors;
      const out = await reader.readBatch(crops);
      expect(tf.memory().numTensors).toBe(before);
      expect(out.map((o) => o.ok)).toEqual([true, false, true]);
      if (out[1].ok) throw new Error('unreachable');
      expect(out[1].error.message).toContain('not-an-image.jpg');
      const one = await reader.read(crops[0] as never);
      if (!out[0].ok) throw new Error('unreachable');
      expect(out[0].reading.text).toBe(one.text);
    } finally {
      reader.dispose();
    }
  });

  it('refuses a folder that holds no reader, and a method that does not match', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await expect(loadPlateReader(empty)).rejects.toThrow(/province\/, letter\/ and alnum\//);
    await expect(loadPlateReader(join(root, 'missing'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    await expect(loadPlateReader(modelDir, { method: 'segment' })).rejects.toThrow(/province/);
    await expect(loadPlateReader(empty, { method: 'ctc' })).rejects.toMatchObject({
      name: 'DlError',
    });
    await expect(loadPlateReader(modelDir, { method: 'x' as never })).rejects.toThrow(
      /'auto', 'ctc' or 'segment'/,
    );
  });
});

/** 2× nearest-neighbour upscale of a 94 × 24 RGB crop. */
function upscale(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(188 * 48 * 3);
  for (let y = 0; y < 48; y++) {
    for (let x = 0; x < 188; x++) {
      for (let c = 0; c < 3; c++)
        out[(y * 188 + x) * 3 + c] = data[((y >> 1) * 94 + (x >> 1)) * 3 + c];
    }
  }
  return out;
}
