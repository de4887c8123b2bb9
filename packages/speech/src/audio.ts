import { resample } from '@dl/core';
import { checkSampleRate, checkSamples, fail } from './validate';

export interface TrimOptions {
  /** A frame is speech when its RMS is within `topDb` dB of the loudest frame's. Default 40. */
  topDb?: number;
  /** Analysis frame and hop in seconds. Defaults 0.032 and 0.008. */
  frameSeconds?: number;
  hopSeconds?: number;
}

/**
 * Cuts leading and trailing silence, as librosa's `effects.trim` does: frame RMS in dB relative
 * to the loudest frame, keep from the first to the last frame above −topDb. A clip that is
 * silent throughout comes back unchanged (there is nothing to anchor a cut on).
 */
export function trimSilence(
  samples: Float32Array,
  sampleRate: number,
  opts: TrimOptions = {},
): Float32Array {
  checkSamples(samples);
  checkSampleRate(sampleRate);
  const topDb = opts.topDb ?? 40;
  if (!(topDb > 0)) fail(`topDb must be > 0, got ${topDb}`);
  const frame = Math.max(1, Math.round((opts.frameSeconds ?? 0.032) * sampleRate));
  const hop = Math.max(1, Math.round((opts.hopSeconds ?? 0.008) * sampleRate));
  const energies: number[] = [];
  for (let start = 0; start === 0 || start + frame <= samples.length; start += hop) {
    const end = Math.min(samples.length, start + frame);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i] * samples[i];
    energies.push(sum / (end - start));
  }
  const loudest = Math.max(...energies);
  if (loudest <= 0) return samples;
  const threshold = loudest * 10 ** (-topDb / 10); // power ratio for −topDb dB of RMS
  const first = energies.findIndex((e) => e > threshold);
  let last = energies.length - 1;
  while (energies[last] <= threshold) last--;
  return samples.subarray(first * hop, Math.min(samples.length, last * hop + frame));
}

/**
 * Fits a clip into exactly `length` samples without losing any of it: a shorter clip is
 * zero-padded, placed at `offset` (default: centred); a longer one is time-compressed
 * (band-limited resampling) to fit — it plays slightly faster, but no part of the word is cut.
 */
export function fitLength(samples: Float32Array, length: number, offset?: number): Float32Array {
  if (!Number.isInteger(length) || length < 1)
    fail(`length must be a positive integer, got ${length}`);
  if (samples.length > length) {
    const squeezed = resample(samples, samples.length, length);
    return squeezed.length === length ? squeezed : fitLength(squeezed, length, 0);
  }
  const room = length - samples.length;
  const at = offset ?? Math.floor(room / 2);
  if (!Number.isInteger(at) || at < 0 || at > room) fail(`offset must be 0…${room}, got ${offset}`);
  const out = new Float32Array(length);
  out.set(samples, at);
  return out;
}

/** Peak-normalises to ±`peak` (default 0.9); silence stays silence. */
export function normalisePeak(samples: Float32Array, peak = 0.9): Float32Array {
  let max = 0;
  for (const v of samples) max = Math.max(max, Math.abs(v));
  if (max === 0) return samples;
  const out = new Float32Array(samples.length);
  const g = peak / max;
  for (let i = 0; i < samples.length; i++) out[i] = samples[i] * g;
  return out;
}

/**
 * Speed perturbation as in Kaldi/Ko et al. 2015: resample by `factor` and play at the original
 * rate — 1.1 is 10% faster and higher-pitched.
 */
export function changeSpeed(samples: Float32Array, factor: number): Float32Array {
  if (!(factor > 0) || !Number.isFinite(factor)) fail(`speed factor must be > 0, got ${factor}`);
  if (factor === 1) return samples;
  const target = Math.max(1, Math.round(samples.length / factor));
  return resample(samples, samples.length, target);
}

/** Adds white Gaussian noise at `snrDb` below the clip's RMS, drawing from `normal()`. */
export function addNoise(samples: Float32Array, snrDb: number, normal: () => number): Float32Array {
  let power = 0;
  for (const v of samples) power += v * v;
  power /= samples.length;
  const out = Float32Array.from(samples);
  if (power === 0) return out;
  const std = Math.sqrt(power / 10 ** (snrDb / 10));
  for (let i = 0; i < out.length; i++) out[i] += std * normal();
  return out;
}
