import { Rng } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { addNoise, changeSpeed, fitLength, normalisePeak, trimSilence } from '../src/audio';

const tone = (n: number, amp = 0.5, rate = 8000) =>
  Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * 440 * i) / rate));

function withSilence(before: number, speech: Float32Array, after: number): Float32Array {
  const out = new Float32Array(before + speech.length + after);
  out.set(speech, before);
  return out;
}

describe('trimSilence', () => {
  it('keeps every analysis frame that overlaps the speech, as librosa.effects.trim does', () => {
    // 0.2 s silence, 0.3 s tone, 0.25 s silence at 8 kHz; frames 256 samples, hop 64.
    const x = withSilence(1600, tone(2400), 2000);
    const y = trimSilence(x, 8000);
    // First loud frame: the first start s (a multiple of 64) with s + 256 > 1600 → 1408.
    // Last: the last start before the tone ends at 4000 → 3968, ending at 3968 + 256 = 4224.
    expect(y.byteOffset / 4).toBe(1408);
    expect(y.length).toBe(4224 - 1408);
  });

  it('keeps quiet speech above −topDb and returns silence unchanged', () => {
    const x = withSilence(800, Float32Array.from([...tone(800, 0.5), ...tone(800, 0.02)]), 800);
    expect(trimSilence(x, 8000, { topDb: 40 }).length).toBeGreaterThanOrEqual(1600); // 0.02 is −28 dB
    expect(trimSilence(x, 8000, { topDb: 20 }).length).toBeLessThan(1600); // … below −20 dB
    const silent = new Float32Array(500);
    expect(trimSilence(silent, 8000)).toBe(silent);
  });

  it('rejects bad arguments', () => {
    expect(() => trimSilence(new Float32Array(0), 8000)).toThrow(/empty/);
    expect(() => trimSilence(tone(10), 8000, { topDb: 0 })).toThrow(/topDb/);
  });
});

describe('fitLength', () => {
  it('centres a short clip in zeros, or places it at an offset', () => {
    const x = Float32Array.from([1, 2, 3]);
    expect(Array.from(fitLength(x, 7))).toEqual([0, 0, 1, 2, 3, 0, 0]);
    expect(Array.from(fitLength(x, 6))).toEqual([0, 1, 2, 3, 0, 0]);
    expect(Array.from(fitLength(x, 5, 2))).toEqual([0, 0, 1, 2, 3]);
    expect(() => fitLength(x, 5, 3)).toThrow(/offset must be 0…2/);
  });

  it('time-compresses a long clip to exactly the length, keeping its content', () => {
    const x = tone(12000); // 1.5 s
    const y = fitLength(x, 8000);
    expect(y.length).toBe(8000);
    // compressed by 1.5: the 440 Hz tone becomes 660 Hz — zero crossings scale by 1.5
    const crossings = (a: Float32Array) => a.slice(1).filter((v, i) => v * a[i] < 0).length;
    expect(crossings(y) / crossings(x.subarray(0, 8000))).toBeCloseTo(1.5, 1);
  });
});

describe('changeSpeed, addNoise, normalisePeak', () => {
  it('changes length by the factor', () => {
    expect(changeSpeed(tone(8000), 1.25).length).toBe(6400);
    expect(changeSpeed(tone(8000), 0.8).length).toBe(10000);
    const x = tone(10);
    expect(changeSpeed(x, 1)).toBe(x);
    expect(() => changeSpeed(x, 0)).toThrow(/speed factor/);
  });

  it('adds noise at the requested SNR', () => {
    const x = tone(80000, 0.5);
    const rng = new Rng(3);
    const y = addNoise(x, 20, () => rng.normal());
    let signal = 0;
    let noise = 0;
    for (let i = 0; i < x.length; i++) {
      signal += x[i] ** 2;
      noise += (y[i] - x[i]) ** 2;
    }
    expect(10 * Math.log10(signal / noise)).toBeCloseTo(20, 0);
  });

  it('normalises the peak', () => {
    const y = normalisePeak(Float32Array.from([0.1, -0.2, 0.05]), 0.8);
    expect(Array.from(y).map((v) => +v.toFixed(6))).toEqual([0.4, -0.8, 0.2]);
  });
});
