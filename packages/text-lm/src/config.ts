import { DlError } from '@dl/core';
import { SEED_LM } from './model';
import { DEFAULT_MAX_VOCAB } from './vocabulary';

/**
 * 'default': Zaremba, Sutskever & Vinyals (2014)'s small LSTM (LM_DEFAULTS); 'seed': the course's
 * model of SEEDS.md §2 (LM_SEED_DEFAULTS).
 */
export type LmArchitecture = 'default' | 'seed';
/** @deprecated 'lstm' is the old name of 'default'; removed in the next minor. */
export type LmArchitectureName = LmArchitecture | 'lstm';
export type LmRegime = 'stream' | 'padded';
export type LmOptimizer = 'sgd' | 'adam';
/**
 * How a batch's per-token losses become the objective the gradient is taken of.
 * 'sum-over-time': summed over each row's time steps, averaged over the rows — Zaremba et al.
 * 2014 and the TensorFlow PTB tutorial; 'mean': averaged over every real token of the batch —
 * Keras, and PyTorch's word_language_model.
 */
export type LmLossReduction = 'sum-over-time' | 'mean';

/**
 * Everything that defines a training run besides the data and the seed. Defaults: LM_DEFAULTS
 * ('default' architecture) and LM_SEED_DEFAULTS ('seed'), given below as "default X, seed Y".
 */
export interface LmConfig {
  /** Which defaults the other fields start from. Default 'default'. */
  architecture: LmArchitecture;
  /**
   * 'stream': one continuous token stream in `batchSize` rows, windows of `steps` tokens, LSTM
   * state carried from window to window and reset each epoch (truncated BPTT).
   * 'padded': each sentence `<s> … </s>` padded to `steps` tokens, state from zero (the seed's).
   * Default 'stream', seed 'padded'.
   */
  regime: LmRegime;
  /** Word vector size. Default 200, seed 45. */
  embeddingDim: number;
  /** LSTM units a layer. Default 200, seed 50. */
  units: number;
  /** LSTM layers. Default 2, seed 1 (the seed has exactly one). */
  layers: number;
  /** On non-recurrent connections (embedding → LSTM → … → softmax), training only. Default 0. */
  dropout: number;
  /**
   * Softmax weights = the embedding matrix (Press & Wolf 2017); needs embeddingDim = units.
   * Default false.
   */
  tiedEmbeddings: boolean;
  /** Uniform init range ±initScale ('default'); the seed uses Keras' initialisers. Default 0.1. */
  initScale: number;
  /** BPTT window (stream) or padded sentence length (padded). Default 20, seed 30. */
  steps: number;
  /** Rows a batch. Default 20, seed 64. */
  batchSize: number;
  /** Passes over the training split. Default 13, seed 10. */
  epochs: number;
  /** Default 'sgd', seed 'adam'. */
  optimizer: LmOptimizer;
  /** Default 1, seed 0.001. */
  learningRate: number;
  /**
   * lr · lrDecay^max(0, epoch − decayAfter + 1): constant for `decayAfter` epochs, then
   * decaying. Default 0.5, seed 1 (constant).
   */
  lrDecay: number;
  /** Epochs at the full learning rate. Default 4, seed 1. */
  decayAfter: number;
  /** Clip gradients to this global L2 norm; 0 = no clipping. Default 5, seed 0. */
  clipNorm: number;
  /**
   * The training objective's scaling (LmLossReduction). 'sum-over-time' takes the gradient of
   * Σ NLL / rows — `steps` times that of 'mean' (Σ NLL / tokens) for a full window — so
   * 'sum-over-time' with SGD lr 1 and clipNorm 5 (Zaremba, the TF tutorial) takes exactly the
   * steps of 'mean' with lr 20 and clipNorm 0.25 (PyTorch's word_language_model) at steps 20.
   * Adam hardly notices (it normalises the gradient). Only the gradient changes: the reported
   * training loss is always the mean NLL per real token, and perplexity is always per token.
   * Default 'sum-over-time', seed 'mean'.
   */
  lossReduction: LmLossReduction;
  /**
   * 0: train on the full softmax. N > 0: sampled softmax with N log-uniform samples a batch
   * (sampled.ts) — cheaper steps on a large vocabulary; evaluation stays full-softmax.
   * Default 0.
   */
  sampledSoftmax: number;
  /**
   * Vocabulary size cap, the 4 special tokens included (built from the training split).
   * Default 10,004 (PTB's 10k types fit).
   */
  maxVocab: number;
  /**
   * Rows evaluated side by side (stream: each row is a contiguous part of the split).
   * Default 20, seed 64.
   */
  evalBatchSize: number;
}

/**
 * The default: Zaremba, Sutskever & Vinyals (2014), "small" configuration — 2 × 200 LSTM, no
 * dropout, weights uniform ±0.1, SGD lr 1 for 4 epochs then halved every epoch, 13 epochs,
 * gradients clipped to norm 5, truncated BPTT over 20 steps, batch 20, the loss summed over the
 * time steps and averaged over the batch (as theirs: `lossReduction`). Their test perplexity on
 * PTB: 114.5.
 */
