import type { TaskTrainOptions } from '@dl/core';
import type { SentenceDataset } from './data';

/**
 * The options of trainTextCnn: one type per family of architecture, told apart by
 * `architecture`, so that a CNN-only field on the TF-IDF baseline (or the reverse) is a type
 * error rather than an option silently ignored. Defaults are those of ./defaults.ts.
 */

/** What every architecture reads: the data and how it is held out. */
export interface TextCnnDataOptions {
  /** Labelled sentences (loadTextCnnDataset, synthTextCnnSentiment). */
  data: SentenceDataset;
  /** A held-out test set; without one, a `test` fraction of `data` is held out (stratified). */
  testData?: SentenceDataset;
  /**
   * Fraction of `data` held out for validation. A CNN keeps its best epoch on it (and may stop
   * early); the linear baselines choose C by cross-validation on the training portion instead,
   * so theirs defaults to 0 (a slice given is only scored). Default 0.1 for the CNNs, 0 for
   * 'tfidf' and 'nbsvm'.
   */
  validation?: number;
  /** Fraction of `data` held out for testing when there is no `testData`. Default 0.1. */
  test?: number;
}

/**
 * What both CNN families (the seed and Kim's) read. Shared options: `epochs` default 10,
 * `batchSize` default 50 (Kim), `seed` default 1.
 */
export interface TextCnnNetworkOptions extends TaskTrainOptions, TextCnnDataOptions {
  /**
   * GloVe (`word v1 … vd`) or word2vec text vectors. Required by cnn-static, cnn-non-static and
   * cnn-multichannel; with cnn-rand / 'default' they initialise the trained embedding, with
   * 'seed' the frozen one. The file's dimension then replaces `embeddingDim`. Default none.
   */
  embeddingsFile?: string;
  /** Tokens per sentence after padding / truncation at the end. Default 70. */
  maxLen?: number;
  /** Words seen fewer times in the training split become <unk>. Default 1. */
  minCount?: number;
  /** At most this many vocabulary entries including <pad> and <unk>. Default: no cap. */
  maxVocab?: number;
  /**
   * Embedding size without a vectors file. Default 128 for Kim's CNNs, 50 for 'seed'
   * (GloVe 6B 50d).
   */
  embeddingDim?: number;
  /** Dropout of the pooled features (the seed: of both Dropout layers). Default 0.5. */
  dropout?: number;
  /** Default 'adam'; Kim used 'adadelta' (ρ 0.95, ε 1e-6). */
  optimizer?: 'adam' | 'adadelta';
  /** Default 1e-3 with Adam, 1 with Adadelta (there a multiplier of its step). */
  learningRate?: number;
  /**
   * The validation score that picks the epoch kept (and that `patience` watches): 'val_loss'
   * or 'val_accuracy' (Kim). Default 'val_loss'.
   */
  selectBy?: 'val_loss' | 'val_accuracy';
  /** Stop after this many epochs without a better `selectBy`. Default: never (all epochs). */
  patience?: number;
}

/** The course seed CNN (SEEDS.md §3): one width-3 convolution of 20 maps, Dense(50), softmax. */
export interface TrainTextCnnSeedOptions extends TextCnnNetworkOptions {
  architecture: 'seed';
}

/** Kim (2014)'s CNNs; without `architecture`, 'default' (= 'cnn-rand'). */
export interface TrainTextCnnKimOptions extends TextCnnNetworkOptions {
  architecture?: 'default' | 'cnn-rand' | 'cnn-static' | 'cnn-non-static' | 'cnn-multichannel';
  /**
   * 'kim': Kim (2014)'s training regime (TEXTCNN_KIM_RECIPE) as the defaults — Adadelta
   * (ρ 0.95, ε 1e-6, rate 1), 300-d embeddings, dropout 0.5, max-norm 3, batches of 50, up to
   * 25 epochs, the epoch of best validation accuracy kept, stopping after 5 without a better
   * one. Options given explicitly still win. Default: none (TEXTCNN_DEFAULTS).
   */
  recipe?: 'kim';
  /** Feature maps per filter width. Default 100. */
  filters?: number;
  /** Convolution widths in words, each ≤ maxLen. Default [3, 4, 5]. */
  filterWidths?: readonly number[];
  /** L2 max-norm of each output unit's weight vector, enforced after every batch. Default 3. */
  maxNorm?: number;
}

