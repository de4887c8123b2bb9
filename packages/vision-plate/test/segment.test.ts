import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDlError, resizeImage } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIN_PLATE_WIDTH, type PlateSegmentation, segmentPlate } from '../src/segment';
import { renderGlyph } from '../src/synth/glyph';
import { type PlateBox, type SynthPlate, synthPlate, synthPlates } from '../src/synth/plate';
import { encodePng, glyphMosaic } from '../src/synth/png';

function iou(a: PlateBox, b: PlateBox): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = Math.max(0, w) * Math.max(0, h);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

function expectDataInvalid(f: () => unknown, pattern: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(isDlError(e) && e.code).toBe('DATA_INVALID');
    expect((e as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a DATA_INVALID error');
}

/** Paints the box with the colour of the pixel at (px, py). */
function paint(p: SynthPlate, box: PlateBox, px: number, py: number): void {
  const { width, data } = p.image;
  const k0 = (py * width + px) * 3;
  const colour = [data[k0], data[k0 + 1], data[k0 + 2]];
  for (let y = Math.floor(box.y); y < Math.ceil(box.y + box.height); y++) {
    for (let x = Math.floor(box.x); x < Math.ceil(box.x + box.width); x++) {
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = colour[c];
    }
  }
}

describe('segmentPlate on synthetic plates', () => {
  const seeds = [1, 2, 3, 4];
  const perSeed = 50;
  let plates: SynthPlate[] = [];
  let results: (PlateSegmentation | Error)[] = [];

  // Speed (ms per plate, goal < 20) is measured in bench/plate.mjs, not asserted here.
  beforeAll(() => {
    plates = seeds.flatMap((seed) => synthPlates({ count: perSeed, seed }));
    results = plates.map((p) => {
      try {
        return segmentPlate(p.image);
      } catch (e) {
        return e as Error;
      }
    });
  });

  it('finds all seven characters (IoU ≥ 0.5 with the true cells) on ≥ 95% of plates', () => {
    const failures: string[] = [];
    results.forEach((r, i) => {
      const p = plates[i];
      if (r instanceof Error) failures.push(`${i} ${p.text}: ${r.message}`);
      else {
        const ious = r.boxes.map((b, k) => iou(b, p.boxes[k]));
        if (ious.some((v) => v < 0.5))
          failures.push(`${i} ${p.text}: IoU ${ious.map((v) => v.toFixed(2)).join(' ')}`);
      }
    });
    const rate = 1 - failures.length / plates.length;
    console.log(
      `segmentPlate: ${(rate * 100).toFixed(1)}% of ${plates.length} plates fully segmented` +
        `${failures.length ? `\n  ${failures.join('\n  ')}` : ''}`,
    );
    expect(plates.length).toBeGreaterThanOrEqual(100);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it('frames glyphs like the training glyphs: white on black, nearly full height, centred', () => {
    const bad: string[] = [];
    results.forEach((r, i) => {
      if (r instanceof Error) return;
      expect(r.glyphs).toHaveLength(7);
      r.glyphs.forEach((g, k) => {
        expect(g).toHaveLength(400);
        let ink = 0;
        let top = 20;
        let bottom = -1;
        let left = 20;
        let right = -1;
        let range = true;
        for (let y = 0; y < 20; y++) {
          for (let x = 0; x < 20; x++) {
            const v = g[y * 20 + x];
            range &&= v >= 0 && v <= 1;
            ink += v;
            if (v > 0.5) {
              top = Math.min(top, y);
              bottom = Math.max(bottom, y);
              left = Math.min(left, x);
              right = Math.max(right, x);
            }
          }
        }
        const problems = [
          // White strokes on a black background: ink covers a minority of the square.
          ink / 400 < 0.04 || ink / 400 > 0.6 ? `ink ${(ink / 400).toFixed(2)}` : '',
          bottom - top + 1 < 17 ? `height ${bottom - top + 1}` : '',
          Math.abs((left + right + 1) / 2 - 10) > 1.5 ? `centre ${(left + right + 1) / 2}` : '',
          [0, 19, 380, 399].some((c) => g[c] >= 0.5) ? 'corner' : '',
          range ? '' : 'range',
        ].filter(Boolean);
        if (problems.length) bad.push(`${plates[i].text}[${k}]: ${problems.join(', ')}`);
      });
    });
    expect(bad).toEqual([]);
  });

  it('never returns the separator dot as a character', () => {
    results.forEach((r, i) => {
      if (r instanceof Error) return;
      const p = plates[i];
      // The dot lies in the wide gap between the 2nd and 3rd true cells.
      const gapLeft = p.boxes[1].x + p.boxes[1].width;
      const gapRight = p.boxes[2].x;
      for (const b of r.inkBoxes) {
        const cx = b.x + b.width / 2;
        expect(cx > gapLeft + 2 && cx < gapRight - 2).toBe(false);
        expect(b.height).toBeGreaterThan(40);
      }
    });
  });

  it('returns boxes left to right inside the image, and the mask on request', () => {
    const r = segmentPlate(synthPlate({ seed: 5, text: '川A11111' }).image, { debug: true });
    for (let i = 1; i < 7; i++) expect(r.boxes[i].x).toBeGreaterThan(r.boxes[i - 1].x);
    for (const b of r.boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(440);
    }
    expect(r.binary?.data).toHaveLength(440 * 140);
    expect(segmentPlate(synthPlate({ seed: 5 }).image).binary).toBeUndefined();
  });

  it('works on a grayscale image with bright characters', () => {
    const p = synthPlate({ seed: 11 });
    const { width, height, data } = p.image;
    const gray = new Uint8Array(width * height);
    for (let i = 0; i < gray.length; i++)
      gray[i] = Math.round(0.299 * data[i * 3] + 0.587 * data[i * 3 + 1] + 0.114 * data[i * 3 + 2]);
    const r = segmentPlate({ width, height, channels: 1, data: gray });
    r.boxes.forEach((b, k) => expect(iou(b, p.boxes[k])).toBeGreaterThan(0.5));
  });

  it('also segments plates at half size (220×70)', () => {
    const half = synthPlates({ count: 40, seed: 21 });
    let ok = 0;
    for (const p of half) {
      try {
        const r = segmentPlate(resizeImage(p.image, [70, 220]));
        const scaled = r.boxes.map((b) => ({
          x: b.x * 2,
          y: b.y * 2,
          width: b.width * 2,
          height: b.height * 2,
        }));
        if (scaled.every((b, k) => iou(b, p.boxes[k]) >= 0.5)) ok++;
      } catch {}
    }
    expect(ok / half.length).toBeGreaterThanOrEqual(0.9);
  });

  /** With DL_SYNTH_PREVIEW=1: glyph mosaics (segmented above rendered) and masks in .tmp/. */
  it.skipIf(!process.env.DL_SYNTH_PREVIEW)('writes previews to look at', () => {
    const dir = join(__dirname, '../../../.tmp/segment-preview');
    mkdirSync(dir, { recursive: true });
    const ok = results
      .map((r, i) => ({ r, text: plates[i].text }))
      .filter((x): x is { r: PlateSegmentation; text: string } => !(x.r instanceof Error))
      .slice(0, 8);
    // Each plate's segmented glyphs, then the same characters as renderGlyph draws them.
    const all = new Float32Array(ok.length * 2 * 7 * 400);
    ok.forEach(({ r, text }, i) => {
      r.glyphs.forEach((g, k) => all.set(g, (i * 14 + k) * 400));
      [...text].forEach((ch, k) => all.set(renderGlyph(ch), (i * 14 + 7 + k) * 400));
    });
    writeFileSync(join(dir, 'glyphs.png'), encodePng(glyphMosaic(all, 20, 7, 4)));
    for (let i = 0; i < 4; i++) {
      writeFileSync(join(dir, `plate-${i}.png`), encodePng(plates[i].image));
      const { binary } = segmentPlate(plates[i].image, { debug: true });
      if (binary) writeFileSync(join(dir, `binary-${i}.png`), encodePng(binary));
    }
  });
});

describe('segmentPlate errors', () => {
  it('rejects a blank blue image and an all-black one: no characters', () => {
    const blue = new Uint8Array(440 * 140 * 3);
    for (let i = 0; i < blue.length; i += 3) blue.set([10, 60, 160], i);
    expectDataInvalid(
      () => segmentPlate({ width: 440, height: 140, channels: 3, data: blue }),
      /no characters/,
    );
    expectDataInvalid(
      () => segmentPlate({ width: 440, height: 140, channels: 1, data: new Uint8Array(440 * 140) }),
      /no characters/,
    );
  });

  it('rejects a plate with its characters painted over, saying how many were found', () => {
    const p = synthPlate({ seed: 3 });
    const bg = { x: Math.round(p.boxes[1].x + p.boxes[1].width + 2), y: 30 };
    for (const b of p.boxes.slice(0, 6)) paint(p, b, bg.x, bg.y);
    expectDataInvalid(() => segmentPlate(p.image), /no characters|found only [0-6] of the 7/);
    const q = synthPlate({ seed: 4 });
    const at = { x: Math.round(q.boxes[1].x + q.boxes[1].width + 2), y: 30 };
    paint(q, q.boxes[4], at.x, at.y);
    paint(q, q.boxes[6], at.x, at.y);
    expectDataInvalid(() => segmentPlate(q.image), /found only [4-6] of the 7/);
  });

  it('rejects images that are too small', () => {
    expectDataInvalid(
      () =>
        segmentPlate({
          width: MIN_PLATE_WIDTH - 1,
          height: 30,
          channels: 1,
          data: new Uint8Array((MIN_PLATE_WIDTH - 1) * 30),
        }),
      /too small/,
    );
  });
});
