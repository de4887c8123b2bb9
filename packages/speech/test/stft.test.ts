import { isDlError } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { constantPad, frameCount, hannWindow, powerSpectrogram, reflectPad } from '../src';

describe('hannWindow (periodic)', () => {
  it('N=4: w[n] = 0.5 − 0.5·cos(2πn/4) = [0, 0.5, 1, 0.5]', () => {
    const w = hannWindow(4);
    // n=0: 0.5−0.5·1 = 0; n=1: 0.5−0.5·cos(π/2) = 0.5; n=2: 0.5−0.5·(−1) = 1; n=3: 0.5
    expect(Array.from(w).map((v) => +v.toFixed(12))).toEqual([0, 0.5, 1, 0.5]);
  });
  it('N=8: w[1] = 0.5 − 0.5·cos(π/4) = 0.5 − 0.353553 = 0.146447', () => {
    expect(hannWindow(8)[1]).toBeCloseTo(0.1464466, 6);
    expect(hannWindow(8)[4]).toBeCloseTo(1, 12);
  });
});

describe('padding', () => {
  it('reflect [1,2,3,4] by 2 → [3,2,1,2,3,4,3,2] (numpy mode=reflect)', () => {
    expect(Array.from(reflectPad([1, 2, 3, 4], 2))).toEqual([3, 2, 1, 2, 3, 4, 3, 2]);
  });
  it('reflect wider than the signal repeats the mirror like numpy', () => {
    // np.pad([1,2,3], 4, 'reflect') = [1,2,3,2,1,2,3,2,1,2,3]
    expect(Array.from(reflectPad([1, 2, 3], 4))).toEqual([1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]);
    expect(Array.from(reflectPad([5], 2))).toEqual([5, 5, 5, 5, 5]);
  });
  it('constant pads zeros', () => {
    expect(Array.from(constantPad([1, 2], 2))).toEqual([0, 0, 1, 2, 0, 0]);
  });
});

describe('frame count (librosa centred: 1 + ⌊len/hop⌋)', () => {
  it.each([
    [1, 1], // 1 + ⌊1/512⌋ = 1
    [511, 1], // 1 + 0
    [512, 2], // 1 + 1
    [8000, 16], // 1 + ⌊15.625⌋ = 16
    [22050, 44], // 1 + ⌊43.07⌋ = 44
  ])('%i samples → %i frames', (len, frames) => {
    expect(frameCount(len, 512, 2048)).toBe(frames);
    expect(powerSpectrogram(new Float32Array(len).fill(0.1)).frames).toBe(frames);
  });
  it('not centred: 1 + ⌊(len − nFft)/hop⌋', () => {
    // 4096: 1 + ⌊2048/512⌋ = 5
    expect(powerSpectrogram(new Float32Array(4096), { center: false }).frames).toBe(5);
  });
});

describe('powerSpectrogram', () => {
  it('has 1 + nFft/2 bins', () => {
    expect(powerSpectrogram(new Float32Array(100)).bins).toBe(1025);
  });

  it('Parseval, rectangular window: Σx² = (|X0|² + |X_{N/2}|² + 2·Σ_{k=1}^{N/2−1}|Xk|²)/N', () => {
    const n = 64;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = Math.sin(0.37 * i * i) + 0.3 * Math.cos(1.1 * i);
    const s = powerSpectrogram(x, { nFft: n, center: false, window: new Float64Array(n).fill(1) });
    expect(s.frames).toBe(1);
    let energy = 0;
    for (const v of x) energy += v * v;
    let spec = s.data[0] + s.data[n / 2];
    for (let k = 1; k < n / 2; k++) spec += 2 * s.data[k];
    expect(spec / n).toBeCloseTo(energy, 4);
  });

  it('matches a direct DFT of a Hann-windowed frame (window-weighted Parseval too)', () => {
    const n = 32;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = ((i * 7919) % 13) / 13 - 0.5;
    const w = hannWindow(n);
    const s = powerSpectrogram(x, { nFft: n, center: false });
    let energy = 0;
    for (let i = 0; i < n; i++) energy += (x[i] * w[i]) ** 2;
    let spec = s.data[0] + s.data[n / 2];
    for (let k = 0; k <= n / 2; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        re += x[j] * w[j] * Math.cos((2 * Math.PI * k * j) / n);
        im -= x[j] * w[j] * Math.sin((2 * Math.PI * k * j) / n);
      }
      expect(s.data[k]).toBeCloseTo(re * re + im * im, 6);
      if (k > 0 && k < n / 2) spec += 2 * s.data[k];
    }
    expect(spec / n).toBeCloseTo(energy, 6);
  });

  it('1 kHz sine at 8 kHz peaks at bin 1000·2048/8000 = 256', () => {
    const sr = 8000;
    const x = new Float32Array(8000);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin((2 * Math.PI * 1000 * i) / sr);
    const s = powerSpectrogram(x);
    const t = 8; // a middle frame
    let best = 0;
    for (let k = 1; k < s.bins; k++)
      if (s.data[k * s.frames + t] > s.data[best * s.frames + t]) best = k;
    expect(best).toBe(256);
    // amplitude-1 sine under a Hann window: |X| = Σw/2 = (2048·0.5)/2 = 512 → power 262144
    expect(s.data[256 * s.frames + t]).toBeCloseTo(262144, -1);
  });

  it('rejects a non-power-of-two nFft and an empty signal', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isDlError(e, 'INVALID_ARGUMENT');
      }
      return false;
    };
    expect(bad(() => powerSpectrogram(new Float32Array(10), { nFft: 1000 }))).toBe(true);
    expect(bad(() => powerSpectrogram(new Float32Array(0)))).toBe(true);
    expect(bad(() => powerSpectrogram(new Float32Array(10), { hopLength: 0 }))).toBe(true);
  });
});
