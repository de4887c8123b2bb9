import { type ClassificationReport, evaluateClassifier } from '@dl/core';
import type { PlateDataset } from './data';
import { loadPlatePredictor } from './predict';

/**
 * Scores a saved classifier on a data set of its kind: per-class precision/recall/F1,
 * macro- and weighted-F1, accuracy and the confusion matrix.
 */
export async function evaluatePlate(
  dir: string,
  data: PlateDataset,
): Promise<ClassificationReport> {
  const predictor = await loadPlatePredictor(dir, { kind: data.kind });
  try {
    return await evaluateClassifier(
      predictor.model,
      { x: data.x, labels: data.labels },
      { labels: predictor.info.labels },
    );
  } finally {
    predictor.dispose();
  }
}

/** @deprecated Use evaluatePlate; removed in the next minor. */
export const evaluatePlateClassifier = evaluatePlate;
