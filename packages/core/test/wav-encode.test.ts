import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from '../src';

describe('encodeWav', () => {
  it('writes a 44-byte header and 16-bit samples that decodeWav reads back', () => {
    const x = Float32Array.from([0, 0.5, -0.5, 1, -1, 0.25]);
    const bytes = encodeWav(x, 8000);
    expect(bytes.length).toBe(44 + 12);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(24, true)).toBe(8000);
    expect(view.getInt16(44 + 2, true)).toBe(16384); // 0.5 · 32768
    expect(view.getInt16(44 + 6, true)).toBe(32767); // +1 clips to the largest code
    expect(view.getInt16(44 + 8, true)).toBe(-32768);
    const back = decodeWav(bytes);
    expect(back.sampleRate).toBe(8000);
    expect(back.channels).toBe(1);
    for (let i = 0; i < x.length; i++) expect(Math.abs(back.samples[i] - x[i])).toBeLessThan(1e-4);
  });

  it('clips out-of-range samples and rejects NaN or a bad rate', () => {
    const back = decodeWav(encodeWav(Float32Array.from([3, -3]), 16000));
    expect(back.samples[0]).toBeCloseTo(32767 / 32768, 6);
    expect(back.samples[1]).toBe(-1);
    expect(() => encodeWav(Float32Array.from([Number.NaN]), 8000)).toThrow(/sample 0 is NaN/);
    expect(() => encodeWav(new Float32Array(1), 0)).toThrow(/sample rate/);
  });
});
