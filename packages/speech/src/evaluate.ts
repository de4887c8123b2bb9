import { type ClassificationReport, classificationReport, predictClasses, type tf } from '@dl/core';
import type { SpeechClip } from './data';
import { featureBatch, type SpeechFeatureConfig } from './features';
import { accuracyByGroup, type GroupAccuracy } from './report';

export interface SpeechEvaluation {
  metrics: { accuracy: number; macroF1: number; testSamples: number };
  report: ClassificationReport;
  /** Accuracy of every speaker (voice) in the evaluated recordings. */
  bySpeaker: GroupAccuracy[];
  /** Accuracy of every word (digit). */
  byLabel: GroupAccuracy[];
}

/** Scores a model on recordings: P/R/F1 per class, accuracy per speaker and per word. */
export async function evaluateClips(
  model: tf.LayersModel,
  clips: readonly SpeechClip[],
  features: SpeechFeatureConfig,
  labels: readonly string[],
): Promise<SpeechEvaluation> {
  const x = featureBatch(clips, features);
  let predicted: Int32Array;
  try {
    predicted = await predictClasses(model, x);
  } finally {
    x.dispose();
  }
  const truth = Int32Array.from(clips, (c) => c.label);
  const report = classificationReport(truth, predicted, { labels: [...labels] });
  const correct = Array.from(truth, (t, i) => t === predicted[i]);
  return {
    metrics: { accuracy: report.accuracy, macroF1: report.macroAvg.f1, testSamples: clips.length },
    report,
    bySpeaker: accuracyByGroup(
      clips.map((c) => c.speaker),
      correct,
    ),
    byLabel: accuracyByGroup(
      clips.map((c) => labels[c.label]),
      correct,
    ),
  };
}
