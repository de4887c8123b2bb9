import {
  DlError,
  type EpochRandom,
  type Rng,
  stratifiedSplit,
  streamDataset,
  type tf,
} from '@dl/core';
import { augmentedFeatures } from './augment';
import type { SpeechClip, SpeechDataset } from './data';
import { featureShape, prepareAudio, preparedFeatures } from './features';
import { splitFsdd } from './fsdd';
import type { SpeechSplit } from './task';
import type { SpeechTrainingPlan } from './train-options';

/** The recordings of a run, split three ways. */
export interface SpeechTrainingClips {
  split: SpeechSplit;
  train: SpeechClip[];
  validation: SpeechClip[];
  test: SpeechClip[];
  /** Speakers held out for testing (speaker split only). */
  testSpeakers: string[];
}

/**
 * Train/test by `split` (default: FSDD's standard split for recordings, a quarter of the voices
 * held out for synthetic data), then a stratified `validation` fraction of the training part.
 */
export function splitSpeechClips(
  data: SpeechDataset,
  split: SpeechSplit | undefined,
  validation: number,
  rng: Rng,
): SpeechTrainingClips {
  const mode: SpeechSplit = split ?? (data.synthetic ? { mode: 'speaker' } : { mode: 'standard' });
  const speakers = new Set(data.clips.map((c) => c.speaker)).size;
  const outer =
    mode.mode === 'speaker'
      ? splitFsdd(data.clips, {
          mode: 'speaker',
          testSpeakers: mode.testSpeakers,
          heldOut: mode.heldOut ?? Math.max(1, Math.round(speakers / 4)),
          rng: rng.fork('speakers'),
        })
      : splitFsdd(data.clips);
  refuseEmpty(data, mode, 'training', outer.train);
  refuseEmpty(data, mode, 'test', outer.test);
  const inner = stratifiedSplit(
    Int32Array.from(outer.train, (c) => c.label),
    { train: 1 - validation, validation },
    rng.fork('validation'),
  );
  return {
    split: mode,
    train: Array.from(inner.train, (i) => outer.train[i]),
    validation: Array.from(inner.validation, (i) => outer.train[i]),
    test: outer.test,
    testSpeakers: outer.testSpeakers,
  };
}

function refuseEmpty(
  data: SpeechDataset,
  split: SpeechSplit,
  name: string,
  part: SpeechClip[],
): void {
  if (part.length > 0) return;
  const takes = data.clips.map((c) => c.index);
  const hint =
    split.mode === 'standard'
      ? `: FSDD's standard split tests takes 0–4 and trains on the rest, and these recordings have takes ${Math.min(...takes)}–${Math.max(...takes)}; use a speaker split instead`
      : '';
  throw new DlError(
    'DATA_INVALID',
    `the ${name} split is empty (${split.mode} split of ${data.clips.length} recordings)${hint}`,
  );
}

type Batches = tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;

/**
 * The batches trainModel streams: training clips in a fresh order every epoch, each freshly
 * augmented (when the plan augments), drawn from `epochs`' per-epoch streams; validation
 * centred and unperturbed, computed once. No validation set when there is nothing to hold out.
 */
export function speechBatches(
  clips: SpeechTrainingClips,
  plan: SpeechTrainingPlan,
  classes: number,
  epochs: EpochRandom,
): { train: Batches; validation?: Batches } {
  const { features, augment, batchSize } = plan;
  const shared = { inputShape: featureShape(features), numClasses: classes, batchSize };
  const prepared = (c: SpeechClip) => prepareAudio(c.samples, c.sampleRate, features);
  const trainAudio = clips.train.map(prepared);
  const validationX = clips.validation.map((c) => preparedFeatures(prepared(c), features));
  const train = streamDataset(async function* () {
    const rng = epochs.stream('augment');
    for (const i of rng.permutation(trainAudio.length)) {
      const x = augment
        ? augmentedFeatures(trainAudio[i], features, augment, rng)
        : preparedFeatures(trainAudio[i], features);
      yield { x, y: clips.train[i].label };
    }
  }, shared);
  if (validationX.length === 0) return { train };
  const validation = streamDataset(async function* () {
    for (let i = 0; i < validationX.length; i++) {
      yield { x: validationX[i], y: clips.validation[i].label };
    }
  }, shared);
  return { train, validation };
}
