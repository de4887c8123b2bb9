import type { TaskTrainResult } from '@dl/core';
import type { LmConfig } from './config';
import type { LmEvaluation } from './perplexity';
import { BOS, EOS, PAD, UNK } from './vocabulary';

/** The task name in a model directory's dl.json; the predictor refuses other tasks. */
export const LM_TASK = 'text-lm';

/**
 * The preprocessing record saved in dl.json: how text becomes ids (whitespace tokens, the
 * vocabulary's special tokens) and the regime the model was trained and is scored in.
 */
export function lmPreprocessing(config: Pick<LmConfig, 'regime' | 'steps'>) {
  return {
    tokenizer: 'whitespace',
    regime: config.regime,
    steps: config.steps,
    specials: { pad: PAD, unk: UNK, bos: BOS, eos: EOS },
  };
}

/** The held-out scores of a trained model (dl.json `metrics`). */
export interface LmMetrics {
  valPerplexity: number;
  valAccuracy: number;
  testPerplexity: number;
  testAccuracy: number;
  /** Mean NLL per test target, nats. */
  testNll: number;
  testTargets: number;
  /** Training targets per second (forward, backward and update; evaluation excluded). */
  trainTokensPerSecond: number;
  [k: string]: number;
}

/** What trainLm returns: core's TaskTrainResult and the run's LM specifics. */
export interface TrainLmResult extends TaskTrainResult<LmMetrics> {
  config: LmConfig;
  vocabularySize: number;
  parameters: number;
  /** Out-of-vocabulary reports of the validation and test splits. */
  warnings: string[];
  seconds: number;
  validation: LmEvaluation;
  test: LmEvaluation;
}
