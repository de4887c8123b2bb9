import {
  cosineDecay,
  DlError,
  type ProgressMode,
  Rng,
  type StopReason,
  saveModelDir,
  stratifiedSplit,
  streamDataset,
  tf,
  trainModel,
  withSeededRandom,
} from '@dl/core';
import pkg from '../package.json';
import { augmentedFeatures, DEFAULT_SPEECH_AUGMENT, type SpeechAugment } from './augment';
import { type SpeechClip, type SpeechDataset, synthSpeechDataset } from './data';
import { evaluateClips, type SpeechEvaluation } from './evaluate';
import {
  DEFAULT_FEATURES,
  featureShape,
  prepareAudio,
  preparedFeatures,
  SEED_FEATURES,
  type SpeechFeatureConfig,
} from './features';
import { splitFsdd } from './fsdd';
import { buildSpeechModel, buildSpeechSeedModel } from './model';
import { type SynthDigitsOptions, synthVoices } from './synth';

export const SPEECH_TASK = 'speech-digits';

export type SpeechSplit =
  | { mode: 'standard' }
  | { mode: 'speaker'; testSpeakers?: string[]; heldOut?: number };

export interface TrainSpeechOptions {
  /** Recordings (loadSpeechDataset / synthSpeechDataset); default: espeak-ng synthetic digits. */
  data?: SpeechDataset;
  /** What to synthesise when `data` is absent (default 24 voices × 10 digits × 5 takes). */
  synthetic?: SynthDigitsOptions;
  /**
   * Train/test split. Default: FSDD's standard split (takes 0–4 test) for recordings; for
   * synthetic data, held-out voices (a quarter of them), which is the harder question.
   */
  split?: SpeechSplit;
  /** Where the trained model directory goes. */
  outDir: string;
  /** The original architecture and features of SEEDS.md §5 instead of our default. */
  seedModel?: boolean;
  /** Overrides of the feature configuration (default: DEFAULT_FEATURES, or SEED_FEATURES). */
  features?: Partial<SpeechFeatureConfig>;
  /** Training-time augmentation: true/false or overrides; default on for our model, off for the seed. */
  augment?: boolean | Partial<SpeechAugment>;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Fraction of the training recordings held out (stratified) for validation. Default 0.1. */
  validation?: number;
  /**
   * Continue an interrupted run from `${outDir}.checkpoints/last` (weights, optimizer state,
   * epoch, history and the best validation loss so far) instead of starting over, with the
   * run's own data, seed and options; `epochs` may be raised to train longer. A checkpoint of
   * another run is refused, naming what differs.
   */
  resume?: boolean;
  progress?: ProgressMode;
  progressOut?: { write(s: string): unknown; isTTY?: boolean };
}

export interface TrainSpeechResult extends SpeechEvaluation {
  artifactDir: string;
  history: Record<string, number[]>;
  stopReason: StopReason;
  message: string;
  split: { train: number; validation: number; test: number; testSpeakers: string[] };
}

/**
 * Trains a spoken-word classifier and saves it as a model directory: split, seeded
 * initialisation, fresh augmentation every epoch, checkpoints (the best validation loss is
 * kept), then accuracy, per-class P/R/F1 and per-speaker / per-digit accuracy on the test split,
 * stored in dl.json.
 */
