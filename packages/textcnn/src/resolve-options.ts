import { DlError, type ProgressMode, type Sink } from '@dl/core';
import type { SentenceDataset } from './data';
import {
  type LinearBaselineDefaults,
  NBSVM_DEFAULTS,
  TEXTCNN_DEFAULTS,
  TEXTCNN_KIM_RECIPE,
  TEXTCNN_LEARNING_RATES,
  TEXTCNN_SEED_DEFAULTS,
  TFIDF_DEFAULTS,
} from './defaults';
import { type FlatTextCnnOptions, fromFlatOptions, isFlatOptions } from './flat-options';
import {
  DEFAULT_ARCHITECTURE,
  type KimArchitecture,
  TEXTCNN_ARCHITECTURES,
  type TextCnnArchitecture,
} from './task';
import type {
  TextCnnLinearOptions,
  TrainTextCnnKimOptions,
  TrainTextCnnNbsvmOptions,
  TrainTextCnnOptions,
  TrainTextCnnTfidfOptions,
} from './train-options';

/** What every resolved run has: where it goes, its data and splits, its seed. */
interface ResolvedRun {
  outDir: string;
  data: SentenceDataset;
  testData?: SentenceDataset;
  validation: number;
  test: number;
  seed: number;
  progress?: ProgressMode;
  progressOut?: Sink;
}

/** A CNN run with every default filled in ('default' resolved to its Kim variant). */
export interface ResolvedCnnOptions extends ResolvedRun {
  architecture: 'seed' | KimArchitecture;
  epochs: number;
  batchSize: number;
  resume: boolean;
  embeddingsFile?: string;
  maxLen: number;
  minCount: number;
  maxVocab: number;
  embeddingDim: number;
  dropout: number;
  optimizer: 'adam' | 'adadelta';
  learningRate: number;
  /** Kim's CNNs only (the seed's one width-3 convolution is part of its definition). */
  filters: number;
  filterWidths: readonly number[];
  maxNorm: number;
  /** 'kim' when trained with Kim's recipe. */
  recipe: 'kim' | null;
  selectBy: 'val_loss' | 'val_accuracy';
  patience: number;
}

/** What both linear baselines resolve to. */
export interface ResolvedLinearOptions extends ResolvedRun {
  maxNgram: 1 | 2;
  minDf: number;
  maxFeatures: number;
  /** A fixed C; undefined: chosen by cross-validation over cGrid. */
  c: number | undefined;
  cGrid: readonly number[];
  cvFolds: number;
  iterations: number;
  tolerance: number;
}

export interface ResolvedTfidfOptions extends ResolvedLinearOptions {
  architecture: 'tfidf';
  solver: 'lbfgs' | 'adam';
  learningRate: number;
}

export interface ResolvedNbsvmOptions extends ResolvedLinearOptions {
  architecture: 'nbsvm';
  alpha: number;
  beta: number;
  /** β values cross-validated with each C; null: β fixed. */
  betaGrid: readonly number[] | null;
}

export type ResolvedTrainOptions = ResolvedCnnOptions | ResolvedTfidfOptions | ResolvedNbsvmOptions;

/**
 * The options of a run, checked and with their defaults: every mistake a DlError before any
 * work. Accepts the deprecated flat shape (`model: 'cnn-rand'`) too.
 */
export function resolveTrainOptions(
  options: TrainTextCnnOptions | FlatTextCnnOptions,
): ResolvedTrainOptions {
  const o = isFlatOptions(options) ? flatToBranch(options) : options;
  const architecture: TextCnnArchitecture = o.architecture ?? 'default';
  if (!TEXTCNN_ARCHITECTURES.includes(architecture)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `unknown architecture '${architecture}'; expected one of ${TEXTCNN_ARCHITECTURES.join(', ')}`,
    );
  }
  if (o.data.labelNames.length < 2) {
    throw new DlError(
      'DATA_INVALID',
      `a classifier needs at least 2 classes; the data has ${o.data.labelNames.join(', ') || 'none'}`,
    );
  }
  const resolved =
    o.architecture === 'tfidf'
      ? resolveTfidf(o)
      : o.architecture === 'nbsvm'
        ? resolveNbsvm(o)
        : resolveCnn(o);
  checkFractions(resolved.validation, resolved.test, Boolean(resolved.testData));
  return resolved;
}

function flatToBranch(o: FlatTextCnnOptions): TrainTextCnnOptions {
  if ('architecture' in o && o.architecture !== undefined) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `give the model as architecture (got architecture '${String(o.architecture)}' and the deprecated model '${o.model}'); drop model`,
    );
  }
  return fromFlatOptions(o);
}

