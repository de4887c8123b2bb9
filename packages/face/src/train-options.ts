import { DlError, type TaskTrainOptions } from '@dl/core';
import { DEFAULT_FACE_AUGMENT } from './augment';
import type { FaceDataset } from './data';
import { FACE_MODEL_DEFAULTS } from './model';
import { DEFAULT_FACE_SPLIT } from './split';
import type { SynthFacesOptions } from './synth';
import {
  DEFAULT_PREPROCESSING,
  FACE_ARCHITECTURES,
  type FaceArchitecture,
  type FaceAugment,
  type FacePreprocessing,
  type FaceSplit,
  SEED_PREPROCESSING,
} from './task';

/**
 * Options of {@link trainFace}. Of core's shared options, `epochs` defaults to 20 ('seed', as
 * the course) or 40 ('default'), `batchSize` to 32, `seed` to 1.
 */
export interface TrainFaceOptions extends TaskTrainOptions {
  /** Labelled faces (loadFaceDataset / synthFaceDataset). Default: synthetic faces from `synthetic`. */
  data?: FaceDataset;
  /** What to draw when `data` is absent. Default 10 people × 10 images of 64×64, seeded with `seed`. */
  synthetic?: SynthFacesOptions;
  /** Train/test split. Default `{ mode: 'fraction', test: 0.15 }` (the seed's 15% held out). */
  split?: FaceSplit;
  /** 'seed' (SEEDS.md §6's CNN and SGD) or our 'default'. Default 'default'. */
  architecture?: FaceArchitecture;
  /** Input size and channels. Default SEED_PREPROCESSING (42×42×3) or DEFAULT_PREPROCESSING (64×64×1). */
  preprocessing?: Partial<FacePreprocessing>;
  /** Augmentation: true/false or overrides of DEFAULT_FACE_AUGMENT. Default on ('default'), off ('seed'). */
  augment?: boolean | Partial<FaceAugment>;
  /**
   * 'sgd-nesterov' (momentum 0.9, step decay lr · 0.5^floor((1 + epoch) / 10), the seed's) or
   * 'adam' (cosine decay to lr / 20). Default 'sgd-nesterov' for 'seed', 'adam' for 'default'.
   */
  optimizer?: FaceOptimizer;
  /** Initial learning rate. Default 0.01 with 'sgd-nesterov' (the seed's), 2e-3 with 'adam'. */
  learningRate?: number;
  /** Fraction of the training images held out (stratified) to pick the best epoch by validation loss. Default 0.15. */
  validation?: number;
  /** Dropout before the classifier ('default' only; the seed's are fixed). Default 0.3. */
  dropout?: number;
  /** Filters of the default model's three conv blocks. Default [32, 64, 128]. */
  filters?: [number, number, number];
}

export type FaceOptimizer = 'sgd-nesterov' | 'adam';

/** The defaults of {@link TrainFaceOptions}; those that differ by architecture under it. */
export const FACE_TRAIN_DEFAULTS = {
  architecture: 'default',
  seed: 1,
  validation: 0.15,
  split: DEFAULT_FACE_SPLIT,
  dropout: FACE_MODEL_DEFAULTS.dropout,
  filters: FACE_MODEL_DEFAULTS.filters,
  synthetic: { people: 10, imagesPerPerson: 10 },
  learningRate: { 'sgd-nesterov': 0.01, adam: 2e-3 },
  byArchitecture: {
    seed: {
      epochs: 20,
      batchSize: 32,
      optimizer: 'sgd-nesterov',
      augment: false,
      preprocessing: SEED_PREPROCESSING,
    },
    default: {
      epochs: 40,
      batchSize: 32,
      optimizer: 'adam',
      augment: true,
      preprocessing: DEFAULT_PREPROCESSING,
    },
  },
} as const;

