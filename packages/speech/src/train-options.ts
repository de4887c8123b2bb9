import { DlError, type TaskTrainOptions } from '@dl/core';
import { DEFAULT_SPEECH_AUGMENT, type SpeechAugment } from './augment';
import type { SpeechDataset } from './data';
import { DEFAULT_FEATURES, SEED_FEATURES, type SpeechFeatureConfig } from './features';
import { SPEECH_MODEL_DEFAULTS } from './model';
import type { SynthDigitsOptions } from './synth';
import { SPEECH_ARCHITECTURES, type SpeechArchitecture, type SpeechSplit } from './task';

/**
 * Options of {@link trainSpeech}. Of core's shared options, `epochs` defaults to 30 for
 * 'default' and 10 for 'seed', `batchSize` to 32, `seed` to 1.
 */
export interface TrainSpeechOptions extends TaskTrainOptions {
  /**
   * Recordings (loadSpeechDataset / synthSpeechDataset). Default: espeak-ng digits made from
   * `synthetic`.
   */
  data?: SpeechDataset;
  /**
   * What to synthesise when `data` is absent. Default 24 voices (`synthVoices(24)`) × 10
   * digits × 5 takes, seeded with `seed`.
   */
  synthetic?: SynthDigitsOptions;
  /**
   * Train/test split. Default: FSDD's standard split (takes 0–4 test) for recordings; for
   * synthetic data, held-out voices (a quarter of them), which is the harder question.
   */
  split?: SpeechSplit;
  /** The model and its features: 'seed' (SEEDS.md §5) or our 'default'. Default 'default'. */
  architecture?: SpeechArchitecture;
  /** @deprecated Use `architecture: 'seed'`; removed in the next minor. */
  seedModel?: boolean;
  /** Feature configuration overrides. Default DEFAULT_FEATURES, or SEED_FEATURES for 'seed'. */
  features?: Partial<SpeechFeatureConfig>;
  /**
   * Training-time augmentation: true/false or overrides of DEFAULT_SPEECH_AUGMENT. Default on
   * for 'default', off for 'seed'.
   */
  augment?: boolean | Partial<SpeechAugment>;
  /** Adam's learning rate. Default 3e-3 ('default'), 1e-3 ('seed'). */
  learningRate?: number;
  /**
   * The rate a cosine decay reaches at the last epoch; equal to `learningRate` trains at a
   * constant rate. Default learningRate / 20 ('default'), learningRate ('seed', as the original).
   */
  finalLearningRate?: number;
  /** Fraction of the training recordings held out (stratified) for validation. Default 0.1. */
  validation?: number;
  /** Dropout before the classifier ('default' only; the seed has none). Default 0.3. */
  dropout?: number;
}

/** The defaults of {@link TrainSpeechOptions}; those that differ by architecture under it. */
export const SPEECH_TRAIN_DEFAULTS = {
  architecture: 'default',
  seed: 1,
  validation: 0.1,
  dropout: SPEECH_MODEL_DEFAULTS.dropout,
  synthetic: { voices: 24, renditions: 5 },
  byArchitecture: {
    default: {
      epochs: 30,
      batchSize: 32,
      learningRate: 3e-3,
      finalLearningRateRatio: 1 / 20,
      augment: true,
    },
    seed: {
      epochs: 10,
      batchSize: 32,
      learningRate: 1e-3,
      finalLearningRateRatio: 1,
      augment: false,
    },
  },
} as const;

/** Every setting of a run, defaults filled in and checked. */
export interface SpeechTrainingPlan {
  architecture: SpeechArchitecture;
  features: SpeechFeatureConfig;
  augment: SpeechAugment | undefined;
  epochs: number;
  batchSize: number;
  learningRate: number;
  finalLearningRate: number;
  validation: number;
  dropout: number;
  seed: number;
}

/** Fills in the defaults and rejects impossible values, before any data is read or made. */
export function planSpeechTraining(o: TrainSpeechOptions): SpeechTrainingPlan {
  const architecture = architectureOf(o);
  const d = SPEECH_TRAIN_DEFAULTS.byArchitecture[architecture];
  const learningRate = o.learningRate ?? d.learningRate;
  const plan: SpeechTrainingPlan = {
    architecture,
    features: { ...(architecture === 'seed' ? SEED_FEATURES : DEFAULT_FEATURES), ...o.features },
    augment: augmentOf(o.augment, d.augment),
    epochs: o.epochs ?? d.epochs,
    batchSize: o.batchSize ?? d.batchSize,
    learningRate,
    finalLearningRate: o.finalLearningRate ?? learningRate * d.finalLearningRateRatio,
    validation: o.validation ?? SPEECH_TRAIN_DEFAULTS.validation,
    dropout: architecture === 'seed' ? 0 : (o.dropout ?? SPEECH_TRAIN_DEFAULTS.dropout),
    seed: o.seed ?? SPEECH_TRAIN_DEFAULTS.seed,
  };
  check(plan);
  return plan;
}

function architectureOf(o: TrainSpeechOptions): SpeechArchitecture {
  const fromFlag = o.seedModel === undefined ? undefined : o.seedModel ? 'seed' : 'default';
  const architecture = o.architecture ?? fromFlag ?? SPEECH_TRAIN_DEFAULTS.architecture;
  if (!SPEECH_ARCHITECTURES.includes(architecture)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `architecture must be ${SPEECH_ARCHITECTURES.map((a) => `'${a}'`).join(' or ')}, ` +
        `got '${architecture}'`,
    );
  }
  if (fromFlag && fromFlag !== architecture) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `seedModel: ${o.seedModel} contradicts architecture: '${architecture}'; ` +
        'pass architecture only',
    );
  }
  return architecture;
}

function augmentOf(
  option: TrainSpeechOptions['augment'],
  byDefault: boolean,
): SpeechAugment | undefined {
  if (option === false || (option === undefined && !byDefault)) return undefined;
  return { ...DEFAULT_SPEECH_AUGMENT, ...(typeof option === 'object' ? option : {}) };
}

function check(p: SpeechTrainingPlan): void {
  const fail = (message: string) => {
    throw new DlError('INVALID_ARGUMENT', message);
  };
  for (const [name, v] of [
    ['epochs', p.epochs],
    ['batchSize', p.batchSize],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) fail(`${name} must be a positive integer, got ${v}`);
  }
  for (const [name, v] of [
    ['learningRate', p.learningRate],
    ['finalLearningRate', p.finalLearningRate],
  ] as const) {
    if (!(v > 0) || !Number.isFinite(v)) fail(`${name} must be a positive number, got ${v}`);
  }
  if (!(p.validation >= 0 && p.validation < 1)) {
    fail(`validation must be a fraction in [0, 1), got ${p.validation}`);
  }
  if (!(p.dropout >= 0 && p.dropout < 1)) fail(`dropout must be in [0, 1), got ${p.dropout}`);
}
