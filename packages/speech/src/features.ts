import { resample, tf } from '@dl/core';
import { fitLength, trimSilence } from './audio';
import { normaliseGlobal, normaliseRows, normaliseSpeechRows, paddingFrames } from './cmvn';
import { delta } from './delta';
import { logMel, mfcc } from './mfcc';
import { frameCount } from './stft';
import { checkSampleRate, checkSamples, fail } from './validate';

/**
 * Everything that turns a recording into a model input. Saved in the model's dl.json and applied
 * again, unchanged, at prediction.
 *
 * Variable length policy: the clip is resampled to `sampleRate`, leading/trailing silence is
 * trimmed (`trimTopDb`, null keeps it), then it is fitted into exactly `clipSeconds`: shorter
 * clips are centred and zero-padded; longer ones are time-compressed to fit (never cropped, so no
 * part of the word is lost).
 */
export interface SpeechFeatureConfig {
  /** 'mfcc' (librosa feature.mfcc) or 'logmel' (power_to_db of the mel spectrogram). */
  kind: 'mfcc' | 'logmel';
  sampleRate: number;
  clipSeconds: number;
  nFft: number;
  hopLength: number;
  nMels: number;
  /** Coefficients kept ('mfcc' only). */
  nMfcc: number;
  /** Append Δ and ΔΔ (librosa delta, width 9) as extra feature rows. */
  deltas: boolean;
  trimTopDb: number | null;
  /**
   * Per-utterance CMVN — each feature row to zero mean, unit variance: 'utterance' over the
   * whole window, 'speech' over the clip's own frames only (the zero padding that fits it into
   * the window left out, then set to each row's lowest speech value; see normaliseSpeechRows),
   * 'global': one mean and variance over all rows of the clip's own frames (level removed,
   * spectral shape kept; see normaliseGlobal), 'none' raw.
   */
  normalise: 'utterance' | 'speech' | 'global' | 'none';
}

/**
 * The seed's features (SEEDS.md §5): librosa `feature.mfcc` with every default (n_fft 2048,
 * hop 512, 128 mels, 20 coefficients) — at 8 kHz that is 64 ms frames — over 1 s clips, raw.
 */
export const SEED_FEATURES: SpeechFeatureConfig = {
  kind: 'mfcc',
  sampleRate: 8000,
  clipSeconds: 1,
  nFft: 2048,
  hopLength: 512,
  nMels: 128,
  nMfcc: 20,
  deltas: false,
  trimTopDb: null,
  normalise: 'none',
};

/**
 * Our default: 40-band log-mel at speech resolution (32 ms windows every 10 ms, 101 frames per
 * second), silence trimmed, normalised per clip with one mean and variance ('global'), so
 * loudness does not matter but the shape of the spectrum — the vowel of a one-word clip — is
 * kept; the microphone's colouring is taught away by the equaliser augmentation. On real
 * recordings of unseen speakers (FSDD, speaker held out) this beat per-band CMVN
 * ('utterance') by 13 points on the hardest speaker and 5.7 on the six-fold mean; see BENCHMARKS.md.
 */
export const DEFAULT_FEATURES: SpeechFeatureConfig = {
  kind: 'logmel',
  sampleRate: 8000,
  clipSeconds: 1,
  nFft: 256,
  hopLength: 80,
  nMels: 40,
  nMfcc: 20,
  deltas: false,
  trimTopDb: 40,
  normalise: 'global',
};

/** Samples in one fitted clip. */
export function clipLength(f: SpeechFeatureConfig): number {
  return Math.round(f.clipSeconds * f.sampleRate);
}

/** Model input shape `[frames, rows]` (time-major). */
export function featureShape(f: SpeechFeatureConfig): [number, number] {
  const base = f.kind === 'mfcc' ? f.nMfcc : f.nMels;
  return [frameCount(clipLength(f), f.hopLength, f.nFft), f.deltas ? 3 * base : base];
}

/** Resamples to the config's rate and trims silence: the variable-length clip augmentation starts from. */
export function prepareAudio(
  samples: Float32Array,
  sampleRate: number,
  f: SpeechFeatureConfig,
): Float32Array {
  checkSamples(samples);
  checkSampleRate(sampleRate);
  const atRate =
    sampleRate === f.sampleRate ? samples : resample(samples, sampleRate, f.sampleRate);
  return f.trimTopDb === null ? atRate : trimSilence(atRate, f.sampleRate, { topDb: f.trimTopDb });
}

/**
 * Features of an already fitted clip of exactly {@link clipLength} samples, time-major
 * `[frames, rows]` (the transpose of librosa's layout, as Conv1D/Conv2D expect).
 */
export function clipFeatures(clip: Float32Array, f: SpeechFeatureConfig): Float32Array {
  if (clip.length !== clipLength(f)) {
    fail(
      `clip has ${clip.length} samples, expected ${clipLength(f)} (${f.clipSeconds} s at ${f.sampleRate} Hz)`,
    );
  }
  const opts = { nFft: f.nFft, hopLength: f.hopLength, nMels: f.nMels };
  const m =
    f.kind === 'mfcc'
      ? (() => {
          const r = mfcc(clip, f.sampleRate, { ...opts, nMfcc: f.nMfcc });
          return { data: r.data, rows: r.nMfcc, frames: r.frames };
        })()
      : (() => {
          const r = logMel(clip, f.sampleRate, opts);
          return { data: r.data, rows: r.nMels, frames: r.frames };
        })();
  let rows = m.rows;
  let data: Float32Array = m.data;
  if (f.deltas) {
    const d1 = delta(m.data, m.rows, m.frames, { order: 1 });
    const d2 = delta(m.data, m.rows, m.frames, { order: 2 });
    data = new Float32Array(3 * m.data.length);
    data.set(m.data, 0);
    data.set(d1, m.data.length);
    data.set(d2, 2 * m.data.length);
    rows *= 3;
  }
  if (f.normalise === 'utterance') normaliseRows(data, rows, m.frames);
  if (f.normalise === 'speech' || f.normalise === 'global') {
    const padding = paddingFrames(clip, m.frames, f.hopLength, f.nFft);
    const normalise = f.normalise === 'speech' ? normaliseSpeechRows : normaliseGlobal;
    normalise(data, rows, m.frames, padding);
  }
  // librosa's [rows, frames] → [frames, rows]
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < m.frames; t++) out[t * rows + r] = data[r * m.frames + t];
  }
  return out;
}

/** Features of a prepared clip (see prepareAudio), centred in the window: what prediction sees. */
export function preparedFeatures(prepared: Float32Array, f: SpeechFeatureConfig): Float32Array {
  return clipFeatures(fitLength(prepared, clipLength(f)), f);
}

/** The whole path from any recording to a model input: prepare, fit (centred), features. */
export function speechFeatures(
  samples: Float32Array,
  sampleRate: number,
  f: SpeechFeatureConfig,
): Float32Array {
  return preparedFeatures(prepareAudio(samples, sampleRate, f), f);
}

/** Features of many recordings as one `[n, frames, rows]` tensor. */
export function featureBatch(
  clips: readonly { samples: Float32Array; sampleRate: number }[],
  f: SpeechFeatureConfig,
): tf.Tensor3D {
  const shape = featureShape(f);
  const per = shape[0] * shape[1];
  const x = new Float32Array(clips.length * per);
  clips.forEach((c, i) => x.set(speechFeatures(c.samples, c.sampleRate, f), i * per));
  return tf.tensor3d(x, [clips.length, ...shape]);
}
