import type { LmConfig } from '@dl/text-lm';

/**
 * The defaults --help quotes: a copy of @dl/text-lm's LM_DEFAULTS (its 'default' architecture),
 * so that --help need not load the package; test/constants.test.ts checks it against the package.
 */
export const LM_HELP_DEFAULTS = {
  regime: 'stream',
  epochs: 13,
  layers: 2,
  units: 200,
  embeddingDim: 200,
  dropout: 0,
  steps: 20,
  batchSize: 20,
  optimizer: 'sgd',
  learningRate: 1,
  lrDecay: 0.5,
  decayAfter: 4,
  clipNorm: 5,
  sampledSoftmax: 0,
  maxVocab: 10_004,
} as const satisfies Partial<LmConfig>;
