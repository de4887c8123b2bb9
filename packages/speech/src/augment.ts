import type { Rng } from '@dl/core';
import { addNoise, changeSpeed, fitLength } from './audio';
import { equalise, randomEqualiser } from './equaliser';
import { clipFeatures, clipLength, featureShape, type SpeechFeatureConfig } from './features';

/**
 * Training-time perturbations, drawn afresh for every clip in every epoch. Defaults
 * ({@link DEFAULT_SPEECH_AUGMENT}) are what trainSpeech uses for the 'default' architecture.
 */
export interface SpeechAugment {
  /** Speed (and pitch) factor range, Kaldi-style resampling; null disables. Default [0.9, 1.1]. */
  speed: [number, number] | null;
  /**
   * Cut up to this fraction of the clip off its start and, drawn apart, off its end (uniform in
   * 0…max each): recordings cut tightly around the word, or into it, as some speakers' are.
   * 0 disables. Default 0.
   */
  edgeCut: number;
  /**
   * A random microphone colouring on every clip (see randomEqualiser): low shelf, peak and high
   * shelf, each up to ± this many dB: the microphones and rooms of speakers the data does not
   * have. 0 disables. Default 10.
   */
  equaliserDb: number;
  /**
   * Chance of a random high-pass (60–400 Hz) and, drawn apart, of a random low-pass
   * (0.3–0.48 × the sample rate) in that equaliser: band-limited microphones and lines.
   * Default 0.
   */
  bandLimit: number;
  /** Place the word at a random offset in the window instead of centred. Default true. */
  shift: boolean;
  /** Chance of white noise on a clip, at an SNR drawn from `snrDb`. Default 0.5. */
  noiseProbability: number;
  /** Range of the noise's signal-to-noise ratio in dB. Default [10, 40]. */
  snrDb: [number, number];
  /** SpecAugment (Park et al. 2019) frequency masks per clip. Default 1. */
  frequencyMasks: number;
  /** Widest frequency mask in feature rows (each width uniform in 0…max). Default 6. */
  maxFrequencyWidth: number;
  /** SpecAugment time masks per clip. Default 1. */
  timeMasks: number;
  /** Widest time mask in frames (each width uniform in 0…max). Default 10. */
  maxTimeWidth: number;
}

export const DEFAULT_SPEECH_AUGMENT: SpeechAugment = {
  speed: [0.9, 1.1],
  edgeCut: 0,
  equaliserDb: 10,
  bandLimit: 0,
  shift: true,
  noiseProbability: 0.5,
  snrDb: [10, 40],
  frequencyMasks: 1,
  maxFrequencyWidth: 6,
  timeMasks: 1,
  maxTimeWidth: 10,
};

/**
 * Features of one randomly perturbed rendition of a prepared clip (resampled, trimmed; see
 * prepareAudio): speed, then cut edges, then an equaliser, then placement in the window, then
 * noise, then SpecAugment masks.
 */
export function augmentedFeatures(
  prepared: Float32Array,
  f: SpeechFeatureConfig,
  a: SpeechAugment,
  rng: Rng,
): Float32Array {
  let audio = a.speed ? changeSpeed(prepared, rng.uniform(a.speed[0], a.speed[1])) : prepared;
  if (a.edgeCut > 0) audio = cutEdges(audio, a.edgeCut, rng);
  if (a.equaliserDb > 0 || a.bandLimit > 0) {
    const filters = randomEqualiser(f.sampleRate, a.equaliserDb, rng, a.bandLimit);
    audio = equalise(audio, f.sampleRate, filters);
  }
  const length = clipLength(f);
  const room = Math.max(0, length - audio.length);
  audio = fitLength(audio, length, a.shift ? rng.int(room + 1) : undefined);
  if (a.noiseProbability > 0 && rng.next() < a.noiseProbability) {
    audio = addNoise(audio, rng.uniform(a.snrDb[0], a.snrDb[1]), () => rng.normal());
  }
  const features = clipFeatures(audio, f);
  const [frames, rows] = featureShape(f);
  return specAugment(features, frames, rows, a, rng);
}

/** Drops up to `max` of the clip's length from each end (drawn apart); never all of it. */
function cutEdges(audio: Float32Array, max: number, rng: Rng): Float32Array {
  const most = Math.floor(audio.length * Math.min(max, 0.49));
  const start = rng.int(most + 1);
  const end = audio.length - rng.int(most + 1);
  return audio.subarray(start, end);
}

/**
 * Masks random bands of rows (frequency) and frames (time) of a time-major `[frames, rows]`
 * matrix, in place. Masked cells get the matrix mean — 0 for utterance-normalised features —
 * so a mask reads as "no information", not as silence.
 */
export function specAugment(
  features: Float32Array,
  frames: number,
  rows: number,
  a: Pick<SpeechAugment, 'frequencyMasks' | 'maxFrequencyWidth' | 'timeMasks' | 'maxTimeWidth'>,
  rng: Rng,
): Float32Array {
  let mean = 0;
  for (const v of features) mean += v;
  mean /= features.length;
  for (let m = 0; m < a.frequencyMasks; m++) {
    const width = rng.int(Math.min(a.maxFrequencyWidth, rows) + 1);
    const start = rng.int(rows - width + 1);
    for (let t = 0; t < frames; t++)
      features.fill(mean, t * rows + start, t * rows + start + width);
  }
  for (let m = 0; m < a.timeMasks; m++) {
    const width = rng.int(Math.min(a.maxTimeWidth, frames) + 1);
    const start = rng.int(frames - width + 1);
    features.fill(mean, start * rows, (start + width) * rows);
  }
  return features;
}
