import { isDlError } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { dct2, dctRows, delta, powerToDb } from '../src';

const round = (a: ArrayLike<number>, d = 4) => Array.from(a).map((v) => +v.toFixed(d) + 0);

describe('powerToDb', () => {
  it('10·log10(max(1e-10, S)) − 10·log10(ref)', () => {
    // 1 → 0; 10 → 10; 100 → 20; 1e-12 → floored at 1e-10 → −100
    expect(round(powerToDb([1, 10, 100, 1e-12], { topDb: null }))).toEqual([0, 10, 20, -100]);
    // ref 10 subtracts 10 dB
    expect(round(powerToDb([1, 10, 100], { ref: 10, topDb: null }))).toEqual([-10, 0, 10]);
  });
  it('clips at max − topDb (default 80)', () => {
    // max 20 dB → floor −60: −100 → −60
    expect(round(powerToDb([1, 10, 100, 1e-12]))).toEqual([0, 10, 20, -60]);
    // top_db 15 → floor 5: 0 → 5
    expect(round(powerToDb([1, 10, 100], { topDb: 15 }))).toEqual([5, 10, 20]);
  });
});

describe('DCT-II orthonormal (scipy type 2, norm=ortho)', () => {
  it('[1,1,1,1] → [2,0,0,0]: y0 = 4·√(1/4) = 2', () => {
    expect(round(dct2([1, 1, 1, 1]))).toEqual([2, 0, 0, 0]);
  });
  it('[1,0,0,0] → [0.5, √½·cos(π/8), √½·cos(π/4), √½·cos(3π/8)] = [0.5, 0.6533, 0.5, 0.2706]', () => {
    expect(round(dct2([1, 0, 0, 0]))).toEqual([0.5, 0.6533, 0.5, 0.2706]);
  });
  it('is orthonormal (energy preserved) and truncates', () => {
    const x = [3, -1, 4, 1, -5, 9, 2, -6];
    const y = dct2(x);
    const e = (v: ArrayLike<number>) => Array.from(v).reduce((s, a) => s + a * a, 0);
    expect(e(y)).toBeCloseTo(e(x), 10);
    expect(round(dct2(x, 3), 10)).toEqual(round(y.subarray(0, 3), 10));
  });
  it('dctRows transforms each column of a [rows, frames] matrix', () => {
    // columns [1,1,1,1] and [1,0,0,0], stored row-major with 2 frames
    const m = dctRows([1, 1, 1, 0, 1, 0, 1, 0], 4, 2, 4);
    expect(round(m)).toEqual([2, 0.5, 0, 0.6533, 0, 0.5, 0, 0.2706]);
  });
});

describe('delta (librosa.feature.delta, width 9, mode interp = savgol)', () => {
  const T = 12;
  it('order 1 of a ramp 3t is 3 everywhere (Σ j·3(t+j)/Σj² = 3·60/60)', () => {
    const x = Array.from({ length: T }, (_, t) => 3 * t);
    expect(round(delta(x, 1, T))).toEqual(new Array(T).fill(3));
  });
  it('order 1 of t² is 2t inside, the edge fits hold the values at t=4 and t=T−5', () => {
    // interior: Σ j·(t+j)²/60 = Σ 2t·j²/60 = 2t; edges: linear LS fit to first/last 9 → slope 8 / 14
    const x = Array.from({ length: T }, (_, t) => t * t);
    expect(round(delta(x, 1, T))).toEqual([8, 8, 8, 8, 8, 10, 12, 14, 14, 14, 14, 14]);
  });
  it('order 2 of t² is 2 everywhere', () => {
    const x = Array.from({ length: T }, (_, t) => t * t);
    expect(round(delta(x, 1, T, { order: 2 }))).toEqual(new Array(T).fill(2));
  });
  it('works per row and validates width', () => {
    const x = [
      ...Array.from({ length: 9 }, (_, t) => t),
      ...Array.from({ length: 9 }, (_, t) => -2 * t),
    ];
    const d = delta(x, 2, 9);
    expect(round(d)).toEqual([...new Array(9).fill(1), ...new Array(9).fill(-2)]);
    let err: unknown;
    try {
      delta(new Array(8).fill(0), 1, 8);
    } catch (e) {
      err = e;
    }
    expect(isDlError(err, 'INVALID_ARGUMENT')).toBe(true);
  });
});