/** Every setting of a run, defaults filled in and checked. */
export interface FaceTrainingPlan {
  architecture: FaceArchitecture;
  pre: FacePreprocessing;
  augment: FaceAugment | undefined;
  split: FaceSplit;
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: FaceOptimizer;
  validation: number;
  dropout: number;
  filters: [number, number, number];
  seed: number;
}

/** Fills in the defaults and rejects impossible values, before any data is read or made. */
export function planFaceTraining(o: TrainFaceOptions): FaceTrainingPlan {
  const architecture = o.architecture ?? FACE_TRAIN_DEFAULTS.architecture;
  if (!FACE_ARCHITECTURES.includes(architecture)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `architecture must be ${FACE_ARCHITECTURES.map((a) => `'${a}'`).join(' or ')}, got '${architecture}'`,
    );
  }
  const d = FACE_TRAIN_DEFAULTS.byArchitecture[architecture];
  const optimizer: FaceOptimizer = o.optimizer ?? d.optimizer;
  if (optimizer !== 'sgd-nesterov' && optimizer !== 'adam') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `optimizer must be 'sgd-nesterov' or 'adam', got '${optimizer}'`,
    );
  }
  const pre = { ...d.preprocessing, ...o.preprocessing };
  const plan: FaceTrainingPlan = {
    architecture,
    pre: { size: [pre.size[0], pre.size[1]], channels: pre.channels },
    augment: augmentOf(o.augment, d.augment),
    split: o.split ?? FACE_TRAIN_DEFAULTS.split,
    epochs: o.epochs ?? d.epochs,
    batchSize: o.batchSize ?? d.batchSize,
    learningRate: o.learningRate ?? FACE_TRAIN_DEFAULTS.learningRate[optimizer],
    optimizer,
    validation: o.validation ?? FACE_TRAIN_DEFAULTS.validation,
    dropout: o.dropout ?? FACE_TRAIN_DEFAULTS.dropout,
    filters: [...(o.filters ?? FACE_TRAIN_DEFAULTS.filters)] as [number, number, number],
    seed: o.seed ?? FACE_TRAIN_DEFAULTS.seed,
  };
  check(plan);
  return plan;
}

function augmentOf(
  option: TrainFaceOptions['augment'],
  byDefault: boolean,
): FaceAugment | undefined {
  if (option === false || (option === undefined && !byDefault)) return undefined;
  return { ...DEFAULT_FACE_AUGMENT, ...(typeof option === 'object' ? option : {}) };
}

function check(p: FaceTrainingPlan): void {
  const fail = (message: string) => {
    throw new DlError('INVALID_ARGUMENT', message);
  };
  for (const [name, v] of [
    ['epochs', p.epochs],
    ['batchSize', p.batchSize],
    ['preprocessing.size[0]', p.pre.size[0]],
    ['preprocessing.size[1]', p.pre.size[1]],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) fail(`${name} must be a positive integer, got ${v}`);
  }
  if (p.pre.channels !== 1 && p.pre.channels !== 3) {
    fail(`preprocessing.channels must be 1 or 3, got ${p.pre.channels}`);
  }
  if (p.architecture === 'seed' && Math.min(...p.pre.size) < 36) {
    // three pairs of 'valid' 3×3 convolutions, each pair pooled: 36 → 32 → 16 → 12 → 6 → 2 → 1
    fail(`the seed CNN needs inputs of at least 36×36, got ${p.pre.size.join('×')}`);
  }
  if (!(p.learningRate > 0) || !Number.isFinite(p.learningRate)) {
    fail(`learningRate must be a positive number, got ${p.learningRate}`);
  }
  if (!(p.validation >= 0 && p.validation < 1)) {
    fail(`validation must be a fraction in [0, 1), got ${p.validation}`);
  }
  if (!(p.dropout >= 0 && p.dropout < 1)) fail(`dropout must be in [0, 1), got ${p.dropout}`);
  if (p.filters.length !== 3 || !p.filters.every((f) => Number.isInteger(f) && f >= 1)) {
    fail(`filters must be three positive integers, got [${p.filters}]`);
  }
}