export const LM_DEFAULTS: Readonly<LmConfig> = Object.freeze({
  architecture: 'default',
  regime: 'stream',
  embeddingDim: 200,
  units: 200,
  layers: 2,
  dropout: 0,
  tiedEmbeddings: false,
  initScale: 0.1,
  steps: 20,
  batchSize: 20,
  epochs: 13,
  optimizer: 'sgd',
  learningRate: 1,
  lrDecay: 0.5,
  decayAfter: 4,
  clipNorm: 5,
  lossReduction: 'sum-over-time',
  sampledSoftmax: 0,
  maxVocab: DEFAULT_MAX_VOCAB,
  evalBatchSize: 20,
});

/**
 * The seed of SEEDS.md §2: Embedding 45 → LSTM 50 → softmax, padded sentences of 30 tokens,
 * categorical cross-entropy (here masked), 10 epochs. The seed's optimizer and batch size are not
 * recorded: Adam at Keras' default lr 1e-3 and 64 sentences a batch.
 */
export const LM_SEED_DEFAULTS: Readonly<LmConfig> = Object.freeze({
  architecture: 'seed',
  regime: 'padded',
  embeddingDim: SEED_LM.embeddingDim,
  units: SEED_LM.units,
  layers: 1,
  dropout: 0,
  tiedEmbeddings: false,
  initScale: 0.05,
  steps: SEED_LM.seqLen,
  batchSize: 64,
  epochs: 10,
  optimizer: 'adam',
  learningRate: 1e-3,
  lrDecay: 1,
  decayAfter: 1,
  clipNorm: 0,
  lossReduction: 'mean',
  sampledSoftmax: 0,
  maxVocab: DEFAULT_MAX_VOCAB,
  evalBatchSize: 64,
});

const INTS = [
  'embeddingDim',
  'units',
  'layers',
  'steps',
  'batchSize',
  'epochs',
  'decayAfter',
  'maxVocab',
  'evalBatchSize',
] as const;

/** The architecture a name stands for: 'lstm' is the deprecated name of 'default'. */
export function lmArchitecture(name: LmArchitectureName | undefined): LmArchitecture {
  if (name === undefined || name === 'default' || name === 'lstm') return 'default';
  if (name === 'seed') return 'seed';
  throw new DlError(
    'INVALID_ARGUMENT',
    `architecture must be 'default' or 'seed', got '${name as string}'`,
  );
}

/** The defaults of an architecture with `overrides` applied, checked. */
export function lmConfig(
  name: LmArchitectureName = 'default',
  overrides: Partial<Omit<LmConfig, 'architecture'>> = {},
): LmConfig {
  const architecture = lmArchitecture(name);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const c: LmConfig = {
    ...(architecture === 'seed' ? LM_SEED_DEFAULTS : LM_DEFAULTS),
    ...defined,
    architecture,
  };
  for (const k of INTS) {
    if (!Number.isInteger(c[k]) || c[k] < 1) {
      throw new DlError('INVALID_ARGUMENT', `${k} must be a positive integer, got ${c[k]}`);
    }
  }
  if (architecture === 'seed' && c.layers !== 1) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `the seed model has one LSTM layer; got layers ${c.layers}`,
    );
  }
  if (c.tiedEmbeddings && c.embeddingDim !== c.units) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `tied embeddings need embeddingDim = units; got ${c.embeddingDim} and ${c.units}`,
    );
  }
  if (c.regime !== 'stream' && c.regime !== 'padded') {
    throw new DlError('INVALID_ARGUMENT', `regime must be 'stream' or 'padded', got '${c.regime}'`);
  }
  if (c.optimizer !== 'sgd' && c.optimizer !== 'adam') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `optimizer must be 'sgd' or 'adam', got '${c.optimizer}'`,
    );
  }
  if (c.lossReduction !== 'sum-over-time' && c.lossReduction !== 'mean') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `lossReduction must be 'sum-over-time' or 'mean', got '${c.lossReduction}'`,
    );
  }
  if (!(c.dropout >= 0 && c.dropout < 1)) {
    throw new DlError('INVALID_ARGUMENT', `dropout must be in [0, 1), got ${c.dropout}`);
  }
  for (const k of ['learningRate', 'lrDecay', 'initScale'] as const) {
    if (!(c[k] > 0) || !Number.isFinite(c[k])) {
      throw new DlError('INVALID_ARGUMENT', `${k} must be a positive number, got ${c[k]}`);
    }
  }
  if (!Number.isInteger(c.sampledSoftmax) || c.sampledSoftmax < 0) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `sampledSoftmax must be 0 (full softmax) or a positive number of samples, got ${c.sampledSoftmax}`,
    );
  }
  if (!(c.clipNorm >= 0)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `clipNorm must be ≥ 0 (0: no clipping), got ${c.clipNorm}`,
    );
  }
  return c;
}
