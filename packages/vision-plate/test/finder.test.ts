import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPlateCandidates } from '../src/finder/candidates';
import { deskewCrop } from '../src/finder/deskew';
import { drawPlatesOnPhoto } from '../src/finder/draw';
import { readPlatesInPhoto } from '../src/finder/find';
import type { PlateReader } from '../src/reading';
import { synthPlateCrop } from '../src/synth/realistic-plate';
import { H, paste, photo, scene, W } from './photo-scene';

const root = mkdtempSync(join(tmpdir(), 'dl-plate-finder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findPlateCandidates', () => {
  for (const [colour, deg] of [
    ['blue', 0],
    ['blue', 6],
    ['yellow', -4],
    ['green', 3],
  ] as const) {
    it(`finds a ${colour} plate turned ${deg}° as a rotated rectangle of the right size`, () => {
      const data = scene(7);
      const crop = synthPlateCrop({ seed: 11, colour, realism: 0 });
      paste(data, crop, 250, 200, 2.2, deg);
      const found = findPlateCandidates(photo(data));
      const hit = found.find((c) => Math.hypot(c.cx - 250, c.cy - 200) < 12);
      expect(hit, JSON.stringify(found)).toBeDefined();
      expect(Math.abs((hit!.angle * 180) / Math.PI - deg)).toBeLessThan(3);
      // The crop is 94 × 24 scaled 2.2×: ~207 × 53 with the margin the crop has round the plate.
      expect(hit!.halfWidth * 2).toBeGreaterThan(150);
      expect(hit!.halfWidth * 2).toBeLessThan(240);
      expect(hit!.halfWidth / hit!.halfHeight).toBeGreaterThan(2.5);
    });
  }

  it('finds nothing plate-like in a scene without a plate', () => {
    const found = findPlateCandidates(photo(scene(8))).filter((c) => c.source !== 'edges');
    expect(found).toEqual([]);
  });

  it('deskews: the cut-out of a turned plate matches the plate drawn straight', () => {
    const data = scene(9);
    const crop = synthPlateCrop({ seed: 12, colour: 'blue', realism: 0 });
    paste(data, crop, 240, 180, 2, 8);
    const hit = findPlateCandidates(photo(data)).find((c) => c.source === 'blue')!;
    const upright = deskewCrop(photo(data), hit, 94, 24, 0);
    // Mean absolute difference against the original crop, inside its middle (the edges of
    // the found rectangle may differ by a pixel or two).
    let d = 0;
    let n = 0;
    for (let y = 6; y < 18; y++) {
      for (let x = 15; x < 80; x++) {
        for (let k = 0; k < 3; k++) {
          d += Math.abs(upright.data[(y * 94 + x) * 3 + k] - crop.image.data[(y * 94 + x) * 3 + k]);
          n++;
        }
      }
    }
    expect(d / n).toBeLessThan(40);
  });
});

describe('readPlatesInPhoto', () => {
  // A stand-in reader that reads every candidate as a confident plate: this tests the search,
  // the deskew and the merging; the reader's own tests test reading.
  const calls: number[] = [];
  const reader: PlateReader = {
    method: 'ctc',
    read: async () => {
      throw new Error('readBatch only');
    },
    readBatch: async (images) => {
      calls.push(images.length);
      return images.map(() => ({
        ok: true as const,
        reading: { text: '皖A12345', characters: [], confidence: 0.9, valid: true },
      }));
    },
    dispose: () => {},
  };

  it('answers no plate (an empty list, no error) for a photo without one, without reading', async () => {
    calls.length = 0;
    const flat = new Uint8Array(W * H * 3).fill(128);
    expect(await readPlatesInPhoto(photo(flat), reader)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('rejects candidates the reader does not read confidently or validly (the judge)', async () => {
    const doubtful = (confidence: number, valid: boolean): PlateReader => ({
      ...reader,
      readBatch: async (images) =>
        images.map(() => ({
          ok: true as const,
          reading: { text: '皖A1234', characters: [], confidence, valid },
        })),
    });
    const data = scene(7);
    paste(data, synthPlateCrop({ seed: 11, colour: 'blue', realism: 0 }), 250, 200, 2.2, 0);
    expect(await readPlatesInPhoto(photo(data), doubtful(0.3, true))).toEqual([]);
    expect(await readPlatesInPhoto(photo(data), doubtful(0.99, false))).toEqual([]);
    expect(await readPlatesInPhoto(photo(data), doubtful(0.99, true))).not.toEqual([]);
  });

  it('reports a found plate once, with its box, corners and angle in photo pixels', async () => {
    const data = scene(7);
    paste(data, synthPlateCrop({ seed: 11, colour: 'blue', realism: 0 }), 250, 200, 2.2, 5);
    const plates = await readPlatesInPhoto(photo(data), reader, { minConfidence: 0.5 });
    const near = plates.filter((p) => Math.abs(p.box.x + p.box.width / 2 - 250) < 15);
    expect(near).toHaveLength(1);
    expect(near[0].text).toBe('皖A12345');
    expect(near[0].corners).toHaveLength(4);
    expect(Math.abs(near[0].angle - 5)).toBeLessThan(3);
  });

  it('draws the found plates outlined on a copy of the photo', async () => {
    const data = scene(7);
    paste(data, synthPlateCrop({ seed: 11, colour: 'blue', realism: 0 }), 250, 200, 2.2, 0);
    const plates = await readPlatesInPhoto(photo(data), reader);
    const drawn = drawPlatesOnPhoto(photo(data), plates);
    const [x, y] = plates[0].corners[0].map(Math.round);
    const at = (img: Uint8Array, px: number, py: number) => [
      ...img.slice((py * W + px) * 3, (py * W + px) * 3 + 3),
    ];
    expect(at(drawn.data, x, y)).toEqual([40, 220, 60]);
    expect(at(data, x, y)).not.toEqual([40, 220, 60]); // the photo itself is untouched
  });

  it('refuses a file that is no image, naming it', async () => {
    const file = join(root, 'notes.jpg');
    writeFileSync(file, 'not an image at all');
    await expect(readPlatesInPhoto(file, reader)).rejects.toMatchObject({
      name: 'DlError',
      message: expect.stringContaining('notes.jpg'),
    });
  });
});
