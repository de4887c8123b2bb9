import { Rng } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { augmentedFeatures, DEFAULT_SPEECH_AUGMENT, specAugment } from '../src/augment';
import {
  clipFeatures,
  clipLength,
  DEFAULT_FEATURES,
  featureShape,
  prepareAudio,
  preparedFeatures,
  SEED_FEATURES,
  speechFeatures,
} from '../src/features';
import { logMel, mfcc } from '../src/mfcc';

const rng = new Rng(1);
const noiseClip = (n: number) => Float32Array.from({ length: n }, () => 0.3 * rng.normal());

describe('feature configurations', () => {
  it('give the frame counts librosa would (centred: 1 + ⌊len / hop⌋)', () => {
    expect(featureShape(SEED_FEATURES)).toEqual([1 + Math.floor(8000 / 512), 20]); // [16, 20]
    expect(featureShape(DEFAULT_FEATURES)).toEqual([101, 40]);
    expect(featureShape({ ...DEFAULT_FEATURES, kind: 'mfcc', nMfcc: 13, deltas: true })).toEqual([
      101, 39,
    ]);
    expect(clipLength(DEFAULT_FEATURES)).toBe(8000);
  });

  it('seed features are librosa MFCC of the fitted clip, transposed to time-major', () => {
    const clip = noiseClip(8000);
    const ours = clipFeatures(clip, SEED_FEATURES);
    const ref = mfcc(clip, 8000); // [20, 16], librosa layout
    expect(ours.length).toBe(16 * 20);
    for (const [t, k] of [
      [0, 0],
      [5, 3],
      [15, 19],
    ]) {
      expect(ours[t * 20 + k]).toBeCloseTo(ref.data[k * ref.frames + t], 4);
    }
  });

  it('utterance normalisation gives every band zero mean and unit variance', () => {
    const f = clipFeatures(noiseClip(8000), { ...DEFAULT_FEATURES, normalise: 'utterance' });
    const [frames, rows] = featureShape(DEFAULT_FEATURES);
    for (const r of [0, 17, 39]) {
      let mean = 0;
      let sq = 0;
      for (let t = 0; t < frames; t++) mean += f[t * rows + r] / frames;
      for (let t = 0; t < frames; t++) sq += (f[t * rows + r] - mean) ** 2 / frames;
      expect(mean).toBeCloseTo(0, 4);
      expect(sq).toBeCloseTo(1, 3);
    }
    // without normalisation it is power_to_db of the mel spectrogram
    const raw = clipFeatures(noiseClip(8000), { ...DEFAULT_FEATURES, normalise: 'none' });
    expect(raw.length).toBe(101 * 40);
    expect(logMel(noiseClip(8000), 8000, { nFft: 256, hopLength: 80, nMels: 40 }).frames).toBe(101);
  });

  it('the default normalisation is global: one mean 0 and variance 1, bands keep their levels', () => {
    expect(DEFAULT_FEATURES.normalise).toBe('global');
    // noise under a loud 500 Hz tone: the tone's band stands out, as a vowel's formant does
    const clip = noiseClip(8000).map((v, i) => 0.1 * v + Math.sin((2 * Math.PI * 500 * i) / 8000));
    const f = clipFeatures(clip, DEFAULT_FEATURES);
    let mean = 0;
    for (const v of f) mean += v / f.length;
    let sq = 0;
    for (const v of f) sq += (v - mean) ** 2 / f.length;
    expect(mean).toBeCloseTo(0, 4);
    expect(sq).toBeCloseTo(1, 3);
    const [frames, rows] = featureShape(DEFAULT_FEATURES);
    const bandMeans = Array.from({ length: rows }, (_, r) => {
      let m = 0;
      for (let t = 0; t < frames; t++) m += f[t * rows + r] / frames;
      return m;
    });
    // per-band CMVN ('utterance') would have made every band's mean 0
    expect(Math.max(...bandMeans)).toBeGreaterThan(1.5);
    expect(bandMeans[39]).toBeLessThan(0);
  });

  it('resamples any rate, trims, and fits: the same word at 44.1 kHz gives nearly the same features', () => {
    const at8k = Float32Array.from(
      { length: 4000 },
      (_, i) => 0.4 * Math.sin((2 * Math.PI * 500 * i) / 8000),
    );
    const padded = new Float32Array(6000);
    padded.set(at8k, 1000);
    const at44k = Float32Array.from({ length: 33075 }, (_, i) =>
      i >= 5512 && i < 5512 + 22050 ? 0.4 * Math.sin((2 * Math.PI * 500 * (i - 5512)) / 44100) : 0,
    );
    const a = speechFeatures(padded, 8000, DEFAULT_FEATURES);
    const b = speechFeatures(at44k, 44100, DEFAULT_FEATURES);
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i] - b[i]) / a.length;
    expect(diff).toBeLessThan(0.1);
    expect(prepareAudio(at44k, 44100, DEFAULT_FEATURES).length).toBeLessThan(4000 + 2 * 256);
    expect(() => clipFeatures(new Float32Array(100), DEFAULT_FEATURES)).toThrow(/expected 8000/);
  });
});