function resolveLinear(o: TextCnnLinearOptions, d: LinearBaselineDefaults, name: string) {
  // JavaScript callers and the deprecated flat shape can ask for it; the types cannot.
  if ((o as { resume?: unknown }).resume) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `the ${name} baseline is fitted in one go (no epochs, no checkpoints): there is nothing to resume; train it without resume / --resume`,
    );
  }
  const r = {
    outDir: o.outDir,
    data: o.data,
    testData: o.testData,
    validation: o.validation ?? d.validation,
    test: o.test ?? d.test,
    seed: o.seed ?? d.seed,
    progress: o.progress,
    progressOut: o.progressOut,
    maxNgram: o.maxNgram ?? d.maxNgram,
    minDf: o.minDf ?? d.minDf,
    maxFeatures: o.maxFeatures ?? d.maxFeatures,
    c: o.c,
    cGrid: o.cGrid ?? d.cGrid,
    cvFolds: o.cvFolds ?? d.cvFolds,
    iterations: o.iterations ?? d.iterations,
    tolerance: o.tolerance ?? d.tolerance,
  };
  if (r.maxNgram !== 1 && r.maxNgram !== 2) {
    throw new DlError('INVALID_ARGUMENT', `maxNgram must be 1 or 2, got ${r.maxNgram}`);
  }
  positiveIntegers(r, ['minDf', 'maxFeatures', 'iterations']);
  positiveNumbers(r, ['tolerance']);
  if (r.c !== undefined) positiveNumbers(r, ['c']);
  else {
    if (!Number.isInteger(r.cvFolds) || r.cvFolds < 2) {
      throw new DlError('INVALID_ARGUMENT', `cvFolds must be an integer ≥ 2, got ${r.cvFolds}`);
    }
    if (!r.cGrid.length || !r.cGrid.every((c) => c > 0 && Number.isFinite(c))) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `cGrid must hold positive numbers, got [${r.cGrid.join(', ')}]`,
      );
    }
  }
  return r;
}

function resolveTfidf(o: TrainTextCnnTfidfOptions): ResolvedTfidfOptions {
  const d = TFIDF_DEFAULTS;
  const solver = o.solver ?? d.solver;
  if (solver !== 'lbfgs' && solver !== 'adam') {
    throw new DlError('INVALID_ARGUMENT', `solver must be 'lbfgs' or 'adam', got '${solver}'`);
  }
  if (solver === 'lbfgs' && o.learningRate !== undefined) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `learningRate is the step size of solver 'adam'; the default solver 'lbfgs' has none: drop learningRate or pass solver: 'adam'`,
    );
  }
  const r: ResolvedTfidfOptions = {
    ...resolveLinear(o, d, 'tfidf'),
    architecture: 'tfidf',
    solver,
    learningRate: o.learningRate ?? d.learningRate,
  };
  positiveNumbers(r, ['learningRate']);
  return r;
}

function resolveNbsvm(o: TrainTextCnnNbsvmOptions): ResolvedNbsvmOptions {
  const d = NBSVM_DEFAULTS;
  const r: ResolvedNbsvmOptions = {
    ...resolveLinear(o, d, 'nbsvm'),
    architecture: 'nbsvm',
    alpha: o.alpha ?? d.alpha,
    beta: o.beta ?? d.beta,
    betaGrid: o.betaGrid ?? null,
  };
  positiveNumbers(r, ['alpha']);
  if (
    r.betaGrid &&
    (r.c !== undefined || !r.betaGrid.length || !r.betaGrid.every((b) => b >= 0 && b <= 1))
  ) {
    throw new DlError(
      'INVALID_ARGUMENT',
      r.c !== undefined
        ? 'betaGrid is searched with cGrid by cross-validation; with a fixed c, give a fixed beta'
        : `betaGrid must hold numbers in [0, 1], got [${r.betaGrid.join(', ')}]`,
    );
  }
  if (!(r.beta >= 0 && r.beta <= 1)) {
    throw new DlError('INVALID_ARGUMENT', `beta must be in [0, 1], got ${r.beta}`);
  }
  return r;
}

