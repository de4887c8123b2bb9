import { isDlError } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { fftFrequencies, hzToMel, melFilterbank, melFrequencies, melToHz } from '../src';

describe('Slaney mel scale', () => {
  it('pins known points', () => {
    expect(hzToMel(0)).toBe(0);
    expect(hzToMel(500)).toBeCloseTo(7.5, 12); // 500 / (200/3) = 7.5
    expect(hzToMel(1000)).toBeCloseTo(15, 12); // 1000 / (200/3) = 15
    expect(hzToMel(6400)).toBeCloseTo(42, 12); // 15 + 27·ln(6.4)/ln(6.4) = 42
    expect(melToHz(42)).toBeCloseTo(6400, 9);
    expect(melToHz(15)).toBeCloseTo(1000, 9);
    expect(melToHz(7.5)).toBeCloseTo(500, 12);
  });
  it('round-trips', () => {
    for (const f of [0, 37, 999, 1000, 1001, 4000, 11025])
      expect(melToHz(hzToMel(f))).toBeCloseTo(f, 8);
  });
});

describe('HTK mel scale', () => {
  it('1000 Hz → 2595·log10(1 + 1000/700) = 2595·0.385350 = 999.99 mel', () => {
    expect(hzToMel(1000, true)).toBeCloseTo(999.9856, 3);
    expect(hzToMel(0, true)).toBe(0);
    expect(melToHz(hzToMel(3000, true), true)).toBeCloseTo(3000, 8);
  });
});

describe('melFilterbank (librosa.filters.mel)', () => {
  it('hand-computed: sr 2000, nFft 8, 1 band → edges 0, 500, 1000 Hz', () => {
    // mel edges linspace(0, 15, 3) = 0, 7.5, 15 → 0, 500, 1000 Hz; bins at 0, 250, 500, 750, 1000
    // ramps: min((f−0)/500, (1000−f)/500) = [0, .5, 1, .5, 0]; Slaney × 2/(1000−0) = 0.002
    const fb = melFilterbank(2000, 8, { nMels: 1 });
    expect(Array.from(fb.weights).map((v) => +v.toFixed(12))).toEqual([0, 0.001, 0.002, 0.001, 0]);
    const raw = melFilterbank(2000, 8, { nMels: 1, norm: 'none' });
    expect(Array.from(raw.weights)).toEqual([0, 0.5, 1, 0.5, 0]);
  });

  it('librosa defaults at 22050 Hz: 128 non-negative filters, area-normalised, covering 0 … sr/2', () => {
    const sr = 22050;
    const nFft = 2048;
    const fb = melFilterbank(sr, nFft);
    expect(fb.nMels).toBe(128);
    expect(fb.bins).toBe(1025);
    const edges = melFrequencies(130, 0, sr / 2);
    expect(edges[0]).toBe(0);
    expect(edges[129]).toBeCloseTo(sr / 2, 6);
    const df = sr / nFft;
    for (let m = 0; m < 128; m++) {
      const row = fb.weights.subarray(m * 1025, (m + 1) * 1025);
      let max = 0;
      let sum = 0;
      let min = 0;
      for (const v of row) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
      }
      expect(min).toBe(0);
      // triangle peak (at its centre edge) is 2/(f_hi − f_lo): the sampled max never exceeds it
      const peak = 2 / (edges[m + 2] - edges[m]);
      expect(max).toBeLessThanOrEqual(peak * (1 + 1e-12));
      expect(max).toBeGreaterThan(0);
      // area of a triangle of base (f_hi − f_lo) and height 2/(f_hi − f_lo) is 1 (Riemann sum)
      expect(sum * df).toBeGreaterThan(0.8);
      expect(sum * df).toBeLessThan(1.2);
    }
    // every bin strictly inside (0, sr/2) lies under some filter; the two end bins do not
    const uncovered: number[] = [];
    for (let k = 0; k < 1025; k++) {
      let col = 0;
      for (let m = 0; m < 128; m++) col += fb.weights[m * 1025 + k];
      if (col === 0) uncovered.push(k);
    }
    expect(uncovered).toEqual([0, 1024]);
  });

  it('fftFrequencies = linspace(0, sr/2, 1 + nFft/2)', () => {
    const f = fftFrequencies(8000, 2048);
    expect(f.length).toBe(1025);
    expect(f[256]).toBe(1000);
    expect(f[1024]).toBe(4000);
  });

  it('HTK option changes edges; fmin/fmax respected', () => {
    const fb = melFilterbank(16000, 512, { nMels: 40, fmin: 300, fmax: 4000, htk: true });
    const f = fftFrequencies(16000, 512);
    for (let k = 0; k < fb.bins; k++) {
      if (f[k] <= 300 || f[k] >= 4000) {
        for (let m = 0; m < 40; m++) expect(fb.weights[m * fb.bins + k]).toBeCloseTo(0, 12);
      }
    }
  });

  it('rejects fmax > sr/2 and bad sizes with INVALID_ARGUMENT', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isDlError(e, 'INVALID_ARGUMENT');
      }
      return false;
    };
    expect(code(() => melFilterbank(8000, 2048, { fmax: 4001 }))).toBe(true);
    expect(code(() => melFilterbank(0, 2048))).toBe(true);
    expect(code(() => melFilterbank(8000, 1000))).toBe(true);
    expect(code(() => melFilterbank(8000, 2048, { nMels: 0 }))).toBe(true);
    expect(code(() => melFilterbank(8000, 2048, { fmin: 3000, fmax: 2000 }))).toBe(true);
  });
});
