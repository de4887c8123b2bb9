import { DlError } from '../../errors';

export interface ResampleOptions {
  /**
   * Kernel half-width in zero crossings of the low-pass sinc; default 32. Wider = sharper
   * transition band, proportionally slower.
   */
  zeroCrossings?: number;
  /**
   * Cutoff as a fraction of min(fromRate, toRate)/2; default 0.95. Slightly below 1 so that the
   * transition band (about ±0.085·cutoff at the defaults) ends near the lower Nyquist frequency
   * instead of straddling it, which would let tones just above it alias.
   */
  rolloff?: number;
  /** Kaiser window β; default 8.6 (≈ −86 dB stopband, below 16-bit quantisation noise). */
  beta?: number;
  /** Refuse (LIMIT_EXCEEDED) an output longer than this; default `MAX_AUDIO_SAMPLES`. */
  maxSamples?: number;
}

/**
 * Default cap on audio lengths the readers produce: 2^28 samples (1 GiB as float32, 4.6 hours
 * at 16 kHz). Checked before the output is allocated, so a rate pair or header that asks for
 * billions of samples fails at once instead of after minutes of filtering.
 */
export const MAX_AUDIO_SAMPLES = 2 ** 28;

/** Table points per zero crossing; linear interpolation between them keeps errors near 1e-6. */
const TABLE_DENSITY = 512;

/**
 * Band-limited resampling by windowed-sinc interpolation (Kaiser window), for any rate ratio.
 *
 * The low-pass cutoff is `rolloff · min(fromRate, toRate) / 2`: when downsampling this is the
 * anti-aliasing filter (content above the new Nyquist frequency is removed, not folded back);
 * when upsampling it removes the spectral images. Output sample j sits at input time
 * j·fromRate/toRate; the signal is taken as zero outside its ends. Output length is
 * ceil(n·toRate/fromRate). DC gain is 1.
 */
export function resample(
  samples: ArrayLike<number>,
  fromRate: number,
  toRate: number,
  opts: ResampleOptions = {},
): Float32Array {
  for (const [name, rate] of [
    ['fromRate', fromRate],
    ['toRate', toRate],
  ] as const) {
    if (!Number.isFinite(rate) || rate <= 0) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `resample: ${name} must be a positive number of Hz, got ${rate}`,
      );
    }
  }
  const zeroCrossings = opts.zeroCrossings ?? 32;
  const rolloff = opts.rolloff ?? 0.95;
  const beta = opts.beta ?? 8.6;
  if (
    !Number.isInteger(zeroCrossings) ||
    zeroCrossings < 1 ||
    !(rolloff > 0 && rolloff <= 1) ||
    !(beta >= 0)
  ) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `resample: need integer zeroCrossings ≥ 1, 0 < rolloff ≤ 1, beta ≥ 0; got ${zeroCrossings}, ${rolloff}, ${beta}`,
    );
  }
  const n = samples.length;
  if (fromRate === toRate) return Float32Array.from(samples);

  const length = Math.ceil((n * toRate) / fromRate);
  checkAudioLength(
    length,
    `resampling ${n} samples from ${fromRate} to ${toRate} Hz`,
    opts.maxSamples,
  );
  const ratio = toRate / fromRate;
  // Cutoff in cycles per input sample; the sinc's zero crossings are 1/(2·fc) input samples apart.
  const twoFc = rolloff * Math.min(1, ratio);
  const halfWidth = zeroCrossings / twoFc; // in input samples
  const table = kernelTable(zeroCrossings, beta);
  const tableEnd = zeroCrossings * TABLE_DENSITY;

  const out = new Float32Array(length);
  const step = fromRate / toRate;
  for (let j = 0; j < out.length; j++) {
    const t = j * step;
    const first = Math.max(0, Math.ceil(t - halfWidth));
    const last = Math.min(n - 1, Math.floor(t + halfWidth));
    let acc = 0;
    for (let k = first; k <= last; k++) {
      const pos = Math.abs(t - k) * twoFc * TABLE_DENSITY;
      const i = pos | 0;
      if (i >= tableEnd) continue;
      const frac = pos - i;
      acc += samples[k] * (table[i] + frac * (table[i + 1] - table[i]));
    }
    out[j] = acc * twoFc;
  }
  return out;
}

/** Throws LIMIT_EXCEEDED when `length` samples would be more than `max` (default 2^28). */
export function checkAudioLength(
  length: number,
  what: string,
  max = MAX_AUDIO_SAMPLES,
  path?: string,
): void {
  if (length <= max) return;
  throw new DlError(
    'LIMIT_EXCEEDED',
    `${what} gives ${length.toLocaleString('en-US')} samples, above the limit of ` +
      `${max.toLocaleString('en-US')} (raise it with the maxSamples option if this is intended)`,
    { path },
  );
}

const tables = new Map<string, Float64Array>();

/** sinc(u)·kaiser(u/zeroCrossings) for u in [0, zeroCrossings], TABLE_DENSITY points per unit. */
function kernelTable(zeroCrossings: number, beta: number): Float64Array {
  const key = `${zeroCrossings}/${beta}`;
  let table = tables.get(key);
  if (!table) {
    const size = zeroCrossings * TABLE_DENSITY;
    table = new Float64Array(size + 2); // +2: interpolation past the end reads zeros
    const i0Beta = besselI0(beta);
    for (let i = 0; i <= size; i++) {
      const u = i / TABLE_DENSITY;
      const r = u / zeroCrossings;
      const window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
      table[i] = (u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u)) * window;
    }
    tables.set(key, table);
  }
  return table;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 100 && term > 1e-16 * sum; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}
