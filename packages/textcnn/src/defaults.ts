/**
 * Every default of @dl/textcnn's builders and trainers, in one place: the options types and the
 * README table quote these, and the code reads them from here (no constant hides in a function).
 */

/** The defaults of a CNN run (TrainTextCnnKimOptions / TrainTextCnnSeedOptions). */
export interface TextCnnDefaults {
  epochs: number;
  batchSize: number;
  seed: number;
  maxLen: number;
  minCount: number;
  maxVocab: number;
  embeddingDim: number;
  filters: number;
  filterWidths: readonly number[];
  dropout: number;
  maxNorm: number;
  optimizer: 'adam' | 'adadelta';
  validation: number;
  test: number;
}

/** The defaults of a TF-IDF baseline run (TrainTextCnnTfidfOptions). */
export interface TfidfDefaults {
  seed: number;
  maxNgram: 1 | 2;
  minDf: number;
  maxFeatures: number;
  c: number;
  iterations: number;
  learningRate: number;
  validation: number;
  test: number;
}

/** Kim (2014)'s CNNs as trainTextCnn trains them ('default', 'cnn-rand', 'cnn-static', …). */
export const TEXTCNN_DEFAULTS: Readonly<TextCnnDefaults> = Object.freeze({
  epochs: 10,
  /** Kim: mini-batches of 50. */
  batchSize: 50,
  seed: 1,
  /** Tokens per sentence after padding / truncation (the course seed's 70; MR's longest: 56). */
  maxLen: 70,
  /** Vocabulary: words seen fewer times in the training split become <unk>. */
  minCount: 1,
  /** Vocabulary entries including <pad> and <unk>; no cap. */
  maxVocab: Number.POSITIVE_INFINITY,
  /** Embedding size without a vectors file (Kim's word2vec: 300; 128 trains faster). */
  embeddingDim: 128,
  /** Feature maps per filter width. */
  filters: 100,
  filterWidths: Object.freeze([3, 4, 5]),
  dropout: 0.5,
  /** L2 max-norm of each output unit's weight vector, enforced after every batch. */
  maxNorm: 3,
  optimizer: 'adam',
  /** Held-out fractions of `data`: validation (picks the best epoch), test (without testData). */
  validation: 0.1,
  test: 0.1,
});

/** The course seed CNN (SEEDS.md §3): as Kim's, but GloVe 6B 50d-sized embeddings. */
export const TEXTCNN_SEED_DEFAULTS: Readonly<TextCnnDefaults> = Object.freeze({
  ...TEXTCNN_DEFAULTS,
  embeddingDim: 50,
});

/** Learning rate by optimizer: Adam's usual 1e-3; Adadelta's is a multiplier of its step (1). */
export const TEXTCNN_LEARNING_RATES: Readonly<Record<'adam' | 'adadelta', number>> = Object.freeze({
  adam: 1e-3,
  adadelta: 1,
});

/** Adadelta as Kim: ρ 0.95, ε 1e-6. */
export const ADADELTA_RHO = 0.95;
export const ADADELTA_EPSILON = 1e-6;

/**
 * The TF-IDF + logistic-regression baseline (the course's spam-SMS detector): scikit-learn's
 * TfidfVectorizer and LogisticRegression defaults where they have one.
 */
export const TFIDF_DEFAULTS: Readonly<TfidfDefaults> = Object.freeze({
  seed: 1,
  /** 1: unigrams; 2: unigrams and bigrams. */
  maxNgram: 2,
  /** Terms in fewer training sentences are dropped. */
  minDf: 1,
  /** The most frequent terms kept (by document frequency). */
  maxFeatures: 50_000,
  /** Inverse L2 strength, as scikit-learn's C. */
  c: 1,
  /** Full-batch Adam steps of the logistic regression. */
  iterations: 300,
  learningRate: 0.1,
  validation: 0.1,
  test: 0.1,
});
