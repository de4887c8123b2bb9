/**
 * Evaluation metrics as plain TypeScript over number arrays, typed arrays and token arrays, so
 * they give the same numbers on every backend (read tensors out with `dataSync()` first).
 */
export { type AccuracyOptions, accuracy, type ClassScores, topKAccuracy } from './accuracy';
export {
  type BleuOptions,
  type BleuResult,
  type BleuSmoothing,
  corpusBleu,
  sentenceBleu,
} from './bleu';
export {
  type AveragedMetrics,
  type ClassificationMetrics,
  classificationMetrics,
  classificationMetricsFromConfusion,
  type F1Average,
  f1Score,
  type PerClassMetrics,
} from './classification';
export { confusionMatrix } from './confusion';
export { characterErrorRate, levenshtein, wordErrorRate } from './edit-distance';
export { type PerplexityOptions, perplexity, perplexityFromProbabilities } from './perplexity';
export {
  type ClassificationReport,
  type ClassificationReportOptions,
  type ClassReportRow,
  classificationReport,
  formatClassificationReport,
  type ReportRow,
} from './report';
export { type SequenceAccuracyOptions, sequenceAccuracy } from './sequence';
