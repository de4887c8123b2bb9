import { powerToDb } from './db';
import { dctRows } from './dct';
import { applyFilterbank, type MelOptions, melFilterbank } from './mel';
import { powerSpectrogram, type StftOptions } from './stft';
import { checkPositiveInt, checkSampleRate, checkSamples, fail } from './validate';

export interface LogMelOptions extends Omit<StftOptions, 'window'>, MelOptions {
  /** power_to_db reference. Default 1.0. */
  ref?: number;
  /** power_to_db floor. Default 1e-10. */
  amin?: number;
  /** power_to_db dynamic range; null disables clipping. Default 80. */
  topDb?: number | null;
}

export interface MfccOptions extends LogMelOptions {
  /** Coefficients kept after the DCT. Default 20. */
  nMfcc?: number;
  /** Cepstral liftering 1 + (L/2)·sin(π(k+1)/L) when > 0 (librosa `lifter`). Default 0 (off). */
  lifter?: number;
}

/** Log-mel spectrogram `[nMels, frames]`, row-major. */
export interface LogMel {
  data: Float32Array;
  nMels: number;
  frames: number;
}

/** MFCC matrix `[nMfcc, frames]`, row-major (librosa's layout). */
export interface Mfcc {
  data: Float32Array;
  nMfcc: number;
  frames: number;
}

function logMel64(samples: Float32Array, sampleRate: number, opts: LogMelOptions) {
  checkSamples(samples);
  checkSampleRate(sampleRate);
  const nFft = opts.nFft ?? 2048;
  const spec = powerSpectrogram(samples, {
    nFft,
    hopLength: opts.hopLength, // default nFft/4 = 512
    center: opts.center,
    padMode: opts.padMode,
  });
  const fb = melFilterbank(sampleRate, nFft, opts);
  const db = powerToDb(applyFilterbank(fb, spec), {
    ref: opts.ref,
    amin: opts.amin,
    topDb: opts.topDb,
  });
  return { data: db, nMels: fb.nMels, frames: spec.frames };
}

/**
 * librosa `power_to_db(melspectrogram(y, sr))` with its defaults: centred STFT (nFft 2048,
 * hop 512, periodic Hann), power 2, Slaney mel filterbank (128 bands, 0 … sr/2, Slaney norm),
 * dB with ref 1.0, amin 1e-10, top_db 80.
 */
export function logMel(
  samples: Float32Array,
  sampleRate: number,
  opts: LogMelOptions = {},
): LogMel {
  const r = logMel64(samples, sampleRate, opts);
  return { data: Float32Array.from(r.data), nMels: r.nMels, frames: r.frames };
}

/**
 * librosa `feature.mfcc(y=samples, sr=sampleRate)` with its defaults: {@link logMel}, then
 * DCT-II (norm 'ortho') over the mel axis keeping nMfcc = 20 coefficients.
 */
export function mfcc(samples: Float32Array, sampleRate: number, opts: MfccOptions = {}): Mfcc {
  const nMfcc = opts.nMfcc ?? 20;
  const lifter = opts.lifter ?? 0;
  checkPositiveInt('nMfcc', nMfcc);
  if (!Number.isFinite(lifter) || lifter < 0) fail(`lifter must be ≥ 0, got ${lifter}`);
  const nMels = opts.nMels ?? 128;
  if (nMfcc > nMels) fail(`nMfcc (${nMfcc}) cannot exceed nMels (${nMels})`);
  const lm = logMel64(samples, sampleRate, opts);
  const c = dctRows(lm.data, lm.nMels, lm.frames, nMfcc);
  if (lifter > 0) {
    for (let k = 0; k < nMfcc; k++) {
      const li = 1 + (lifter / 2) * Math.sin((Math.PI * (k + 1)) / lifter);
      for (let t = 0; t < lm.frames; t++) c[k * lm.frames + t] *= li;
    }
  }
  return { data: Float32Array.from(c), nMfcc, frames: lm.frames };
}