function resolveCnn(
  o: Exclude<TrainTextCnnOptions, { architecture: 'tfidf' | 'nbsvm' }>,
): ResolvedCnnOptions {
  const architecture =
    o.architecture === undefined || o.architecture === 'default'
      ? DEFAULT_ARCHITECTURE
      : o.architecture;
  const kim: Partial<TrainTextCnnKimOptions> = o.architecture === 'seed' ? {} : o;
  if (kim.recipe !== undefined && kim.recipe !== 'kim') {
    throw new DlError('INVALID_ARGUMENT', `recipe must be 'kim', got '${String(kim.recipe)}'`);
  }
  const d =
    architecture === 'seed'
      ? TEXTCNN_SEED_DEFAULTS
      : kim.recipe === 'kim'
        ? { ...TEXTCNN_DEFAULTS, ...TEXTCNN_KIM_RECIPE }
        : TEXTCNN_DEFAULTS;
  const optimizer = o.optimizer ?? d.optimizer;
  if (optimizer !== 'adam' && optimizer !== 'adadelta') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `optimizer must be 'adam' or 'adadelta', got '${optimizer}'`,
    );
  }
  const r: ResolvedCnnOptions = {
    architecture,
    outDir: o.outDir,
    data: o.data,
    testData: o.testData,
    validation: o.validation ?? d.validation,
    test: o.test ?? d.test,
    seed: o.seed ?? d.seed,
    progress: o.progress,
    progressOut: o.progressOut,
    epochs: o.epochs ?? d.epochs,
    batchSize: o.batchSize ?? d.batchSize,
    resume: o.resume ?? false,
    embeddingsFile: o.embeddingsFile,
    maxLen: o.maxLen ?? d.maxLen,
    minCount: o.minCount ?? d.minCount,
    maxVocab: o.maxVocab ?? d.maxVocab,
    embeddingDim: o.embeddingDim ?? d.embeddingDim,
    dropout: o.dropout ?? d.dropout,
    optimizer,
    learningRate: o.learningRate ?? TEXTCNN_LEARNING_RATES[optimizer],
    filters: kim.filters ?? d.filters,
    filterWidths: kim.filterWidths ?? d.filterWidths,
    maxNorm: kim.maxNorm ?? d.maxNorm,
    recipe: kim.recipe ?? null,
    selectBy: o.selectBy ?? d.selectBy,
    patience: o.patience ?? d.patience,
  };
  positiveIntegers(r, ['epochs', 'batchSize', 'maxLen', 'minCount', 'embeddingDim', 'filters']);
  positiveNumbers(r, ['learningRate', 'maxNorm']);
  if (r.selectBy !== 'val_loss' && r.selectBy !== 'val_accuracy') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `selectBy must be 'val_loss' or 'val_accuracy', got '${r.selectBy}'`,
    );
  }
  if (!(r.patience >= 1) || (Number.isFinite(r.patience) && !Number.isInteger(r.patience))) {
    throw new DlError('INVALID_ARGUMENT', `patience must be a positive integer, got ${r.patience}`);
  }
  if (!(r.maxVocab >= 2)) {
    throw new DlError('INVALID_ARGUMENT', `maxVocab must be ≥ 2, got ${r.maxVocab}`);
  }
  if (!(r.dropout >= 0 && r.dropout < 1)) {
    throw new DlError('INVALID_ARGUMENT', `dropout must be in [0, 1), got ${r.dropout}`);
  }
  if (!r.filterWidths.length || !r.filterWidths.every((w) => Number.isInteger(w) && w > 0)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `filterWidths must be positive integers, got [${r.filterWidths.join(', ')}]`,
    );
  }
  if (architecture !== 'cnn-rand' && architecture !== 'seed' && !r.embeddingsFile) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${architecture} needs pretrained word vectors (embeddingsFile / --embeddings)`,
    );
  }
  return r;
}

function positiveIntegers<T extends object>(o: T, keys: (keyof T & string)[]): void {
  for (const k of keys) {
    const v = o[k];
    if (!Number.isInteger(v) || (v as number) < 1) {
      throw new DlError('INVALID_ARGUMENT', `${k} must be a positive integer, got ${v}`);
    }
  }
}

function positiveNumbers<T extends object>(o: T, keys: (keyof T & string)[]): void {
  for (const k of keys) {
    const v = o[k] as number;
    if (!(v > 0 && Number.isFinite(v))) {
      throw new DlError('INVALID_ARGUMENT', `${k} must be a positive number, got ${v}`);
    }
  }
}

function checkFractions(validation: number, test: number, hasTestData: boolean): void {
  const used = validation + (hasTestData ? 0 : test);
  if (!(validation >= 0 && test >= 0 && used < 1)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `validation (${validation}) and test (${test}) must be fractions ≥ 0 that leave data to train on`,
    );
  }
}
