import { classificationReport, predictClasses, tf } from '@dl/core';
import type { FaceSample } from './data';
import { prepared } from './images';
import { accuracyByPerson } from './report';
import type { FaceEvaluation, FacePreprocessing } from './task';

/**
 * Scores a model in memory on samples whose labels index `people` (the model's own): accuracy,
 * per-class P/R/F1 and accuracy per person.
 */
export async function evaluateSamples(
  model: tf.LayersModel,
  samples: readonly FaceSample[],
  pre: FacePreprocessing,
  people: readonly string[],
  truthOf: (s: FaceSample) => number = (s) => s.label,
): Promise<FaceEvaluation> {
  const [h, w] = pre.size;
  const per = h * w * pre.channels;
  const x = new Float32Array(samples.length * per);
  prepared(samples, pre).forEach((v, i) => x.set(v, i * per));
  const input = tf.tensor4d(x, [samples.length, h, w, pre.channels]);
  let predicted: Int32Array;
  try {
    predicted = await predictClasses(model, input);
  } finally {
    input.dispose();
  }
  const truth = Int32Array.from(samples, truthOf);
  const report = classificationReport(truth, predicted, { labels: [...people] });
  return {
    metrics: {
      accuracy: report.accuracy,
      macroF1: report.macroAvg.f1,
      testSamples: samples.length,
    },
    report,
    byPerson: accuracyByPerson(truth, predicted, people),
  };
}
