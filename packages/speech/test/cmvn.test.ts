import { describe, expect, it } from 'vitest';
import { normaliseGlobal, normaliseRows, normaliseSpeechRows, paddingFrames } from '../src/cmvn';
import { clipFeatures, DEFAULT_FEATURES, featureShape } from '../src/features';

const FLOOR = -80;

/** A `[rows, frames]` matrix: `speech` columns between `before` and `after` floor columns. */
function padded(speech: number[][], before: number, after: number) {
  const frames = before + speech[0].length + after;
  const data = new Float32Array(speech.length * frames).fill(FLOOR);
  speech.forEach((row, r) => data.set(row, r * frames + before));
  const padding = new Uint8Array(frames).fill(1).fill(0, before, before + speech[0].length);
  return { data, frames, padding };
}

const speechPart = (m: ReturnType<typeof padded>, r: number, before: number, n: number) =>
  Array.from(m.data.subarray(r * m.frames + before, r * m.frames + before + n));

describe('per-utterance CMVN', () => {
  it("'utterance': every row to mean 0, variance 1 over the whole window", () => {
    const data = Float32Array.from([1, 2, 3, 6, -4, -4, 0, 0]);
    normaliseRows(data, 2, 4);
    // row 0: mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5
    const s = Math.sqrt(3.5);
    expect(Array.from(data.subarray(0, 4))).toEqual(
      [-2 / s, -1 / s, 0, 3 / s].map((v) => expect.closeTo(v, 5)),
    );
    // row 1: mean −2, variance 4
    expect(Array.from(data.subarray(4))).toEqual([-1, -1, 1, 1].map((v) => expect.closeTo(v, 5)));
  });

  it("'speech': statistics over the clip's own frames; padding takes the row's lowest value", () => {
    const m = padded([[1, 3]], 1, 2);
    normaliseSpeechRows(m.data, 1, m.frames, m.padding);
    expect(Array.from(m.data)).toEqual([-1, -1, 1, -1, -1].map((v) => expect.closeTo(v, 5)));
  });

  it("'speech' does not depend on the word's length in the window, 'utterance' does", () => {
    const speech = [
      [-20, -10, -15, -30],
      [-40, -25, -35, -20],
    ];
    const short = padded(speech, 2, 3);
    const long = padded(speech, 40, 50);
    normaliseSpeechRows(short.data, 2, short.frames, short.padding);
    normaliseSpeechRows(long.data, 2, long.frames, long.padding);
    for (const r of [0, 1]) {
      expect(speechPart(long, r, 40, 4)).toEqual(
        speechPart(short, r, 2, 4).map((v) => expect.closeTo(v, 5)),
      );
    }
    const shortU = padded(speech, 2, 3);
    const longU = padded(speech, 40, 50);
    normaliseRows(shortU.data, 2, shortU.frames);
    normaliseRows(longU.data, 2, longU.frames);
    expect(
      Math.abs(speechPart(longU, 0, 40, 4)[0] - speechPart(shortU, 0, 2, 4)[0]),
    ).toBeGreaterThan(0.1);
  });

  it("'speech' removes an equaliser (one dB offset per row on the speech, not the padding)", () => {
    const speech = [
      [-20, -10, -15],
      [-40, -25, -35],
    ];
    const flat = padded(speech, 3, 3);
    const eq = padded(
      speech.map((row, r) => row.map((v) => v + [6, -9][r])),
      3,
      3,
    );
    normaliseSpeechRows(flat.data, 2, flat.frames, flat.padding);
    normaliseSpeechRows(eq.data, 2, eq.frames, eq.padding);
    expect(Array.from(eq.data)).toEqual(Array.from(flat.data).map((v) => expect.closeTo(v, 5)));
  });

  it("'global': one mean and variance over the speech frames; level goes, spectral shape stays", () => {
    const m = padded(
      [
        [1, 3],
        [5, 7],
      ],
      1,
      1,
    );
    normaliseGlobal(m.data, 2, m.frames, m.padding);
    // speech values 1, 3, 5, 7: mean 4, variance 5; padding takes the lowest, (1 − 4)/√5
    const z = (v: number) => (v - 4) / Math.sqrt(5);
    expect(Array.from(m.data)).toEqual(
      [z(1), z(1), z(3), z(1), z(1), z(5), z(7), z(1)].map((v) => expect.closeTo(v, 5)),
    );
    const speech = [
      [-20, -10, -15],
      [-40, -25, -35],
    ];
    const louder = padded(
      speech.map((row) => row.map((v) => v + 12)),
      3,
      5,
    );
    const base = padded(speech, 3, 5);
    const eq = padded(
      speech.map((row, r) => row.map((v) => v + [6, -9][r])),
      3,
      5,
    );
    for (const x of [louder, base, eq]) normaliseGlobal(x.data, 2, x.frames, x.padding);
    expect(Array.from(louder.data)).toEqual(Array.from(base.data).map((v) => expect.closeTo(v, 5)));
    expect(Math.abs(eq.data[3] - base.data[3])).toBeGreaterThan(0.1);
  });

  it('a silent window is normalised as a whole', () => {
    const m = padded([[FLOOR, FLOOR]], 1, 1);
    m.padding.fill(1);
    normaliseSpeechRows(m.data, 1, m.frames, m.padding);
    expect(Array.from(m.data)).toEqual([0, 0, 0, 0]);
  });

  it('padding frames are those whose whole centred window is zero', () => {
    const clip = new Float32Array(100);
    clip.fill(0.5, 40, 60); // speech in samples 40–59
    // frames every 10 samples, windows ±8: frame t covers 10t − 8 … 10t + 7
    const p = paddingFrames(clip, 11, 10, 16);
    expect(Array.from(p)).toEqual([1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1]);
    expect(
      paddingFrames(
        Float32Array.from({ length: 100 }, () => 1e-6),
        11,
        10,
        16,
      ).every((v) => v === 0),
    ).toBe(true);
  });

  it("clipFeatures with 'speech': the same word gives the same speech frames wherever it sits", () => {
    const f = { ...DEFAULT_FEATURES, normalise: 'speech' as const };
    const word = Float32Array.from(
      { length: 2400 },
      (_, i) => Math.sin(i * 0.3) * Math.sin((Math.PI * i) / 2400) + 0.3 * Math.sin(i * 1.7),
    );
    const at = (offset: number) => {
      const clip = new Float32Array(8000);
      clip.set(word, offset);
      return clipFeatures(clip, f);
    };
    const [, rows] = featureShape(f);
    // offsets a whole number of hops apart: frame t of one is frame t + 20 of the other
    const a = at(800);
    const b = at(2400);
    const frame = (x: Float32Array, t: number) => Array.from(x.subarray(t * rows, (t + 1) * rows));
    for (const t of [14, 20, 30, 40]) {
      expect(frame(b, t + 20)).toEqual(frame(a, t).map((v) => expect.closeTo(v, 3)));
    }
  });
});
