import { fftFrequencies } from './stft';
import { checkNFft, checkPositiveInt, checkSampleRate, fail } from './validate';

// Slaney (Auditory Toolbox) mel scale, librosa `htk=False`: linear below 1 kHz, log above.
const F_SP = 200 / 3; // Hz per mel in the linear part
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP; // 15
const LOG_STEP = Math.log(6.4) / 27; // mel step in the log part

/** Hz → mel. Slaney by default (librosa `hz_to_mel`); `htk`: 2595·log10(1 + f/700). */
export function hzToMel(hz: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + hz / 700);
  if (hz >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
  return hz / F_SP;
}

/** mel → Hz, the inverse of {@link hzToMel}. */
export function melToHz(mel: number, htk = false): number {
  if (htk) return 700 * (10 ** (mel / 2595) - 1);
  if (mel >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
  return F_SP * mel;
}

/** `count` frequencies in Hz evenly spaced on the mel scale from fmin to fmax (librosa `mel_frequencies`). */
export function melFrequencies(
  count: number,
  fmin: number,
  fmax: number,
  htk = false,
): Float64Array {
  const lo = hzToMel(fmin, htk);
  const hi = hzToMel(fmax, htk);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const m = count === 1 ? lo : lo + ((hi - lo) * i) / (count - 1);
    out[i] = melToHz(m, htk);
  }
  return out;
}

export interface MelOptions {
  /** Number of mel bands. librosa default 128. */
  nMels?: number;
  /** Lowest edge in Hz. Default 0. */
  fmin?: number;
  /** Highest edge in Hz, ≤ sampleRate/2. Default sampleRate/2. */
  fmax?: number;
  /** HTK mel scale instead of Slaney. Default false. */
  htk?: boolean;
  /** 'slaney': scale each filter by 2/(f_hi − f_lo) (constant energy per band); 'none': peak 1. Default 'slaney'. */
  norm?: 'slaney' | 'none';
}

/** A mel filterbank laid out like librosa's `[nMels, 1 + nFft/2]`, row-major. */
export interface MelFilterbank {
  weights: Float64Array;
  nMels: number;
  bins: number;
}

function resolveMel(sampleRate: number, opts: MelOptions) {
  const nMels = opts.nMels ?? 128;
  const fmin = opts.fmin ?? 0;
  const fmax = opts.fmax ?? sampleRate / 2;
  const norm = opts.norm ?? 'slaney';
  checkSampleRate(sampleRate);
  checkPositiveInt('nMels', nMels);
  if (!Number.isFinite(fmin) || fmin < 0) fail(`fmin must be ≥ 0 Hz, got ${fmin}`);
  if (!Number.isFinite(fmax) || fmax > sampleRate / 2) {
    fail(`fmax must be ≤ sampleRate/2 = ${sampleRate / 2} Hz, got ${fmax}`);
  }
  if (fmax <= fmin) fail(`fmax (${fmax} Hz) must be greater than fmin (${fmin} Hz)`);
  if (norm !== 'slaney' && norm !== 'none') fail(`norm must be 'slaney' or 'none', got ${norm}`);
  return { nMels, fmin, fmax, htk: opts.htk ?? false, norm };
}

/**
 * Triangular mel filterbank, exactly librosa.filters.mel: nMels + 2 mel-spaced edges converted to
 * Hz; for filter i, lower = (f − e[i])/(e[i+1] − e[i]), upper = (e[i+2] − f)/(e[i+2] − e[i+1]) at
 * each FFT bin frequency f, weight = max(0, min(lower, upper)); Slaney norm × 2/(e[i+2] − e[i]).
 */
export function melFilterbank(
  sampleRate: number,
  nFft: number,
  opts: MelOptions = {},
): MelFilterbank {
  checkNFft(nFft);
  const { nMels, fmin, fmax, htk, norm } = resolveMel(sampleRate, opts);
  const fftFreqs = fftFrequencies(sampleRate, nFft);
  const bins = fftFreqs.length;
  const edges = melFrequencies(nMels + 2, fmin, fmax, htk);
  const weights = new Float64Array(nMels * bins);
  for (let i = 0; i < nMels; i++) {
    const d0 = edges[i + 1] - edges[i];
    const d1 = edges[i + 2] - edges[i + 1];
    const enorm = norm === 'slaney' ? 2 / (edges[i + 2] - edges[i]) : 1;
    for (let k = 0; k < bins; k++) {
      const lower = (fftFreqs[k] - edges[i]) / d0;
      const upper = (edges[i + 2] - fftFreqs[k]) / d1;
      weights[i * bins + k] = Math.max(0, Math.min(lower, upper)) * enorm;
    }
  }
  return { weights, nMels, bins };
}

/** Apply a filterbank to a power spectrogram `[bins, frames]` → `[nMels, frames]` (mel_basis @ S). */
export function applyFilterbank(
  fb: MelFilterbank,
  spec: { data: Float64Array; bins: number; frames: number },
): Float64Array {
  if (fb.bins !== spec.bins)
    fail(`filterbank has ${fb.bins} bins but the spectrogram has ${spec.bins}`);
  const { frames } = spec;
  const out = new Float64Array(fb.nMels * frames);
  for (let m = 0; m < fb.nMels; m++) {
    const row = m * fb.bins;
    for (let k = 0; k < fb.bins; k++) {
      const w = fb.weights[row + k];
      if (w === 0) continue;
      const src = k * frames;
      const dst = m * frames;
      for (let t = 0; t < frames; t++) out[dst + t] += w * spec.data[src + t];
    }
  }
  return out;
}
