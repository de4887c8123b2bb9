import { describe, expect, it } from 'vitest';
import { resample } from '../src/io/readers';
import { dlError } from './fixtures-gen/expect';

const tone = (hz: number, rate: number, seconds: number, amplitude = 1): Float32Array =>
  Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate),
  );

/** Amplitude of the `hz` component over `x` (single-bin DFT, whole number of periods assumed). */
function amplitudeAt(x: Float32Array, hz: number, rate: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    re += x[i] * Math.cos((2 * Math.PI * hz * i) / rate);
    im -= x[i] * Math.sin((2 * Math.PI * hz * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / x.length;
}

const rms = (x: Float32Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
/** The middle, away from the zero-padded ends the kernel sees. */
const middle = (x: Float32Array, rate: number): Float32Array =>
  x.subarray(Math.round(0.1 * rate), Math.round(0.9 * rate));

describe('resample (Kaiser windowed sinc)', () => {
  it('1 kHz at 44.1 kHz → 8 kHz keeps amplitude and frequency', () => {
    const out = resample(tone(1000, 44100, 1), 44100, 8000);
    expect(out.length).toBe(8000);
    const mid = middle(out, 8000); // 0.8 s: 800 whole periods
    expect(amplitudeAt(mid, 1000, 8000)).toBeCloseTo(1, 3);
    let crossings = 0;
    for (let i = 1; i < mid.length; i++) if (mid[i - 1] < 0 !== mid[i] < 0) crossings++;
    expect(Math.abs(crossings - 1600)).toBeLessThanOrEqual(2);
    // And it is the same sine as one generated at 8 kHz directly.
    const direct = middle(tone(1000, 8000, 1), 8000);
    for (let i = 0; i < mid.length; i += 37) expect(mid[i]).toBeCloseTo(direct[i], 3);
  });

  it('a 6 kHz tone is removed when downsampling to 8 kHz (no alias at 2 kHz)', () => {
    const input = tone(6000, 44100, 1);
    const out = middle(resample(input, 44100, 8000), 8000);
    const db = 20 * Math.log10(rms(out) / rms(input));
    expect(db).toBeLessThan(-60);
    expect(amplitudeAt(out, 2000, 8000)).toBeLessThan(1e-3);
  });

  it('passes 3 kHz (inside the 3.8 kHz passband) when downsampling to 8 kHz', () => {
    const out = middle(resample(tone(3000, 48000, 1), 48000, 8000), 8000);
    expect(amplitudeAt(out, 3000, 8000)).toBeCloseTo(1, 2);
  });

  it('upsampling 8 kHz → 16 kHz keeps a 1 kHz tone and adds no image at 7 kHz', () => {
    const out = resample(tone(1000, 8000, 1, 0.5), 8000, 16000);
    expect(out.length).toBe(16000);
    const mid = middle(out, 16000);
    expect(amplitudeAt(mid, 1000, 16000)).toBeCloseTo(0.5, 3);
    expect(amplitudeAt(mid, 7000, 16000)).toBeLessThan(1e-3);
  });

  it('has unit DC gain and handles odd ratios and tiny inputs', () => {
    const dc = resample(new Float32Array(22050).fill(0.5), 22050, 16000);
    expect(dc.length).toBe(16000);
    for (let i = 2000; i < 14000; i += 500) expect(dc[i]).toBeCloseTo(0.5, 4);
    expect(resample([1, 2, 3], 44100, 8000).length).toBe(1);
    expect(resample([], 44100, 8000).length).toBe(0);
  });

  it('same rate returns a copy', () => {
    const x = Float32Array.from([1, 2, 3]);
    const y = resample(x, 8000, 8000);
    expect([...y]).toEqual([1, 2, 3]);
    expect(y).not.toBe(x);
  });

  it('rejects bad rates and options', async () => {
    expect((await dlError(() => resample([1], 0, 8000))).message).toMatch(
      /fromRate must be a positive/,
    );
    expect((await dlError(() => resample([1], 8000, Number.NaN))).message).toMatch(/toRate/);
    expect((await dlError(() => resample([1], 8000, 4000, { rolloff: 1.5 }))).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
