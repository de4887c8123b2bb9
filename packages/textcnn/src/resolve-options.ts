import { DlError, type ProgressMode, type Sink } from '@dl/core';
import type { SentenceDataset } from './data';
import {
  TEXTCNN_DEFAULTS,
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
import type { TrainTextCnnKimOptions, TrainTextCnnOptions } from './train-options';

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
}

export interface ResolvedTfidfOptions extends ResolvedRun {
  architecture: 'tfidf';
  maxNgram: 1 | 2;
  minDf: number;
  maxFeatures: number;
  c: number;
  iterations: number;
  learningRate: number;
}

export type ResolvedTrainOptions = ResolvedCnnOptions | ResolvedTfidfOptions;

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
  const resolved = o.architecture === 'tfidf' ? resolveTfidf(o) : resolveCnn(o);
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

function resolveTfidf(
  o: Extract<TrainTextCnnOptions, { architecture: 'tfidf' }>,
): ResolvedTfidfOptions {
  // JavaScript callers and the deprecated flat shape can ask for it; the types cannot.
  if ((o as { resume?: unknown }).resume) {
    throw new DlError(
      'INVALID_ARGUMENT',
      'the tfidf baseline is fitted in one go (no epochs, no checkpoints): there is nothing to resume; train it without resume / --resume',
    );
  }
  const d = TFIDF_DEFAULTS;
  const r: ResolvedTfidfOptions = {
    architecture: 'tfidf',
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
    c: o.c ?? d.c,
    iterations: o.iterations ?? d.iterations,
    learningRate: o.learningRate ?? d.learningRate,
  };
  if (r.maxNgram !== 1 && r.maxNgram !== 2) {
    throw new DlError('INVALID_ARGUMENT', `maxNgram must be 1 or 2, got ${r.maxNgram}`);
  }
  positiveIntegers(r, ['minDf', 'maxFeatures', 'iterations']);
  positiveNumbers(r, ['c', 'learningRate']);
  return r;
}

function resolveCnn(
  o: Exclude<TrainTextCnnOptions, { architecture: 'tfidf' }>,
): ResolvedCnnOptions {
  const architecture =
    o.architecture === undefined || o.architecture === 'default'
      ? DEFAULT_ARCHITECTURE
      : o.architecture;
  const d = architecture === 'seed' ? TEXTCNN_SEED_DEFAULTS : TEXTCNN_DEFAULTS;
  const kim: Partial<TrainTextCnnKimOptions> = o.architecture === 'seed' ? {} : o;
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
  };
  positiveIntegers(r, ['epochs', 'batchSize', 'maxLen', 'minCount', 'embeddingDim', 'filters']);
  positiveNumbers(r, ['learningRate', 'maxNorm']);
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
