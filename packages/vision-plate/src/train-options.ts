import { DlError, type TaskTrainOptions } from '@dl/core';
import type { PlateDataset } from './data';
import type { GlyphKind } from './synth/labels';
import { checkPlateKind, PLATE_ARCHITECTURES, type PlateArchitecture } from './task';

/**
 * The training defaults of `trainPlate`, per architecture where they differ. The seed trained
 * at a constant 1e-4; our default model trains at 3e-3 annealed (cosine) to a twentieth of it.
 */
export const PLATE_TRAIN_DEFAULTS = {
  architecture: 'default',
  epochs: { seed: 30, default: 20 },
  batchSize: 32,
  learningRate: { seed: 1e-4, default: 3e-3 },
  syntheticPerClass: 150,
  mixSynthetic: 0,
  validation: 0.1,
  test: 0.1,
  seed: 1,
} as const;

/**
 * Options of `trainPlate`. Besides the fields below it takes core's `TaskTrainOptions`, with
 * these defaults here: `epochs` 20 (30 for the seed architecture), `batchSize` 32, `seed` 1
 * (all in {@link PLATE_TRAIN_DEFAULTS}).
 */
export interface TrainPlateOptions extends TaskTrainOptions {
  /** Which classifier: 'province' (31 classes), 'letter' (24) or 'alnum' (34). Required. */
  kind: GlyphKind;
  /**
   * 'default' (default): three BatchNorm conv blocks and global average pooling, cosine
   * learning-rate decay; 'seed': the original model of SEEDS.md §1 at a constant rate.
   */
  architecture?: PlateArchitecture;
  /** @deprecated Use `architecture: 'seed'`; removed in the next minor. */
  seedModel?: boolean;
  /** Real glyphs (loadPlateDataset). Default: synthetic font-rendered glyphs. */
  data?: PlateDataset;
  /** Synthetic glyphs per class when `data` is absent. Default 150. */
  syntheticPerClass?: number;
  /**
   * Font-rendered glyphs per class added to the training part of `data` (never to its
   * validation or test part): every class gets examples, however rare it is in the data
   * (EasyPR's smallest province has 9 images). Default 0.
   */
  mixSynthetic?: number;
  /** Adam's (initial) learning rate. Default 3e-3, or 1e-4 for the seed architecture. */
  learningRate?: number;
  /**
   * A fresh image-space augmentation (shift, rotation, scale, stroke, blur, noise, contrast)
   * of every training glyph each epoch. Default on for real `data`, off for synthetic glyphs
   * (they are augmented when rendered).
   */
  augment?: boolean;
  /** Held-out fraction (stratified) for validation, which picks the best epoch. Default 0.1. */
  validation?: number;
  /** Held-out fraction (stratified) for the test scores in dl.json. Default 0.1. */
  test?: number;
  /**
   * A held-out set of the same kind to score instead of splitting `test` off `data` (a
   * cross-validation fold, an official test split): all of `data` but the validation slice
   * then trains, and `test` is unused.
   */
  testData?: PlateDataset;
}

/** The options with every default filled in and every value checked. */
export interface PlateTrainSettings {
  kind: GlyphKind;
  architecture: PlateArchitecture;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  syntheticPerClass: number;
  mixSynthetic: number;
  augment: boolean;
  fractions: { validation: number; test: number };
}

/**
 * Fills in defaults and refuses impossible values before any work, naming the option.
 * @internal
 */
export function plateTrainSettings(o: TrainPlateOptions): PlateTrainSettings {
  const kind = checkPlateKind(o.kind);
  for (const [name, set] of [
    ['data', o.data],
    ['testData', o.testData],
  ] as const) {
    if (set && set.kind !== kind) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `${name} holds ${set.kind} glyphs; asked to train ${kind}`,
      );
    }
  }
  const architecture = architectureOf(o);
  const d = PLATE_TRAIN_DEFAULTS;
  const settings: PlateTrainSettings = {
    kind,
    architecture,
    epochs: o.epochs ?? d.epochs[architecture],
    batchSize: o.batchSize ?? d.batchSize,
    learningRate: o.learningRate ?? d.learningRate[architecture],
    seed: o.seed ?? d.seed,
    syntheticPerClass: o.syntheticPerClass ?? d.syntheticPerClass,
    mixSynthetic: o.mixSynthetic ?? d.mixSynthetic,
    augment: o.augment ?? Boolean(o.data),
    fractions: {
      validation: o.validation ?? d.validation,
      test: o.testData ? 0 : (o.test ?? d.test),
    },
  };
  checkNumbers(settings);
  return settings;
}

function architectureOf(o: TrainPlateOptions): PlateArchitecture {
  const fromFlag = o.seedModel ? 'seed' : undefined;
  if (o.architecture !== undefined && fromFlag && o.architecture !== fromFlag) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `seedModel: true contradicts architecture: '${o.architecture}'; pass architecture alone`,
    );
  }
  const architecture = o.architecture ?? fromFlag ?? PLATE_TRAIN_DEFAULTS.architecture;
  if (!PLATE_ARCHITECTURES.includes(architecture)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `architecture must be one of ${PLATE_ARCHITECTURES.join(', ')}; got '${architecture}'`,
    );
  }
  return architecture;
}

function checkNumbers(s: PlateTrainSettings): void {
  const bad = (name: string, value: number, expected: string) =>
    new DlError('INVALID_ARGUMENT', `${name} must be ${expected}; got ${value}`);
  for (const [name, value] of [
    ['epochs', s.epochs],
    ['batchSize', s.batchSize],
    ['syntheticPerClass', s.syntheticPerClass],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw bad(name, value, 'a positive integer');
  }
  if (!Number.isInteger(s.mixSynthetic) || s.mixSynthetic < 0) {
    throw bad('mixSynthetic', s.mixSynthetic, 'a whole number ≥ 0');
  }
  if (!(s.learningRate > 0) || !Number.isFinite(s.learningRate)) {
    throw bad('learningRate', s.learningRate, 'a positive number');
  }
  const { validation, test } = s.fractions;
  for (const [name, value] of [
    ['validation', validation],
    ['test', test],
  ] as const) {
    // test is 0 exactly when a testData set replaces it
    if (!(value > 0 && value < 1) && !(name === 'test' && value === 0)) {
      throw bad(name, value, 'a fraction between 0 and 1');
    }
  }
  if (validation + test >= 1) {
    throw bad('validation + test', validation + test, 'below 1 (the rest trains)');
  }
}
