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
   * Fraction of `data` held out for validation: a CNN's checkpoints keep the epoch of lowest
   * validation loss; the TF-IDF baseline only scores it. Default 0.1.
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
}

/** The course seed CNN (SEEDS.md §3): one width-3 convolution of 20 maps, Dense(50), softmax. */
export interface TrainTextCnnSeedOptions extends TextCnnNetworkOptions {
  architecture: 'seed';
}

/** Kim (2014)'s CNNs; without `architecture`, 'default' (= 'cnn-rand'). */
export interface TrainTextCnnKimOptions extends TextCnnNetworkOptions {
  architecture?: 'default' | 'cnn-rand' | 'cnn-static' | 'cnn-non-static' | 'cnn-multichannel';
  /** Feature maps per filter width. Default 100. */
  filters?: number;
  /** Convolution widths in words, each ≤ maxLen. Default [3, 4, 5]. */
  filterWidths?: readonly number[];
  /** L2 max-norm of each output unit's weight vector, enforced after every batch. Default 3. */
  maxNorm?: number;
}

/**
 * The TF-IDF + logistic-regression baseline: one deterministic full-batch fit, so no epochs,
 * batches or checkpoints (nothing to resume). Shared option: `seed` default 1 (the splits).
 */
export interface TrainTextCnnTfidfOptions
  extends Omit<TaskTrainOptions, 'epochs' | 'batchSize' | 'resume'>,
    TextCnnDataOptions {
  architecture: 'tfidf';
  /** The fit has no epochs and no checkpoints: there is nothing to resume. */
  resume?: false;
  /** 1: unigrams; 2: unigrams and bigrams. Default 2. */
  maxNgram?: 1 | 2;
  /** Terms in fewer training sentences are dropped. Default 1. */
  minDf?: number;
  /** The most frequent terms kept (by document frequency). Default 50,000. */
  maxFeatures?: number;
  /** Inverse L2 strength, as scikit-learn's C (mean loss + ‖W‖² / (2 C n)). Default 1. */
  c?: number;
  /** Full-batch Adam steps. Default 300. */
  iterations?: number;
  /** Adam's step size for the logistic regression. Default 0.1. */
  learningRate?: number;
}

export type TrainTextCnnOptions =
  | TrainTextCnnSeedOptions
  | TrainTextCnnKimOptions
  | TrainTextCnnTfidfOptions;
