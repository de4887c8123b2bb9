import type { ClassificationReport, TaskTrainResult } from '@dl/core';

/**
 * What training and prediction share: the task names in dl.json, the architectures, the
 * preprocessing records and the result types. Nothing here imports the trainers, so loading a
 * predictor never loads training code.
 */

/** dl.json `task` of the CNNs and of the TF-IDF baseline. */
export const TEXTCNN_TASK = 'textcnn';
export const TFIDF_TASK = 'text-tfidf';

/** Kim (2014)'s four CNN variants, by the names of his paper's table. */
export type KimArchitecture = 'cnn-rand' | 'cnn-static' | 'cnn-non-static' | 'cnn-multichannel';

/**
 * What trainTextCnn trains: 'seed' (the course's CNN, SEEDS.md §3), 'default' (= 'cnn-rand':
 * Kim's CNN, which needs no vectors file), one of Kim's variants, or 'tfidf' (the TF-IDF +
 * logistic-regression baseline).
 */
export type TextCnnArchitecture = 'seed' | 'default' | KimArchitecture | 'tfidf';

export const TEXTCNN_ARCHITECTURES: readonly TextCnnArchitecture[] = [
  'seed',
  'default',
  'cnn-rand',
  'cnn-static',
  'cnn-non-static',
  'cnn-multichannel',
  'tfidf',
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

/** Held-out scores: of the saved model on the test split (training), or on the given data. */
export type TextMetrics = {
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  /** Sentences scored. */
  testSamples: number;
  /** TF-IDF only: accuracy on the validation split (the fit has no epochs to select with it). */
  validationAccuracy?: number;
};

/** evaluateTextCnn's answer: the metrics and the per-class report behind them. */
export type TextCnnEvaluation = TextMetrics & { report: ClassificationReport };

export interface TrainTextCnnResult extends TaskTrainResult<TextMetrics> {
  /** Per-class precision, recall, F1 and the confusion matrix on the test split. */
  report: ClassificationReport;
  /** Vocabulary words (not <pad>, <unk>) found in the embeddings file, when one was given. */
  coverage?: { found: number; total: number; ratio: number };
}

/** @deprecated Use TrainTextCnnResult; removed in the next minor. */
export type TrainTextResult = TrainTextCnnResult;