export async function trainSpeechRecognizer(o: TrainSpeechOptions): Promise<TrainSpeechResult> {
  const seed = o.seed ?? 1;
  const rng = new Rng(seed);
  const data =
    o.data ??
    (await synthSpeechDataset({ voices: synthVoices(24), renditions: 5, seed, ...o.synthetic }));
  const features: SpeechFeatureConfig = {
    ...(o.seedModel ? SEED_FEATURES : DEFAULT_FEATURES),
    ...o.features,
  };
  const augment = resolveAugment(o.augment, !o.seedModel);
  const epochs = o.epochs ?? (o.seedModel ? 10 : 30);
  const batchSize = o.batchSize ?? 32;
  const learningRate = o.learningRate ?? (o.seedModel ? 1e-3 : 3e-3);

  const splitOption: SpeechSplit =
    o.split ?? (data.synthetic ? { mode: 'speaker' } : { mode: 'standard' });
  const speakers = new Set(data.clips.map((c) => c.speaker)).size;
  const split =
    splitOption.mode === 'speaker'
      ? splitFsdd(data.clips, {
          mode: 'speaker',
          testSpeakers: splitOption.testSpeakers,
          heldOut: splitOption.heldOut ?? Math.max(1, Math.round(speakers / 4)),
          rng: rng.fork('speakers'),
        })
      : splitFsdd(data.clips);
  for (const [name, part] of [
    ['training', split.train],
    ['test', split.test],
  ] as const) {
    if (part.length === 0) {
      const hint =
        splitOption.mode === 'standard'
          ? `: FSDD's standard split tests takes 0–4 and trains on the rest, and these recordings have takes ${Math.min(...data.clips.map((c) => c.index))}–${Math.max(...data.clips.map((c) => c.index))}; use a speaker split instead`
          : '';
      throw new DlError(
        'DATA_INVALID',
        `the ${name} split is empty (${splitOption.mode} split of ${data.clips.length} recordings)${hint}`,
      );
    }
  }
  const trainLabels = Int32Array.from(split.train, (c) => c.label);
  const validationFraction = o.validation ?? 0.1;
  const inner = stratifiedSplit(
    trainLabels,
    { train: 1 - validationFraction, validation: validationFraction },
    rng.fork('validation'),
  );
  const trainClips = Array.from(inner.train, (i) => split.train[i]);
  const validationClips = Array.from(inner.validation, (i) => split.train[i]);

  const prepared = new Map<SpeechClip, Float32Array>(
    [...trainClips, ...validationClips].map((c) => [
      c,
      prepareAudio(c.samples, c.sampleRate, features),
    ]),
  );
  const shape = featureShape(features);
  const classes = data.labels.length;
  // Validation is fixed (centred, unperturbed): computed once, streamed like training data.
  const validationX = validationClips.map((c) => preparedFeatures(prepared.get(c)!, features));
  // Too few recordings to hold any out (fewer than ~10 per class): train without validation and
  // keep the epoch with the lowest training loss instead.
  const validation =
    validationClips.length === 0
      ? undefined
      : streamDataset(
          async function* () {
            for (let i = 0; i < validationX.length; i++) {
              yield { x: validationX[i], y: validationClips[i].label };
            }
          },
          { inputShape: shape, numClasses: classes, batchSize },
        );
  const augmentRng = rng.fork('augment');
  const train = streamDataset(
    async function* () {
      for (const i of augmentRng.permutation(trainClips.length)) {
        const clip = trainClips[i];
        const audio = prepared.get(clip)!;
        yield {
          x: augment
            ? augmentedFeatures(audio, features, augment, augmentRng)
            : preparedFeatures(audio, features),
          y: clip.label,
        };
      }
    },
    { inputShape: shape, numClasses: classes, batchSize },
  );

  const build = o.seedModel ? buildSpeechSeedModel : buildSpeechModel;
  const model = withSeededRandom(rng.fork('init'), () =>
    build({ inputShape: shape, classes, learningRate }),
  );
  const meta = {
    task: SPEECH_TASK,
    package: { name: pkg.name, version: pkg.version },
    labels: [...data.labels],
    preprocessing: { ...features },
    seed,
    dataFingerprint: data.fingerprint,
    backend: tf.getBackend(),
    extra: {
      architecture: o.seedModel ? 'seed' : 'default',
      // the seed outputs logits (it trains on softmax cross-entropy from logits)
      outputs: o.seedModel ? 'logits' : 'probabilities',
      augment: augment ?? null,
      split: splitOption.mode,
      testSpeakers: split.testSpeakers,
      synthetic: data.synthetic,
      // Not epochs: a resumed run may train longer.
      training: { batchSize, learningRate, validation: validationFraction },
    },
  };
  const checkpointDir = `${o.outDir}.checkpoints`;
  const run = await trainModel({
    model,
    train,
    validation,
    epochs,
    batchSize,
    seed,
    // The seed trained at a constant rate; ours anneals (cosine) to a twentieth of it.
    schedule: o.seedModel
      ? undefined
      : cosineDecay({ initial: learningRate, epochs, min: learningRate / 20 }),
    checkpoint: {
      dir: checkpointDir,
      meta,
      monitor: validation ? 'val_loss' : 'loss',
      restoreBest: true,
    },
    // From checkpointDir/last; every key of meta.extra must match the checkpoint's.
    resume: o.resume,
    progress: o.progress,
    progressOut: o.progressOut,
  }).catch((e) => {
    model.optimizer.dispose();
    model.dispose();
    throw e;
  });
  const evaluation = await evaluateClips(model, split.test, features, data.labels);
  await saveModelDir(model, o.outDir, { ...meta, metrics: evaluation.metrics });
  model.optimizer.dispose();
  model.dispose();
  return {
    artifactDir: o.outDir,
    history: run.history,
    stopReason: run.stopReason,
    message: run.message,
    split: {
      train: trainClips.length,
      validation: validationClips.length,
      test: split.test.length,
      testSpeakers: split.testSpeakers,
    },
    ...evaluation,
  };
}

function resolveAugment(
  option: TrainSpeechOptions['augment'],
  byDefault: boolean,
): SpeechAugment | undefined {
  if (option === false || (option === undefined && !byDefault)) return undefined;
  return { ...DEFAULT_SPEECH_AUGMENT, ...(typeof option === 'object' ? option : {}) };
}
