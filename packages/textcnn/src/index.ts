export { type CompareOptions, type CompareRow, compareTextClassifiers } from './compare';
export {
  type LoadSentenceDatasetOptions,
  type LoadTextCnnDatasetOptions,
  loadSentenceDataset,
  loadTextCnnDataset,
  type SentenceDataset,
  sentenceFolds,
  subsetSentences,
} from './data';
export {
  NBSVM_DEFAULTS,
  TEXTCNN_DEFAULTS,
  TEXTCNN_KIM_RECIPE,
  TEXTCNN_LEARNING_RATES,
  TEXTCNN_SEED_DEFAULTS,
  TFIDF_DEFAULTS,
} from './defaults';
export { type LoadWordVectorsOptions, loadWordVectors, type WordVectors } from './embeddings';
export { evaluateTextClassifier, evaluateTextCnn } from './evaluate';
export type { FlatTextCnnOptions, TrainTextOptions } from './flat-options';
export {
  fitLogisticRegression,
  type LogisticRegressionFit,
  type LogisticRegressionOptions,
} from './logreg';
export { applyMaxNorm, MaxNormCallback } from './max-norm';
export {
  buildTextCnnModel,
  buildTextCnnSeedModel,
  type CompileTextCnnOptions,
  compileTextCnnModel,
  countTrainableParams,
  TEXTCNN_VARIANTS,
  type TextCnnOptions,
  type TextCnnSeedOptions,
  type TextCnnVariant,
} from './model';
export {
  fitNbSvm,
  type IndicatorRow,
  logCountRatio,
  type NbSvmFit,
  type NbSvmOptions,
} from './nbsvm';
export { NgramIndicators } from './ngram-indicators';
export {
  loadTextClassifier,
  loadTextCnnPredictor,
  type TextClassifier,
  type TextCnnPredictor,
  type TextCnnPredictorInfo,
  type TextPrediction,
} from './predict';
export {
  polarityCountAccuracy,
  type SynthKind,
  type SynthSentimentOptions,
  type SynthSentimentSet,
  synthSentiment,
  synthTextCnnSentiment,
} from './synth';
export {
  type CnnPreprocessing,
  type CSelection,
  type KimArchitecture,
  type LinearArchitecture,
  NBSVM_TASK,
  type NbsvmPreprocessing,
  TEXT_MODEL_KINDS,
  TEXTCNN_ARCHITECTURES,
  TEXTCNN_TASK,
  type TextCnnArchitecture,
  type TextCnnEvaluation,
  type TextMetrics,
  type TextModelKind,
  TFIDF_TASK,
  type TfidfPreprocessing,
  type TrainTextCnnResult,
  type TrainTextResult,
} from './task';
export { ngrams, type TermSelection } from './terms';
export { type SparseRow, type TfidfOptions, TfidfVectorizer } from './tfidf';
export { cleanText, tokenize } from './tokenize';
export { trainTextClassifier, trainTextCnn } from './train';
export type {
  TextCnnDataOptions,
  TextCnnLinearOptions,
  TextCnnNetworkOptions,
  TrainTextCnnKimOptions,
  TrainTextCnnNbsvmOptions,
  TrainTextCnnOptions,
  TrainTextCnnSeedOptions,
  TrainTextCnnTfidfOptions,
} from './train-options';
export {
  DEFAULT_MAX_LEN,
  PAD,
  PAD_ID,
  UNK,
  UNK_ID,
  Vocabulary,
  type VocabularyOptions,
} from './vocabulary';