describe('augmentation', () => {
  it('specAugment masks whole bands and frame spans with the mean', () => {
    const frames = 20;
    const rows = 10;
    const x = Float32Array.from({ length: frames * rows }, (_, i) => i + 1);
    const mean = (frames * rows + 1) / 2;
    specAugment(
      x,
      frames,
      rows,
      { frequencyMasks: 1, maxFrequencyWidth: 10, timeMasks: 1, maxTimeWidth: 20 },
      new Rng(5),
    );
    const maskedRows = [...Array(rows).keys()].filter((r) =>
      [...Array(frames).keys()].every((t) => x[t * rows + r] === mean),
    );
    const maskedFrames = [...Array(frames).keys()].filter((t) =>
      x.subarray(t * rows, (t + 1) * rows).every((v) => v === mean),
    );
    const masked = x.filter((v) => v === mean).length;
    expect(masked).toBe(
      maskedRows.length * frames +
        maskedFrames.length * rows -
        maskedRows.length * maskedFrames.length,
    );
  });

  // One band of ≤ 4 rows and one span of ≤ 6 frames per call, over many seeds: every masked
  // cell holds the matrix mean, every other cell its own value, and the widths cover the whole
  // configured range 0…max (SpecAugment draws widths uniformly: 0, no mask, is allowed).
  const frames = 20;
  const rows = 10;
  const config = { frequencyMasks: 1, maxFrequencyWidth: 4, timeMasks: 1, maxTimeWidth: 6 };
  const ramp = () => Float32Array.from({ length: frames * rows }, (_, i) => i + 1);
  const mean = (frames * rows + 1) / 2; // no cell of the ramp equals it
  /** The contiguous rows and frames that hold only the mean. */
  function maskedBands(x: Float32Array): { rows: number[]; frames: number[] } {
    const all = (n: number) => [...Array(n).keys()];
    return {
      rows: all(rows).filter((r) => all(frames).every((t) => x[t * rows + r] === mean)),
      frames: all(frames).filter((t) => all(rows).every((r) => x[t * rows + r] === mean)),
    };
  }
  const contiguous = (xs: number[]) => xs.every((v, i) => i === 0 || v === xs[i - 1] + 1);

  it('specAugment sets one band and one span to the mean, widths in the configured ranges', () => {
    const rowWidths = new Set<number>();
    const frameWidths = new Set<number>();
    let maskedCalls = 0;
    for (let seed = 0; seed < 300; seed++) {
      const x = ramp();
      specAugment(x, frames, rows, config, new Rng(seed));
      const bands = maskedBands(x);
      expect(contiguous(bands.rows) && contiguous(bands.frames), `seed ${seed}`).toBe(true);
      expect(bands.rows.length).toBeLessThanOrEqual(config.maxFrequencyWidth);
      expect(bands.frames.length).toBeLessThanOrEqual(config.maxTimeWidth);
      rowWidths.add(bands.rows.length);
      frameWidths.add(bands.frames.length);
      const original = ramp();
      const wrong: string[] = [];
      for (let t = 0; t < frames; t++) {
        for (let r = 0; r < rows; r++) {
          const inMask = bands.rows.includes(r) || bands.frames.includes(t);
          const want = inMask ? mean : original[t * rows + r];
          if (x[t * rows + r] !== want) wrong.push(`frame ${t} row ${r}: ${x[t * rows + r]}`);
        }
      }
      expect(wrong, `seed ${seed}`).toEqual([]);
      if (bands.rows.length + bands.frames.length > 0) maskedCalls++;
    }
    expect([...rowWidths].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...frameWidths].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // both widths are 0 only with chance 1/5 · 1/7: most calls really mask something
    expect(maskedCalls).toBeGreaterThan(0.9 * 300);
  });

  it('specAugment with more masks covers more, and with none leaves the features alone', () => {
    const coverage = (masks: number) => {
      let cells = 0;
      for (let seed = 0; seed < 100; seed++) {
        const x = ramp();
        const a = { ...config, frequencyMasks: masks, timeMasks: masks };
        specAugment(x, frames, rows, a, new Rng(seed));
        cells += x.filter((v) => v === mean).length;
      }
      return cells / 100;
    };
    const one = coverage(1);
    // E[band] = 2 rows · 20 frames, E[span] = 3 frames · 10 rows, less their overlap
    expect(one).toBeGreaterThan(50);
    expect(coverage(3)).toBeGreaterThan(1.8 * one);
    expect(coverage(0)).toBe(0);
    const untouched = ramp();
    specAugment(
      untouched,
      frames,
      rows,
      { ...config, frequencyMasks: 0, timeMasks: 0 },
      new Rng(1),
    );
    expect(untouched).toEqual(ramp());
  });

  it('draws a different, seeded perturbation each time', () => {
    const prepared = Float32Array.from(
      { length: 4000 },
      (_, i) => 0.5 * Math.sin(i / 7) * Math.sin(i / 500),
    );
    const a = augmentedFeatures(prepared, DEFAULT_FEATURES, DEFAULT_SPEECH_AUGMENT, new Rng(9));
    const b = augmentedFeatures(prepared, DEFAULT_FEATURES, DEFAULT_SPEECH_AUGMENT, new Rng(9));
    const c = augmentedFeatures(prepared, DEFAULT_FEATURES, DEFAULT_SPEECH_AUGMENT, new Rng(10));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.length).toBe(101 * 40);
  });

  it('edgeCut shortens the word, equaliserDb colours it; both off leave those steps out', () => {
    const prepared = Float32Array.from(
      { length: 4000 },
      (_, i) => 0.5 * Math.sin(i / 7) * Math.sin(i / 500) + 0.2 * Math.sin(i / 2),
    );
    const only = (a: Partial<typeof DEFAULT_SPEECH_AUGMENT>) => ({
      ...DEFAULT_SPEECH_AUGMENT,
      speed: null,
      shift: false,
      noiseProbability: 0,
      frequencyMasks: 0,
      timeMasks: 0,
      edgeCut: 0,
      equaliserDb: 0,
      bandLimit: 0,
      ...a,
    });
    const plain = preparedFeatures(prepared, DEFAULT_FEATURES);
    const f = (a: Partial<typeof DEFAULT_SPEECH_AUGMENT>, seed = 1) =>
      augmentedFeatures(prepared, DEFAULT_FEATURES, only(a), new Rng(seed));
    expect(f({})).toEqual(plain);
    // a cut word is shorter: more of the 101 frames are padding, which takes one value
    const [, rows] = featureShape(DEFAULT_FEATURES);
    const paddingFrames = (x: Float32Array) => {
      const floor = x[0];
      let n = 0;
      for (let t = 0; t < x.length / rows; t++) {
        if (x.subarray(t * rows, (t + 1) * rows).every((v) => v === floor)) n++;
      }
      return n;
    };
    const cuts = [1, 2, 3, 4, 5].map((s) => paddingFrames(f({ edgeCut: 0.3 }, s)));
    expect(Math.min(...cuts)).toBeGreaterThanOrEqual(paddingFrames(plain));
    expect(Math.max(...cuts)).toBeGreaterThan(paddingFrames(plain) + 5);
    const coloured = f({ equaliserDb: 10 });
    expect(coloured).not.toEqual(plain);
    expect(coloured).toEqual(f({ equaliserDb: 10 }));
    expect(f({ bandLimit: 1 })).not.toEqual(plain);
  });
});
