import { type ClassificationReport, classificationReport } from '@dl/core';
import { alignLabels, type SentenceDataset } from './data';
import { loadTextCnnPredictor } from './predict';
import type { TextCnnEvaluation } from './task';

/** Sentences per predictBatch call: bounds the memory of a large evaluation set. */
const EVAL_BATCH = 256;

/**
 * Scores a saved TextCNN or TF-IDF model on labelled sentences (labels matched to the model's
 * by name): accuracy, macro / weighted F1 and the per-class report with its confusion matrix.
 */
export async function evaluateTextCnn(
  artifactDir: string,
  data: SentenceDataset,
): Promise<TextCnnEvaluation> {
  const predictor = await loadTextCnnPredictor(artifactDir);
  try {
    const labels = predictor.info.labels;
    const aligned = alignLabels(data, labels);
    const predicted = new Int32Array(aligned.texts.length);
    for (let start = 0; start < aligned.texts.length; start += EVAL_BATCH) {
      const batch = predictor.predictBatch(aligned.texts.slice(start, start + EVAL_BATCH));
      batch.forEach((p, i) => {
        predicted[start + i] = labels.indexOf(p.label);
      });
    }
    const report = classificationReport(aligned.labels, predicted, { labels: [...labels] });
    return {
      accuracy: report.accuracy,
      macroF1: report.macroAvg.f1,
      weightedF1: report.weightedAvg.f1,
      testSamples: aligned.texts.length,
      report,
    };
  } finally {
    predictor.dispose();
  }
}

/**
 * @deprecated Use evaluateTextCnn (its `report` is this); removed in the next minor.
 */
export async function evaluateTextClassifier(
  dir: string,
  data: SentenceDataset,
): Promise<ClassificationReport> {
  return (await evaluateTextCnn(dir, data)).report;
}
