import FFT from 'fft.js';
import { checkNFft, checkPositiveInt, checkSamples, fail } from './validate';

/** How a centred STFT extends the signal by nFft/2 samples on each side. */
export type PadMode = 'reflect' | 'constant';

export interface StftOptions {
  /** FFT size (power of two). librosa default 2048. */
  nFft?: number;
  /** Samples between frames. librosa default 512 (= nFft / 4). */
  hopLength?: number;
  /** Pad nFft/2 on each side so frame t is centred at t·hop (librosa `center=True`). Default true. */
  center?: boolean;
  /** Padding for `center`: 'reflect' (numpy/librosa < 0.10 default) or 'constant' (zeros, librosa ≥ 0.10). Default 'reflect'. */
  padMode?: PadMode;
  /** Window of length nFft; default the periodic Hann window. */
  window?: Float64Array | Float32Array;
}

/** A spectrogram laid out like librosa's `[1 + nFft/2, frames]`, row-major (bin-major). */
export interface Spectrogram {
  data: Float64Array;
  bins: number;
  frames: number;
}

/**
 * Periodic Hann window (scipy `get_window('hann', n, fftbins=True)`, as librosa uses):
 * w[n] = 0.5 − 0.5·cos(2πn/N).
 */
export function hannWindow(length: number): Float64Array {
  checkPositiveInt('window length', length);
  const w = new Float64Array(length);
  for (let n = 0; n < length; n++) w[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / length);
  return w;
}

/**
 * numpy `np.pad(x, pad, mode='reflect')`: mirror without repeating the edge sample, repeated as
 * often as needed when `pad` exceeds the signal (a 1-sample signal repeats its value).
 */
export function reflectPad(x: ArrayLike<number>, pad: number): Float64Array {
  const n = x.length;
  if (n === 0) fail('cannot pad an empty signal');
  if (!Number.isInteger(pad) || pad < 0) fail(`pad must be a non-negative integer, got ${pad}`);
  const out = new Float64Array(n + 2 * pad);
  const period = 2 * (n - 1);
  for (let i = 0; i < out.length; i++) {
    let j = i - pad;
    if (period === 0) j = 0;
    else {
      j = ((j % period) + period) % period;
      if (j >= n) j = period - j;
    }
    out[i] = x[j];
  }
  return out;
}

/** Zero padding on each side (librosa `pad_mode='constant'`). */
export function constantPad(x: ArrayLike<number>, pad: number): Float64Array {
  if (!Number.isInteger(pad) || pad < 0) fail(`pad must be a non-negative integer, got ${pad}`);
  const out = new Float64Array(x.length + 2 * pad);
  for (let i = 0; i < x.length; i++) out[pad + i] = x[i];
  return out;
}

/**
 * Frames librosa produces: centred, 1 + ⌊len / hop⌋; not centred, 1 + ⌊(len − nFft) / hop⌋
 * (which needs len ≥ nFft).
 */
export function frameCount(length: number, hopLength: number, nFft: number, center = true): number {
  if (center) return 1 + Math.floor(length / hopLength);
  if (length < nFft)
    fail(`signal of ${length} samples is shorter than nFft ${nFft} (center=false)`);
  return 1 + Math.floor((length - nFft) / hopLength);
}

/**
 * Power spectrogram |X|² of the windowed STFT (librosa `np.abs(stft(y, ...))**2`), computed with
 * fft.js. Output bins are 0 … nFft/2 at frequencies k·sr/nFft.
 */
export function powerSpectrogram(
  samples: Float32Array | Float64Array,
  opts: StftOptions = {},
): Spectrogram {
  const nFft = opts.nFft ?? 2048;
  const hop = opts.hopLength ?? Math.floor(nFft / 4);
  const center = opts.center ?? true;
  const padMode = opts.padMode ?? 'reflect';
  checkSamples(samples);
  checkNFft(nFft);
  checkPositiveInt('hopLength', hop);
  if (padMode !== 'reflect' && padMode !== 'constant')
    fail(`padMode must be 'reflect' or 'constant', got ${padMode}`);
  const window = opts.window ?? hannWindow(nFft);
  if (window.length !== nFft) fail(`window has ${window.length} samples, expected nFft = ${nFft}`);

  const y = center
    ? padMode === 'reflect'
      ? reflectPad(samples, nFft / 2)
      : constantPad(samples, nFft / 2)
    : Float64Array.from(samples);
  const frames = frameCount(samples.length, hop, nFft, center);
  const bins = nFft / 2 + 1;
  const data = new Float64Array(bins * frames);
  const fft = new FFT(nFft);
  const input = new Array<number>(nFft);
  const out = fft.createComplexArray() as number[];
  for (let t = 0; t < frames; t++) {
    const start = t * hop;
    for (let n = 0; n < nFft; n++) input[n] = y[start + n] * window[n];
    // realTransform fills bins 0 … nFft/2 (the half we need) as interleaved re, im.
    fft.realTransform(out, input);
    for (let k = 0; k < bins; k++) {
      const re = out[2 * k];
      const im = out[2 * k + 1];
      data[k * frames + t] = re * re + im * im;
    }
  }
  return { data, bins, frames };
}

/** Centre frequency in Hz of each FFT bin: linspace(0, sr/2, 1 + nFft/2) (librosa `fft_frequencies`). */
export function fftFrequencies(sampleRate: number, nFft: number): Float64Array {
  const bins = nFft / 2 + 1;
  const f = new Float64Array(bins);
  for (let k = 0; k < bins; k++) f[k] = (k * sampleRate) / nFft;
  return f;
}
