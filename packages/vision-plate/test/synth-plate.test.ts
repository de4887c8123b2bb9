import { isDlError } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { ALNUM, LETTERS, PROVINCES } from '../src/synth/labels';
import {
  PLATE_HEIGHT,
  PLATE_WIDTH,
  parsePlateText,
  synthPlate,
  synthPlates,
} from '../src/synth/plate';
import { encodePng } from '../src/synth/png';

type Plate = ReturnType<typeof synthPlate>;

function pixel(p: Plate, x: number, y: number): [number, number, number] {
  const k = (Math.round(y) * p.image.width + Math.round(x)) * 3;
  return [p.image.data[k], p.image.data[k + 1], p.image.data[k + 2]];
}

function checkBoxes(p: Plate): void {
  expect(p.boxes).toHaveLength(7);
  for (const b of p.boxes) {
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(PLATE_WIDTH);
    expect(b.y + b.height).toBeLessThanOrEqual(PLATE_HEIGHT);
    expect(b.width).toBeGreaterThan(35);
    expect(b.height).toBeGreaterThan(75);
  }
  const gaps = p.boxes.slice(1).map((b, i) => b.x - (p.boxes[i].x + p.boxes[i].width));
  // Left to right without overlap; the dot gap between the 2nd and 3rd is the widest.
  for (const g of gaps) expect(g).toBeGreaterThan(-8);
  const others = gaps.filter((_, i) => i !== 1);
  expect(gaps[1]).toBeGreaterThan(Math.max(...others) + 10);
  for (let i = 1; i < 7; i++) expect(p.boxes[i].x).toBeGreaterThan(p.boxes[i - 1].x + 40);
}

describe('synthPlate', () => {
  it('draws a flat blue plate with white characters in the standard layout', () => {
    const p = synthPlate({ text: '京A·12345', augment: false });
    expect(p.text).toBe('京A12345');
    expect(p.image.width).toBe(440);
    expect(p.image.height).toBe(140);
    expect(p.image.channels).toBe(3);
    expect(p.image.data).toBeInstanceOf(Uint8Array);
    expect(p.image.data).toHaveLength(440 * 140 * 3);
    checkBoxes(p);
    // Blue between characters, below the characters.
    const [r, g, b] = pixel(p, p.boxes[3].x - 5, 70);
    expect(b).toBeGreaterThan(120);
    expect(b).toBeGreaterThan(r + 80);
    expect(b).toBeGreaterThan(g + 50);
    // Each cell holds white ink; the dot sits in the wide gap.
    for (const box of p.boxes) {
      let white = 0;
      for (let y = box.y; y < box.y + box.height; y++) {
        for (let x = box.x; x < box.x + box.width; x++) {
          const [rr, gg, bb] = pixel(p, x, y);
          if (rr > 180 && gg > 180 && bb > 180) white++;
        }
      }
      expect(white / (box.width * box.height)).toBeGreaterThan(0.08);
    }
    const dotX = (p.boxes[1].x + p.boxes[1].width + p.boxes[2].x) / 2;
    expect(Math.min(...pixel(p, dotX, 70))).toBeGreaterThan(180);
    expect(Math.min(...pixel(p, dotX, 40))).toBeLessThan(120);
  });

  it('is deterministic per seed and varies between seeds', () => {
    const a = synthPlate({ seed: 4 });
    const b = synthPlate({ seed: 4 });
    const c = synthPlate({ seed: 5 });
    expect(a.text).toBe(b.text);
    expect(a.image.data).toEqual(b.image.data);
    expect(a.boxes).toEqual(b.boxes);
    expect(c.image.data).not.toEqual(a.image.data);
    const fixed = synthPlate({ seed: 4, text: '粤B8X0Q9' });
    expect(fixed.text).toBe('粤B8X0Q9');
  });

  it('keeps the seven boxes inside the image, in order, under tilt and perspective', () => {
    const plates = synthPlates({ count: 12, seed: 9 });
    expect(plates).toHaveLength(12);
    for (const p of plates) {
      expect([...p.text]).toHaveLength(7);
      expect(PROVINCES).toContain([...p.text][0]);
      expect(LETTERS).toContain(p.text[1]);
      for (const ch of p.text.slice(2)) expect(ALNUM).toContain(ch);
      checkBoxes(p);
    }
    expect(new Set(plates.map((p) => p.text)).size).toBe(12);
    expect(synthPlates({ count: 3, seed: 9 }).map((p) => p.text)).toEqual(
      plates.slice(0, 3).map((p) => p.text),
    );
  });

  it('rejects a malformed plate text', () => {
    for (const bad of ['京A1234', 'AA12345', '京I12345', '京A1234O', '']) {
      try {
        parsePlateText(bad);
        expect.unreachable(bad);
      } catch (e) {
        expect(isDlError(e, 'INVALID_ARGUMENT')).toBe(true);
      }
    }
    expect(() => synthPlate({ text: 'XYZ' })).toThrow(/plate text/);
  });

  it('encodes a plate as PNG', () => {
    const png = encodePng(synthPlate({ seed: 2 }).image);
    expect(Array.from(png.subarray(0, 8))).toEqual([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ]);
    expect(new DataView(png.buffer, png.byteOffset).getUint32(16)).toBe(440);
  });
});
