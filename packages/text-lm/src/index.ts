export {
  LM_DEFAULTS,
  LM_SEED_DEFAULTS,
  type LmArchitecture,
  type LmConfig,
  type LmOptimizer,
  type LmRegime,
  lmConfig,
} from './config';
export {
  firstInvalidUtf8,
  type LmDataset,
  loadPtbDataset,
  loadTextSplit,
  PTB_FILES,
  parseSentences,
  readUtf8File,
  type TextSplit,
} from './data';
export type { LmEvaluation } from './evaluate';
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
export {
  evaluateLm,
  type GenerateOptions,
  type Generation,
  type LanguageModel,
  loadLanguageModel,
  loadLmPredictor,
  type SentenceScore,
  type TokenScore,
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
export {
  checkpointDir,
  LM_TASK,
  type LmMetrics,
  type TrainLmOptions,
  type TrainLmResult,
  trainLm,
} from './train';
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
