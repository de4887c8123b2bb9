import { isDlError } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { findFonts } from '../src/synth/fonts';
import { GLYPH_SIZE, PLATE_ONE_FONT, renderGlyph, synthGlyphs } from '../src/synth/glyph';
import { ALNUM, type GlyphKind, LETTERS, PROVINCES } from '../src/synth/labels';

const N = GLYPH_SIZE * GLYPH_SIZE;

function mad(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

function mass(img: Float32Array): number {
  return img.reduce((s, v) => s + v, 0);
}

/** Rows and columns holding ink (> level), as [first, last] spans. */
function extent(
  img: Float32Array,
  level = 0.5,
): { rows: number; cols: number; top: number; left: number } {
  let top = GLYPH_SIZE;
  let bottom = -1;
  let left = GLYPH_SIZE;
  let right = -1;
  for (let y = 0; y < GLYPH_SIZE; y++) {
    for (let x = 0; x < GLYPH_SIZE; x++) {
      if (img[y * GLYPH_SIZE + x] > level) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  return { rows: bottom - top + 1, cols: right - left + 1, top, left };
}

function centroidX(img: Float32Array): number {
  let s = 0;
  let m = 0;
  for (let i = 0; i < img.length; i++) {
    s += img[i] * (i % GLYPH_SIZE);
    m += img[i];
  }
  return s / m;
}

describe('renderGlyph', () => {
  it('draws a white, centred, nearly full-height character on black', () => {
    const img = renderGlyph('京');
    expect(img).toBeInstanceOf(Float32Array);
    expect(img).toHaveLength(N);
    expect(Math.min(...img)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...img)).toBeLessThanOrEqual(1);
    expect(img[0]).toBe(0); // corner is background
    const e = extent(img);
    expect(e.rows).toBeGreaterThanOrEqual(18);
    expect(e.cols).toBeGreaterThanOrEqual(13); // Chinese: wide
    expect(Math.abs(centroidX(img) - 9.5)).toBeLessThan(1.5);
    const a = extent(renderGlyph('A'));
    expect(a.cols).toBeGreaterThanOrEqual(8); // Latin: ~8–11 px, like real crops
    expect(a.cols).toBeLessThanOrEqual(12);
  });

  it('keeps a plate-style 1 a thin vertical bar', () => {
    const e = extent(renderGlyph('1', { font: PLATE_ONE_FONT }));
    expect(e.rows).toBeGreaterThanOrEqual(18);
    expect(e.cols).toBeLessThanOrEqual(6);
  });

  it('applies each augmentation', () => {
    const base = renderGlyph('H');
    expect(centroidX(renderGlyph('H', { shiftX: 2 })) - centroidX(base)).toBeCloseTo(2, 0);
    expect(mad(renderGlyph('H', { rotation: 8 }), base)).toBeGreaterThan(0.03);
    expect(extent(renderGlyph('H', { scale: 0.85 })).rows).toBeLessThan(extent(base).rows);
    expect(mass(renderGlyph('H', { thickness: 1 }))).toBeGreaterThan(mass(base) * 1.3);
    expect(mass(renderGlyph('H', { thickness: -0.5 }))).toBeLessThan(mass(base) * 0.9);
    const blurred = renderGlyph('H', { blur: 0.8 });
    expect(Math.max(...blurred)).toBeLessThan(Math.max(...base));
    expect(mass(blurred)).toBeCloseTo(mass(base), -1);
    const dim = renderGlyph('H', { contrast: 0.6, brightness: -0.1 });
    expect(Math.max(...dim)).toBeLessThan(0.75);
    const noisy = renderGlyph('H', { noise: 0.05, saltPepper: 0.02, seed: 3 });
    expect(mad(noisy, base)).toBeGreaterThan(0.01);
    expect(noisy).toEqual(renderGlyph('H', { noise: 0.05, saltPepper: 0.02, seed: 3 }));
    const binary = renderGlyph('H', { rotation: 5, threshold: 0.5 });
    expect(binary.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('throws DATA_INVALID for a character the font lacks', () => {
    const latin = findFonts('latin')[0];
    expect(() => renderGlyph('京', { font: latin })).toThrow(/has no glyph for '京'/);
    try {
      renderGlyph('京', { font: latin });
    } catch (e) {
      expect(isDlError(e, 'DATA_INVALID')).toBe(true);
    }
  });
});

describe('synthGlyphs', () => {
  const kinds: [GlyphKind, readonly string[]][] = [
    ['province', PROVINCES],
    ['letter', LETTERS],
    ['alnum', ALNUM],
  ];

  it.each(kinds)('%s: every label in every font renders a full-height glyph', (kind, labels) => {
    const perClass = 5; // clean renders cycle through the fonts
    const g = synthGlyphs({ kind, perClass, augment: false });
    expect(g.labelNames).toEqual([...labels]);
    expect(g.count).toBe(labels.length * perClass);
    expect(g.images).toHaveLength(g.count * N);
    for (let i = 0; i < g.count; i++) {
      const img = g.images.subarray(i * N, (i + 1) * N);
      const name = `${g.labelNames[g.labels[i]]} #${i}`;
      expect(mass(img), name).toBeGreaterThan(15);
      expect(extent(img, 0.3).rows, name).toBeGreaterThanOrEqual(17);
    }
  });

  it('is deterministic per seed, with balanced interleaved labels', () => {
    const a = synthGlyphs({ kind: 'letter', perClass: 6, seed: 5 });
    const b = synthGlyphs({ kind: 'letter', perClass: 6, seed: 5 });
    const c = synthGlyphs({ kind: 'letter', perClass: 6, seed: 6 });
    expect(a.images).toEqual(b.images);
    expect(a.labels).toEqual(b.labels);
    expect(mad(a.images, c.images)).toBeGreaterThan(0.05);
    expect(a.labels).toBeInstanceOf(Int32Array);
    expect(Array.from(a.labels.subarray(0, 26))).toEqual([...Array(24).keys(), 0, 1]);
    const counts = new Array(24).fill(0);
    for (const l of a.labels) counts[l]++;
    expect(counts.every((n) => n === 6)).toBe(true);
    // Each sample has its own random stream: fewer per class gives a prefix.
    const small = synthGlyphs({ kind: 'letter', perClass: 2, seed: 5 });
    expect(small.images).toEqual(a.images.subarray(0, small.images.length));
  });

  it('augmented samples stay in range, vary, and are mostly binarised', () => {
    const g = synthGlyphs({ kind: 'province', perClass: 10, seed: 2 });
    let binary = 0;
    for (let i = 0; i < g.count; i++) {
      const img = g.images.subarray(i * N, (i + 1) * N);
      expect(Math.min(...img)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...img)).toBeLessThanOrEqual(1);
      expect(mass(img)).toBeGreaterThan(10);
      const mid = img.filter((v) => v > 0.15 && v < 0.85).length;
      if (mid < 0.2 * N) binary++;
    }
    expect(binary / g.count).toBeGreaterThan(0.6);
    const k = 31; // two samples of class 0
    expect(mad(g.images.subarray(0, N), g.images.subarray(k * N, (k + 1) * N))).toBeGreaterThan(
      0.05,
    );
  });

  it('different characters render differently; the same character across fonts alike', () => {
    const zero = renderGlyph('0');
    const eight = renderGlyph('8');
    expect(mad(zero, eight)).toBeGreaterThan(0.04);
    expect(mad(renderGlyph('京'), renderGlyph('津'))).toBeGreaterThan(0.1);
    const fonts = findFonts('latin');
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    const chars = ['A', '7', 'L', 'T', 'X', '4', 'H', 'C'];
    for (const f of fonts.slice(1)) {
      for (const ch of chars) {
        const ref = renderGlyph(ch, { font: fonts[0] });
        const same = mad(ref, renderGlyph(ch, { font: f }));
        const nearestOther = Math.min(
          ...chars.filter((o) => o !== ch).map((o) => mad(ref, renderGlyph(o, { font: f }))),
        );
        expect(same, `${ch} in ${f.path}`).toBeLessThan(nearestOther);
      }
    }
  });

  it('rejects a bad kind or count', () => {
    expect(() => synthGlyphs({ kind: 'digit' as GlyphKind, perClass: 1 })).toThrow(/kind must be/);
    expect(() => synthGlyphs({ kind: 'letter', perClass: 0 })).toThrow(/perClass/);
  });
});
