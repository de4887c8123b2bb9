import { DlError, type ProgressMode, type Sink } from '@dl/core';
import type { TransferDataset } from './data';
import { computeFeatures } from './features/compute';
import { loadTransferPredictor } from './predict';
import { headProbabilities, scoreProbabilities } from './score';
import type { TransferEvaluation } from './task';

export interface EvaluateTransferOptions {
  /** Feature cache folder (see computeFeatures). Default none. */
  cacheDir?: string;
  /** Where the backbone's weight package is resolved from. Default the current directory. */
  from?: string;
  /** Images per backbone forward pass. Default 8. */
  featureBatchSize?: number;
  progress?: ProgressMode;
  progressOut?: Sink;
}

/**
 * Scores a saved transfer model on every image of a data set: accuracy, macro-F1, the
 * per-class report with its confusion matrix, and calibration (ECE and reliability bins). The
 * data set's classes must be the model's, by name and order.
 */
export async function evaluateTransfer(
  artifactDir: string,
  data: TransferDataset,
  options: EvaluateTransferOptions = {},
): Promise<TransferEvaluation> {
  const predictor = await loadTransferPredictor(artifactDir, { from: options.from });
  try {
    const { labels, features: record } = predictor.info;
    if (labels.join(',') !== data.labels.join(',')) {
      throw new DlError(
        'DATA_INVALID',
        `the model knows classes ${labels.join(', ')}; the data set has ${data.labels.join(', ')}`,
        { path: data.root },
      );
    }
    const features = await computeFeatures(
      predictor.backbone,
      data.images.map((im) => im.path),
      {
        cacheDir: options.cacheDir,
        batchSize: options.featureBatchSize,
        flip: record.flip,
        progress: options.progress,
        progressOut: options.progressOut,
      },
    );
    const logits = predictor.info.meta.extra?.outputs === 'logits';
    const probabilities = headProbabilities(predictor.head, features.data, features.dim, logits);
    return scoreProbabilities(
      probabilities,
      Int32Array.from(data.images, (im) => im.label),
      labels,
    );
  } finally {
    predictor.dispose();
  }
}
