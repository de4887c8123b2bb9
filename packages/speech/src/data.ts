import { DlError, dataFingerprint, isDlError, readWav } from '@dl/core';
import { listFsdd } from './fsdd';
import { type SynthDigitsOptions, synthDigits } from './synth';

/** One labelled recording, mono at the data set's rate. */
export interface SpeechClip {
  samples: Float32Array;
  sampleRate: number;
  /** Index into the data set's `labels`. */
  label: number;
  speaker: string;
  /** Take number of this speaker and word (FSDD: 0–4 is the standard test split). */
  index: number;
  /** The file it came from (absent for clips made in memory). */
  path?: string;
}

export interface SpeechDataset {
  clips: SpeechClip[];
  /** Class names, index = label ('0' … '9' for digits). */
  labels: string[];
  sampleRate: number;
  /** Identifies exactly which recordings were read, saved with the model. */
  fingerprint: string;
  /** Files in the folder that are not named like FSDD recordings. */
  skipped: string[];
  /** Made by espeak-ng (synthSpeechDataset) rather than read from recordings. */
  synthetic: boolean;
}

export const DIGIT_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface LoadSpeechDatasetOptions {
  /** Rate every recording is resampled to (default 8000, FSDD's own). */
  sampleRate?: number;
}

/**
 * Reads a Free Spoken Digit Dataset folder (`recordings/<digit>_<speaker>_<index>.wav`) — any
 * WAV rate, bit depth or channel count, resampled and mixed to mono. A corrupt, truncated, empty
 * or unsupported file fails the load with its path and what was wrong, before any training.
 */
export async function loadSpeechDataset(
  dir: string,
  opts: LoadSpeechDatasetOptions = {},
): Promise<SpeechDataset> {
  const sampleRate = opts.sampleRate ?? 8000;
  const { recordings, skipped } = await listFsdd(dir);
  const clips: SpeechClip[] = [];
  for (const r of recordings) {
    let samples: Float32Array;
    try {
      samples = (await readWav(r.path, { sampleRate })).samples;
    } catch (e) {
      if (isDlError(e)) throw e; // already names the file and the problem
      throw new DlError('FILE_CORRUPT', 'cannot read this recording', { path: r.path, cause: e });
    }
    if (samples.length === 0) {
      throw new DlError('DATA_INVALID', 'the WAV holds no audio samples (0 frames)', {
        path: r.path,
      });
    }
    clips.push({
      samples,
      sampleRate,
      label: r.digit,
      speaker: r.speaker,
      index: r.index,
      path: r.path,
    });
  }
  return {
    clips,
    labels: [...DIGIT_LABELS],
    sampleRate,
    fingerprint: dataFingerprint([
      `fsdd:${sampleRate}`,
      ...clips.map((c) => `${c.label}_${c.speaker}_${c.index}:${c.samples.length}`),
    ]),
    skipped,
    synthetic: false,
  };
}

/**
 * Spoken digits synthesised by espeak-ng (see synthDigits) as a data set: one speaker per voice,
 * `renditions` takes per voice and digit.
 */
export async function synthSpeechDataset(opts: SynthDigitsOptions = {}): Promise<SpeechDataset> {
  const clips = (await synthDigits(opts)).map(
    (c): SpeechClip => ({
      samples: c.samples,
      sampleRate: c.sampleRate,
      label: c.digit,
      speaker: c.speaker,
      index: c.index,
    }),
  );
  const sampleRate = opts.sampleRate ?? 8000;
  return {
    clips,
    labels: [...DIGIT_LABELS],
    sampleRate,
    fingerprint: dataFingerprint([
      `espeak-ng:${sampleRate}:seed ${opts.seed ?? 1}`,
      ...clips.map((c) => `${c.label}_${c.speaker}_${c.index}:${c.samples.length}`),
    ]),
    skipped: [],
    synthetic: true,
  };
}
