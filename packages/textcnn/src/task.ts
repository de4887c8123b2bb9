import type { ClassificationReport, TaskTrainResult } from '@dl/core';
import type { TermSelection } from './terms';

/**
 * What training and prediction share: the task names in dl.json, the architectures, the
 * preprocessing records and the result types. Nothing here imports the trainers, so loading a
 * predictor never loads training code.
 */

/** dl.json `task` of the CNNs, of the TF-IDF baseline and of NB-SVM. */
export const TEXTCNN_TASK = 'textcnn';
export const TFIDF_TASK = 'text-tfidf';
export const NBSVM_TASK = 'text-nbsvm';

/** Kim (2014)'s four CNN variants, by the names of his paper's table. */
export type KimArchitecture = 'cnn-rand' | 'cnn-static' | 'cnn-non-static' | 'cnn-multichannel';

/** The linear baselines: TF-IDF + logistic regression, and NB-SVM (Wang & Manning 2012). */
export type LinearArchitecture = 'tfidf' | 'nbsvm';

/**
 * What trainTextCnn trains: 'seed' (the course's CNN, SEEDS.md §3), 'default' (= 'cnn-rand':
 * Kim's CNN, which needs no vectors file), one of Kim's variants, or a linear baseline.
 */
export type TextCnnArchitecture = 'seed' | 'default' | KimArchitecture | LinearArchitecture;

export const TEXTCNN_ARCHITECTURES: readonly TextCnnArchitecture[] = [
  'seed',
  'default',
  'cnn-rand',
  'cnn-static',
  'cnn-non-static',
  'cnn-multichannel',
  'tfidf',
  'nbsvm',
];

/** What 'default' trains. */
export const DEFAULT_ARCHITECTURE: KimArchitecture = 'cnn-rand';

/**
 * @deprecated Use TextCnnArchitecture ('cnn-seed' is now 'seed'); removed in the next minor.
 */
export type TextModelKind = Exclude<TextCnnArchitecture, 'seed' | 'default'> | 'cnn-seed';

/**
 * @deprecated Use TEXTCNN_ARCHITECTURES ('cnn-seed' is now 'seed'); removed in the next minor.
 */
export const TEXT_MODEL_KINDS: readonly TextModelKind[] = [
  'cnn-rand',
  'cnn-static',
  'cnn-non-static',
  'cnn-multichannel',
  'cnn-seed',
  'tfidf',
];

/** The architecture a (possibly deprecated) name stands for: 'cnn-seed' → 'seed'. */
export function architectureOf(name: TextCnnArchitecture | TextModelKind): TextCnnArchitecture {
  return name === 'cnn-seed' ? 'seed' : name;
}

/** How a CNN's input is made from a sentence (dl.json `preprocessing`). */
export interface CnnPreprocessing {
  /** Kim's clean_str (see `tokenize`). */
  tokenizer: 'kim-clean-str';
  maxLen: number;
  /** Short sentences are padded with <pad> at the end; long ones lose their end. */
  padding: 'post';
  truncation: 'post';
}

/** How the TF-IDF baseline's input is made from a sentence (dl.json `preprocessing`). */
export interface TfidfPreprocessing {
  tokenizer: 'kim-clean-str';
  maxNgram: 1 | 2;
  idf: 'smooth';
  norm: 'l2';
}

/** How NB-SVM's input is made from a sentence (dl.json `preprocessing`). */
export interface NbsvmPreprocessing {
  tokenizer: 'kim-clean-str';
  maxNgram: 1 | 2;
  /** Each n-gram the sentence holds is a 1 (its log-count ratio is folded into the weights). */
  features: 'binary';
}

/** How C (and, for NB-SVM, β) was chosen: k-fold cross-validation on the training portion. */
export interface CSelection {
  /** The C values tried, ascending. */
  grid: number[];
  /** NB-SVM with `betaGrid`: the β values tried with each C, ascending. */
  betaGrid?: number[];
  folds: number;
  /** Mean held-out accuracy over the folds per C (with betaGrid: per C, then per β). */
  meanAccuracy: number[];
  /** The C of the best mean accuracy; on ties the smallest (as LogisticRegressionCV). */
  c: number;
  /** With betaGrid: the β chosen with it (on ties the smallest). */
  beta?: number;
}

/** Held-out scores: of the saved model on the test split (training), or on the given data. */
export type TextMetrics = {
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  /** Sentences scored. */
  testSamples: number;
  /** Linear baselines given a validation slice: its accuracy (it selects nothing). */
  validationAccuracy?: number;
};

/** evaluateTextCnn's answer: the metrics and the per-class report behind them. */
export type TextCnnEvaluation = TextMetrics & { report: ClassificationReport };

export interface TrainTextCnnResult extends TaskTrainResult<TextMetrics> {
  /** Per-class precision, recall, F1 and the confusion matrix on the test split. */
  report: ClassificationReport;
  /** Vocabulary words (not <pad>, <unk>) found in the embeddings file, when one was given. */
  coverage?: { found: number; total: number; ratio: number };
  /** Linear baselines: the n-grams minDf and maxFeatures kept and dropped. */
  terms?: TermSelection;
  /** Linear baselines without a fixed `c`: the cross-validation that chose it. */
  cSelection?: CSelection;
}

/** @deprecated Use TrainTextCnnResult; removed in the next minor. */
export type TrainTextResult = TrainTextCnnResult;
