export {
  LM_DEFAULTS,
  LM_SEED_DEFAULTS,
  type LmArchitecture,
  type LmArchitectureName,
  type LmConfig,
  type LmLossReduction,
  type LmOptimizer,
  type LmRegime,
  lmConfig,
} from './config';
export {
  type LmDataset,
  loadLmDataset,
  loadPtbDataset,
  loadTextSplit,
  PTB_FILES,
  parseSentences,
  type TextSplit,
} from './data';
export { evaluateLm } from './evaluate';
export { disposeState, type LmState, lmHidden, lmLogits, zeroState } from './forward';
export {
  defaultGrammar,
  type Grammar,
  type GrammarEntropy,
  type GrammarState,
  type GrammarTruth,
  grammarEntropy,
  grammarLogProbs,
  type SynthLmOptions,
  sampleGrammar,
  synthLmCorpus,
} from './grammar';
export type {
  GenerateOptions,
  Generation,
  LmContext,
  NextWordOptions,
  NextWords,
  SentenceScore,
  TokenScore,
} from './inference';
export { maskedSoftmaxNll, tokenNll } from './loss';
export {
  buildLmModel,
  buildLmSeedModel,
  type LmModelOptions,
  type LmParams,
  type LmSeedOptions,
  lmParams,
  lmVariables,
  SEED_LM,
  syncTiedOutput,
} from './model';
export { ClippedSgdOptimizer } from './optimizer';
export { outputNll } from './output';
export type { LmEvaluation } from './perplexity';
export {
  type LanguageModel,
  type LmInfo,
  type LmPredictor,
  loadLanguageModel,
  loadLmPredictor,
} from './predict';
export { type SamplingOptions, sampleToken, samplingDistribution } from './sample';
export { LogUniformSampler, sampledSoftmaxNll } from './sampled';
export {
  type Batch,
  type EncodedSplit,
  encodeSplit,
  type PaddedRows,
  paddedBatches,
  paddedRows,
  streamBatches,
} from './sequences';
export { LM_TASK, type LmMetrics, type TrainLmResult } from './task';
export { checkpointDir, type TrainLmOptions, trainLm } from './train';
export {
  BOS,
  BOS_ID,
  DEFAULT_MAX_VOCAB,
  EOS,
  EOS_ID,
  LmVocabulary,
  type LmVocabularyOptions,
  PAD,
  PAD_ID,
  UNK,
  UNK_ID,
} from './vocabulary';