/**
 * What both linear baselines read. One deterministic full-batch fit per C, so no epochs,
 * batches or checkpoints (nothing to resume). Shared option: `seed` default 1 (the splits and
 * the cross-validation folds).
 */
export interface TextCnnLinearOptions
  extends Omit<TaskTrainOptions, 'epochs' | 'batchSize' | 'resume'>,
    TextCnnDataOptions {
  /** The fit has no epochs and no checkpoints: there is nothing to resume. */
  resume?: false;
  /** 1: unigrams; 2: unigrams and bigrams. Default 2. */
  maxNgram?: 1 | 2;
  /** Terms in fewer training sentences are dropped. Default 1. */
  minDf?: number;
  /**
   * At most this many terms, the most frequent (by document frequency); what it cuts is
   * reported in `message`, `terms` and dl.json. Default 500,000.
   */
  maxFeatures?: number;
  /**
   * A fixed C (no cross-validation). Default: chosen from `cGrid` by `cvFolds`-fold
   * cross-validation on the training portion, and recorded in dl.json (`extra.c`,
   * `extra.cSelection`).
   */
  c?: number;
  /** The C values cross-validation tries. Default TFIDF_DEFAULTS.cGrid / NBSVM_DEFAULTS.cGrid. */
  cGrid?: readonly number[];
  /** Stratified folds of the training portion that score each C. Default 5. */
  cvFolds?: number;
  /** Solver iterations at most per fit. Default 300. */
  iterations?: number;
  /** L-BFGS stops when no gradient component of the mean objective exceeds this. Default 1e-4 (scikit-learn's tol). */
  tolerance?: number;
}

/**
 * The TF-IDF + logistic-regression baseline: TF-IDF (smooth idf, L2 rows) and multinomial
 * logistic regression with L2. Our C is scikit-learn's multinomial one (C Σ loss + ½‖W‖²); for
 * two classes it equals scikit-learn's binary LogisticRegression at 2C (our softmax has one
 * weight column per class, each carrying half the margin).
 */
export interface TrainTextCnnTfidfOptions extends TextCnnLinearOptions {
  architecture: 'tfidf';
  /** 'lbfgs' (to the optimum) or 'adam' (`iterations` fixed steps). Default 'lbfgs'. */
  solver?: 'lbfgs' | 'adam';
  /** Adam's step size; solver 'adam' only. Default 0.1. */
  learningRate?: number;
}

/**
 * NB-SVM (Wang & Manning 2012): binarised n-grams scaled by their log-count ratio r, a linear
 * SVM with the squared hinge (liblinear's C), its weights interpolated w' = (1 − β) w̄ + β w.
 * More than two classes: one per class against the rest.
 */
export interface TrainTextCnnNbsvmOptions extends TextCnnLinearOptions {
  architecture: 'nbsvm';
  /** Smoothing α of the counts behind r. Default 1. */
  alpha?: number;
  /** Interpolation β towards the mean weight magnitude. Default 0.25. */
  beta?: number;
  /**
   * β values to cross-validate together with each C of `cGrid` (cheap: β only reweights a
   * fitted SVM); the chosen one is recorded as `extra.beta`. Default: none (β fixed at `beta`).
   */
  betaGrid?: readonly number[];
}

export type TrainTextCnnOptions =
  | TrainTextCnnSeedOptions
  | TrainTextCnnKimOptions
  | TrainTextCnnTfidfOptions
  | TrainTextCnnNbsvmOptions;
