import { describe, expect, it } from 'vitest';
import { jpegArtefacts } from '../src/synth/jpeg-artefacts';
import { synthPlateCrop, synthPlateCrops } from '../src/synth/realistic-plate';

/** Mean of one channel over a rectangle of an RGB crop. */
function mean(
  img: { width: number; data: Uint8Array },
  c: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
) {
  let s = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      s += img.data[(y * img.width + x) * 3 + c];
      n++;
    }
  }
  return s / n;
}

describe('synthPlateCrop (realistic synthetic crops)', () => {
  it('draws 94 × 24 RGB crops, the same for the same seed and different for another', () => {
    const a = synthPlateCrop({ seed: 3 });
    const b = synthPlateCrop({ seed: 3 });
    const c = synthPlateCrop({ seed: 4 });
    expect([a.image.width, a.image.height, a.image.channels]).toEqual([94, 24, 3]);
    expect(a.image.data.length).toBe(94 * 24 * 3);
    expect(b.text).toBe(a.text);
    expect(Buffer.from(b.image.data).equals(Buffer.from(a.image.data))).toBe(true);
    expect(Buffer.from(c.image.data).equals(Buffer.from(a.image.data))).toBe(false);
  });

  it('gives green plates eight characters and the others seven, all valid plate texts', () => {
    const crops = synthPlateCrops({ count: 60, seed: 2 });
    for (const crop of crops) {
      expect([...crop.text].length, crop.text).toBe(crop.colour === 'green' ? 8 : 7);
      expect(crop.text).toMatch(/^\p{Script=Han}[A-HJ-NP-Z][0-9A-HJ-NP-Z]{5,6}$/u);
    }
    const colours = new Set(crops.map((c) => c.colour));
    expect(colours).toEqual(new Set(['blue', 'green', 'yellow']));
    expect(synthPlateCrop({ text: '粤BD12345' }).colour).toBe('green');
  });

  it('keeps the plate colours: clean blue plates are blue with white text, green ones have dark text', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const blue = synthPlateCrop({ seed, colour: 'blue', text: '皖A11111', realism: 0 }).image;
      // The background between characters (rows near the top of the plate) is blue.
      const [r, , b] = [0, 1, 2].map((c) => mean(blue, c, 10, 84, 2, 5));
      expect(b, `seed ${seed}`).toBeGreaterThan(r + 30);
      const green = synthPlateCrop({ seed, colour: 'green', realism: 0 }).image;
      // Text rows are darker than the plate's margin rows on a green plate (black ink)…
      const gText = mean(green, 1, 20, 84, 9, 15);
      const gMargin = mean(green, 1, 20, 84, 2, 4);
      expect(gText, `seed ${seed}`).toBeLessThan(gMargin);
      // …and lighter on a blue one (white ink): the red channel tells, a bright blue plate's
      // blue channel can be as high as the ink's.
      expect(mean(blue, 0, 20, 84, 9, 15)).toBeGreaterThan(mean(blue, 0, 20, 84, 2, 4) + 30);
    }
  });

  it('refuses a text that is no plate, and a green plate of seven characters', () => {
    expect(() => synthPlateCrop({ text: 'AB12345' })).toThrow(/province character/);
    expect(() => synthPlateCrop({ text: '京A1234' })).toThrow(/province character/);
    expect(() => synthPlateCrop({ text: '京A12345', colour: 'green' })).toThrow(/8 characters/);
  });

  it('degrades: realistic crops differ from clean ones of the same plate', () => {
    let differ = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const clean = synthPlateCrop({ seed, realism: 0 }).image.data;
      const real = synthPlateCrop({ seed }).image.data;
      let d = 0;
      for (let i = 0; i < clean.length; i++) d += Math.abs(clean[i] - real[i]);
      if (d / clean.length > 8) differ++;
    }
    expect(differ).toBeGreaterThanOrEqual(6);
  });
});

describe('jpegArtefacts', () => {
  /** A 16 × 16 RGB image with a sharp vertical edge and a gradient. */
  function image() {
    const rgb = new Float32Array(16 * 16 * 3);
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        const k = (y * 16 + x) * 3;
        rgb[k] = x < 7 ? 30 : 220;
        rgb[k + 1] = 8 * y;
        rgb[k + 2] = 128;
      }
    }
    return rgb;
  }
  const error = (q: number) => {
    const a = image();
    const b = image();
    jpegArtefacts(b, 16, 16, q);
    let e = 0;
    for (let i = 0; i < a.length; i++) e += Math.abs(a[i] - b[i]);
    return e / a.length;
  };

  it('loses more at lower quality, little at 95', () => {
    // Mostly the chroma subsampling smearing the red edge: as a real encoder does.
    expect(error(95)).toBeLessThan(8);
    expect(error(10)).toBeGreaterThan(error(50));
    expect(error(50)).toBeGreaterThan(error(95));
  });

  it('keeps a flat image flat: only its level moves, by the DC step', () => {
    const flat = new Float32Array(8 * 8 * 3).fill(100);
    jpegArtefacts(flat, 8, 8, 20);
    for (const v of flat) expect(Math.abs(v - flat[0])).toBeLessThan(1e-3);
    // Quality 20 quantises the DC in steps of 40 / 8 = 5 grey levels.
    expect(Math.abs(flat[0] - 100)).toBeLessThanOrEqual(2.5 + 1e-3);
  });
});
