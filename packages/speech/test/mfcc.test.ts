import { isDlError } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { dctRows, logMel, mfcc } from '../src';

const sine = (hz: number, sr: number, n: number) => {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * hz * i) / sr);
  return x;
};
const invalid = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isDlError(e, 'INVALID_ARGUMENT');
  }
  return false;
};

describe('mfcc (librosa.feature.mfcc defaults)', () => {
  it('shape [20, 1 + ⌊len/512⌋], Float32Array, row-major', () => {
    const r = mfcc(sine(1000, 8000, 8000), 8000);
    expect(r.nMfcc).toBe(20);
    expect(r.frames).toBe(16); // 1 + ⌊8000/512⌋
    expect(r.data).toBeInstanceOf(Float32Array);
    expect(r.data.length).toBe(20 * 16);
    expect(r.data.every(Number.isFinite)).toBe(true);
  });

  it('silence: every mel band is 10·log10(1e-10) = −100 dB, so c0 = −100·√128 = −1131.37 and the rest 0', () => {
    const r = mfcc(new Float32Array(1024), 16000);
    expect(r.frames).toBe(3);
    for (let t = 0; t < r.frames; t++) {
      expect(r.data[t]).toBeCloseTo(-100 * Math.sqrt(128), 2);
      for (let k = 1; k < 20; k++) expect(r.data[k * r.frames + t]).toBeCloseTo(0, 3);
    }
  });

  it('is the orthonormal DCT of logMel, stage by stage', () => {
    const x = sine(440, 16000, 4000);
    const lm = logMel(x, 16000);
    expect(lm.nMels).toBe(128);
    const c = dctRows(lm.data, lm.nMels, lm.frames, 13);
    const r = mfcc(x, 16000, { nMfcc: 13 });
    for (let i = 0; i < c.length; i++) expect(r.data[i]).toBeCloseTo(c[i], 2);
  });

  it('logMel peaks in the band holding 1 kHz and respects top_db', () => {
    const lm = logMel(sine(1000, 8000, 8000), 8000, { nMels: 40 });
    const t = 8;
    let best = 0;
    let max = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    for (let m = 0; m < 40; m++) {
      const v = lm.data[m * lm.frames + t];
      if (v > lm.data[best * lm.frames + t]) best = m;
    }
    for (const v of lm.data) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    expect(max - min).toBeLessThanOrEqual(80 + 1e-3);
    // 1000 Hz = 15 mel; 40 bands over 0 … hzToMel(4000) = 15 + 27·ln4/ln6.4 = 35.25 mel,
    // spacing 35.25/41 = 0.86 → centre index nearest 15/0.86 − 1 ≈ 16.4
    expect(Math.abs(best - 16.4)).toBeLessThanOrEqual(1);
  });

  it('options: nFft, hopLength, htk, lifter, constant padding', () => {
    const x = sine(300, 8000, 2000);
    const r = mfcc(x, 8000, { nFft: 256, hopLength: 80, nMels: 40, nMfcc: 13, htk: true });
    expect(r.frames).toBe(1 + Math.floor(2000 / 80));
    expect(r.data.length).toBe(13 * r.frames);
    const plain = mfcc(x, 8000, { nMfcc: 13 });
    const lift = mfcc(x, 8000, { nMfcc: 13, lifter: 22 });
    // k = 0: factor 1 + 11·sin(π/22) = 2.5649
    expect(lift.data[0] / plain.data[0]).toBeCloseTo(1 + 11 * Math.sin(Math.PI / 22), 4);
    const c = mfcc(x, 8000, { padMode: 'constant' });
    expect(c.frames).toBe(plain.frames);
    expect(c.data[0]).not.toBeCloseTo(plain.data[0], 3);
  });

  it('rejects bad input with INVALID_ARGUMENT', () => {
    expect(invalid(() => mfcc(new Float32Array(0), 8000))).toBe(true);
    expect(invalid(() => mfcc(new Float32Array(100), 0))).toBe(true);
    expect(invalid(() => mfcc(new Float32Array(100), -8000))).toBe(true);
    expect(invalid(() => mfcc(new Float32Array(100), 8000, { nFft: 1000 }))).toBe(true);
    expect(invalid(() => mfcc(new Float32Array(100), 8000, { fmax: 5000 }))).toBe(true);
    expect(invalid(() => mfcc(new Float32Array(100), 8000, { nMfcc: 200 }))).toBe(true);
    expect(invalid(() => mfcc(new Float32Array([0, Number.NaN]), 8000))).toBe(true);
  });
});
