import type { Rng } from '@dl/core';
import { checkSampleRate, checkSamples, fail } from './validate';

/**
 * One second-order filter of an equaliser (the RBJ Audio EQ Cookbook's shelves, peak and
 * Butterworth high-/low-pass).
 */
export interface EqFilter {
  kind: 'lowShelf' | 'highShelf' | 'peaking' | 'highPass' | 'lowPass';
  /** Corner (shelves, passes) or centre (peaking) frequency in Hz, below the Nyquist frequency. */
  hz: number;
  /** Boost (> 0) or cut (< 0) in dB of a shelf or peak; passes ignore it. Default 0. */
  gainDb?: number;
  /** Bandwidth of a peaking filter, resonance of a pass. Default 1 (peaking), √½ (passes). */
  q?: number;
}

/** Biquad coefficients [b0, b1, b2, a1, a2], normalised by a0. */
function coefficients(f: EqFilter, sampleRate: number): number[] {
  const a = 10 ** ((f.gainDb ?? 0) / 40);
  const w0 = (2 * Math.PI * f.hz) / sampleRate;
  const cos = Math.cos(w0);
  let b: number[];
  let d: number[];
  if (f.kind === 'highPass' || f.kind === 'lowPass') {
    const alpha = Math.sin(w0) / (2 * (f.q ?? Math.SQRT1_2));
    const edge = f.kind === 'highPass' ? (1 + cos) / 2 : (1 - cos) / 2;
    b = [edge, f.kind === 'highPass' ? -2 * edge : 2 * edge, edge];
    d = [1 + alpha, -2 * cos, 1 - alpha];
  } else if (f.kind === 'peaking') {
    const alpha = Math.sin(w0) / (2 * (f.q ?? 1));
    b = [1 + alpha * a, -2 * cos, 1 - alpha * a];
    d = [1 + alpha / a, -2 * cos, 1 - alpha / a];
  } else {
    // shelf slope S = 1
    const s = 2 * Math.sqrt(a) * (Math.sin(w0) / 2) * Math.SQRT2;
    const sign = f.kind === 'lowShelf' ? 1 : -1;
    b = [
      a * (a + 1 - sign * (a - 1) * cos + s),
      sign * 2 * a * (a - 1 - sign * (a + 1) * cos),
      a * (a + 1 - sign * (a - 1) * cos - s),
    ];
    d = [
      a + 1 + sign * (a - 1) * cos + s,
      -sign * 2 * (a - 1 + sign * (a + 1) * cos),
      a + 1 + sign * (a - 1) * cos - s,
    ];
  }
  return [b[0] / d[0], b[1] / d[0], b[2] / d[0], d[1] / d[0], d[2] / d[0]];
}

/**
 * Filters a clip through a cascade of shelving and peaking filters — a microphone's or a room's
 * colouring, for augmentation. Returns a new array.
 */
export function equalise(
  samples: Float32Array,
  sampleRate: number,
  filters: readonly EqFilter[],
): Float32Array {
  checkSamples(samples);
  checkSampleRate(sampleRate);
  let x = Float64Array.from(samples);
  for (const f of filters) {
    if (!(f.hz > 0 && f.hz < sampleRate / 2)) {
      fail(`equaliser frequency must be in (0, ${sampleRate / 2}) Hz, got ${f.hz}`);
    }
    if (!Number.isFinite(f.gainDb ?? 0)) fail(`equaliser gain must be finite, got ${f.gainDb}`);
    const [b0, b1, b2, a1, a2] = coefficients(f, sampleRate);
    const y = new Float64Array(x.length);
    let x1 = 0;
    let x2 = 0;
    let y1 = 0;
    let y2 = 0;
    for (let i = 0; i < x.length; i++) {
      const v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x[i];
      y2 = y1;
      y1 = v;
      y[i] = v;
    }
    x = y;
  }
  return Float32Array.from(x);
}

/**
 * A random microphone colouring: a low shelf (100–400 Hz), a peak (300–3,000 Hz, Q 0.7–2) and a
 * high shelf (1.5 kHz – 0.45 × the sample rate), each boosting or cutting by up to `maxDb`;
 * with probability `bandLimit` also a high-pass (60–400 Hz: a small or distant microphone
 * without bass) and, drawn apart, a low-pass (0.3–0.48 × the sample rate).
 */
export function randomEqualiser(
  sampleRate: number,
  maxDb: number,
  rng: Rng,
  bandLimit = 0,
): EqFilter[] {
  const gain = () => rng.uniform(-maxDb, maxDb);
  const top = Math.min(3500, 0.45 * sampleRate);
  const passes: EqFilter[] = [];
  if (bandLimit > 0 && rng.next() < bandLimit) {
    passes.push({ kind: 'highPass', hz: rng.uniform(60, 400) });
  }
  if (bandLimit > 0 && rng.next() < bandLimit) {
    passes.push({ kind: 'lowPass', hz: rng.uniform(0.3, 0.48) * sampleRate });
  }
  return [
    ...passes,
    { kind: 'lowShelf', hz: rng.uniform(100, 400), gainDb: gain() },
    {
      kind: 'peaking',
      hz: 300 * 10 ** rng.uniform(0, 1),
      gainDb: gain(),
      q: rng.uniform(0.7, 2),
    },
    { kind: 'highShelf', hz: rng.uniform(Math.min(1500, top / 2), top), gainDb: gain() },
  ];
}
