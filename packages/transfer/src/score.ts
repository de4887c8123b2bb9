import { classificationReport, DlError, tf } from '@dl/core';
import { calibration } from './calibration';
import type { TransferEvaluation } from './task';

/** Class probabilities of a head for `count` feature rows (softmax applied to logits). */
export function headProbabilities(
  model: tf.LayersModel,
  x: Float32Array,
  dim: number,
  logits: boolean,
  batchSize = 256,
): number[][] {
  const count = x.length / dim;
  const rows: number[][] = [];
  for (let at = 0; at < count; at += batchSize) {
    const n = Math.min(batchSize, count - at);
    const p = tf.tidy(() => {
      const out = model.predict(
        tf.tensor2d(x.subarray(at * dim, (at + n) * dim), [n, dim]),
      ) as tf.Tensor;
      return (logits ? tf.softmax(out) : out).arraySync() as number[][];
    });
    rows.push(...p);
  }
  return rows;
}

/** Accuracy, macro-F1, per-class report with the confusion matrix, and calibration (ECE). */
export function scoreProbabilities(
  probabilities: number[][],
  truth: Int32Array,
  labels: readonly string[],
): TransferEvaluation {
  if (truth.length === 0) throw new DlError('DATA_INVALID', 'no images to evaluate');
  const predicted = Int32Array.from(probabilities, (p) => p.indexOf(Math.max(...p)));
  const report = classificationReport(truth, predicted, { labels: [...labels] });
  const cal = calibration(probabilities, truth);
  return {
    metrics: {
      accuracy: report.accuracy,
      macroF1: report.macroAvg.f1,
      ece: cal.ece,
      testSamples: truth.length,
    },
    report,
    calibration: cal,
  };
}
