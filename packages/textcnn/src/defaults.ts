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
  selectBy: 'val_loss' | 'val_accuracy';
  patience: number;
  validation: number;
  test: number;
}

/** What both linear baselines (TF-IDF + LR, NB-SVM) share. */
export interface LinearBaselineDefaults {
  seed: number;
  maxNgram: 1 | 2;
  minDf: number;
  maxFeatures: number;
  /** The C of a fit when none is chosen by cross-validation (fitLogisticRegression, fitNbSvm). */
  c: number;
  cGrid: readonly number[];
  cvFolds: number;
  iterations: number;
  tolerance: number;
  validation: number;
  test: number;
}

/** The defaults of a TF-IDF baseline run (TrainTextCnnTfidfOptions). */
export interface TfidfDefaults extends LinearBaselineDefaults {
  solver: 'lbfgs' | 'adam';
  learningRate: number;
}

/** The defaults of an NB-SVM run (TrainTextCnnNbsvmOptions). */
export interface NbsvmDefaults extends LinearBaselineDefaults {
  alpha: number;
  beta: number;
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
  /** The validation score that picks the epoch kept. */
  selectBy: 'val_loss',
  /** Epochs without a better selectBy before stopping: never. */
  patience: Number.POSITIVE_INFINITY,
  /** Held-out fractions of `data`: validation (picks the best epoch), test (without testData). */
  validation: 0.1,
  test: 0.1,
});

/**
 * Kim (2014)'s training regime, `recipe: 'kim'`: what his code (CNN_sentence) does, where it
 * differs from TEXTCNN_DEFAULTS. Adadelta (ρ 0.95, ε 1e-6) at rate 1, 300-d embeddings
 * (word2vec's size), dropout 0.5 and max-norm 3 on the softmax weights, mini-batches of 50, 10%
 * of the training data as the dev set, up to 25 epochs keeping the one of best dev accuracy.
 * Kim trains all 25; we stop after 5 without a better dev accuracy (it rarely comes back).
 */
export const TEXTCNN_KIM_RECIPE: Readonly<
  Pick<
    TextCnnDefaults,
    | 'epochs'
    | 'batchSize'
    | 'embeddingDim'
    | 'dropout'
    | 'maxNorm'
    | 'optimizer'
    | 'selectBy'
    | 'patience'
    | 'validation'
  > & { learningRate: number }
> = Object.freeze({
  epochs: 25,
  batchSize: 50,
  embeddingDim: 300,
  dropout: 0.5,
  maxNorm: 3,
  optimizer: 'adadelta',
  learningRate: 1,
  selectBy: 'val_accuracy',
  patience: 5,
  validation: 0.1,
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

/** C from 1/4 to 64, doubling: the grid the TF-IDF baseline cross-validates. */
const C_GRID_TFIDF = Object.freeze([0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]);

/**
 * The TF-IDF + logistic-regression baseline (the course's spam-SMS detector): scikit-learn's
 * TfidfVectorizer and LogisticRegression defaults where they have one, and C chosen by 5-fold
 * cross-validation on the training portion (LogisticRegressionCV's default folds).
 */
export const TFIDF_DEFAULTS: Readonly<TfidfDefaults> = Object.freeze({
  seed: 1,
  /** 1: unigrams; 2: unigrams and bigrams. */
  maxNgram: 2,
  /** Terms in fewer training sentences are dropped (scikit-learn's min_df). */
  minDf: 1,
  /**
   * At most this many terms, the most frequent: a memory bound (the fit keeps ~160 bytes per
   * term and class), far above MR's ~115k or SMS's ~46k uni+bigrams. A cut is reported.
   */
  maxFeatures: 500_000,
  /** Inverse L2 strength (C Σ loss + ½‖W‖²) when `c` is given or for fitLogisticRegression. */
  c: 1,
  /** Searched when `c` is not given. */
  cGrid: C_GRID_TFIDF,
  /** Stratified folds of the training portion that score each C. */
  cvFolds: 5,
  /** 'lbfgs' fits to the optimum; 'adam' takes `iterations` fixed steps of `learningRate`. */
  solver: 'lbfgs',
  /** L-BFGS iterations at most (Adam: exactly). */
  iterations: 300,
  /** L-BFGS stops when no gradient component of the mean objective exceeds this. */
  tolerance: 1e-4,
  /** Adam's step size (solver 'adam' only). */
  learningRate: 0.1,
  /** No validation slice: cross-validation on the training portion chooses C. */
  validation: 0,
  test: 0.1,
});

/**
 * NB-SVM as Wang & Manning (2012): binarised uni+bigrams, log-count ratio with α = 1, a
 * squared-hinge linear SVM (liblinear's C), interpolation β = 0.25; C cross-validated.
 */
export const NBSVM_DEFAULTS: Readonly<NbsvmDefaults> = Object.freeze({
  seed: 1,
  maxNgram: 2,
  minDf: 1,
  maxFeatures: 500_000,
  /** Wang & Manning's C, when `c` is given as it or for fitNbSvm. */
  c: 1,
  /** Searched when `c` is not given: 1/64 to 1, doubling (the r-scaled features are large). */
  cGrid: Object.freeze([1 / 64, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1]),
  cvFolds: 5,
  iterations: 300,
  tolerance: 1e-4,
  /** Smoothing of the feature counts p and q. */
  alpha: 1,
  /** w' = (1 − β) w̄ + β w. */
  beta: 0.25,
  validation: 0,
  test: 0.1,
});
