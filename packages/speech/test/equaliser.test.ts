import { Rng } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { type EqFilter, equalise, randomEqualiser } from '../src/equaliser';

const RATE = 8000;
const tone = (hz: number, n = 8000) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / RATE));

/** Gain in dB of the filter cascade at `hz`, from a steady tone's RMS (its second half). */
function gainAt(hz: number, filters: EqFilter[]): number {
  const x = tone(hz);
  const y = equalise(x, RATE, filters);
  const rms = (a: Float32Array) =>
    Math.sqrt(a.subarray(a.length / 2).reduce((s, v) => s + v * v, 0) / (a.length / 2));
  return 20 * Math.log10(rms(y) / rms(x));
}

describe('equalise', () => {
  it('a peaking filter boosts its centre by its gain and leaves far frequencies alone', () => {
    const peak: EqFilter[] = [{ kind: 'peaking', hz: 1000, gainDb: 9, q: 2 }];
    expect(gainAt(1000, peak)).toBeCloseTo(9, 1);
    expect(Math.abs(gainAt(100, peak))).toBeLessThan(0.3);
    expect(Math.abs(gainAt(3800, peak))).toBeLessThan(0.3);
  });

  it('shelves move one side of their corner by their gain', () => {
    const low: EqFilter[] = [{ kind: 'lowShelf', hz: 300, gainDb: -12 }];
    expect(gainAt(40, low)).toBeCloseTo(-12, 0);
    expect(Math.abs(gainAt(3000, low))).toBeLessThan(0.5);
    const high: EqFilter[] = [{ kind: 'highShelf', hz: 1500, gainDb: 6 }];
    expect(gainAt(3800, high)).toBeCloseTo(6, 0);
    expect(Math.abs(gainAt(100, high))).toBeLessThan(0.3);
  });

  it('high- and low-pass filters are −3 dB at their corner and pass the other side', () => {
    const high: EqFilter[] = [{ kind: 'highPass', hz: 300 }];
    expect(gainAt(300, high)).toBeCloseTo(-3, 0);
    expect(gainAt(60, high)).toBeLessThan(-25); // 12 dB an octave: −28 dB 2.3 octaves down
    expect(Math.abs(gainAt(2000, high))).toBeLessThan(0.2);
    const low: EqFilter[] = [{ kind: 'lowPass', hz: 2500 }];
    expect(gainAt(2500, low)).toBeCloseTo(-3, 0);
    expect(Math.abs(gainAt(200, low))).toBeLessThan(0.2);
    expect(gainAt(3900, low)).toBeLessThan(-10);
  });

  it('0 dB is the identity; bad frequencies are refused', () => {
    const x = tone(440, 400);
    const y = equalise(x, RATE, [{ kind: 'peaking', hz: 440, gainDb: 0 }]);
    for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i], 6);
    expect(() => equalise(x, RATE, [{ kind: 'lowShelf', hz: 4000, gainDb: 3 }])).toThrow(
      /frequency/,
    );
  });

  it('random colourings stay within ±maxDb and below the Nyquist frequency, seeded', () => {
    const a = randomEqualiser(RATE, 10, new Rng(3));
    expect(randomEqualiser(RATE, 10, new Rng(3))).toEqual(a);
    expect(a.map((f) => f.kind)).toEqual(['lowShelf', 'peaking', 'highShelf']);
    const kinds = (bandLimit: number) =>
      new Set(
        Array.from({ length: 40 }, (_, s) => randomEqualiser(RATE, 10, new Rng(s), bandLimit))
          .flat()
          .map((f) => f.kind),
      );
    expect(kinds(0)).toEqual(new Set(['lowShelf', 'peaking', 'highShelf']));
    expect(kinds(0.5)).toEqual(
      new Set(['lowShelf', 'peaking', 'highShelf', 'highPass', 'lowPass']),
    );
    for (let s = 0; s < 50; s++) {
      for (const f of randomEqualiser(RATE, 10, new Rng(s))) {
        expect(Math.abs(f.gainDb ?? 0)).toBeLessThanOrEqual(10);
        expect(f.hz).toBeLessThan(RATE / 2);
      }
    }
  });
});
