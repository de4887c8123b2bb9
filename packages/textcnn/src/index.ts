export { type CompareOptions, type CompareRow, compareTextClassifiers } from './compare';
export {
  type LoadSentenceDatasetOptions,
  loadSentenceDataset,
  looksLikeHeader,
  type SentenceDataset,
  sentenceFolds,
  subsetSentences,
} from './data';
export { type LoadWordVectorsOptions, loadWordVectors, type WordVectors } from './embeddings';
export {
  fitLogisticRegression,
  type LogisticRegressionFit,
  type LogisticRegressionOptions,
} from './logreg';
export { applyMaxNorm, MaxNormCallback } from './max-norm';
export {
  buildTextCnnModel,
  buildTextCnnSeedModel,
  countTrainableParams,
  TEXTCNN_VARIANTS,
  type TextCnnOptions,
  type TextCnnSeedOptions,
  type TextCnnVariant,
} from './model';
export {
  evaluateTextClassifier,
  loadTextClassifier,
  type TextClassifier,
  type TextPrediction,
} from './predict';
export {
  polarityCountAccuracy,
  type SynthKind,
  type SynthSentimentOptions,
  type SynthSentimentSet,
  synthSentiment,
} from './synth';
export { ngrams, type SparseRow, type TfidfOptions, TfidfVectorizer } from './tfidf';
export { cleanText, tokenize } from './tokenize';
export {
  alignLabels,
  TEXT_MODEL_KINDS,
  TEXTCNN_TASK,
  type TextMetrics,
  type TextModelKind,
  TFIDF_TASK,
  type TrainTextOptions,
  type TrainTextResult,
  trainTextClassifier,
} from './train';
export {
  DEFAULT_MAX_LEN,
  PAD,
  PAD_ID,
  UNK,
  UNK_ID,
  Vocabulary,
  type VocabularyOptions,
} from './vocabulary';
