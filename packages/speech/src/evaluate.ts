import { classificationReport, DlError, predictClasses, type tf } from '@dl/core';
import type { SpeechClip, SpeechDataset } from './data';
import { featureBatch, type SpeechFeatureConfig } from './features';
import { splitFsdd } from './fsdd';
import { loadSpeechPredictor } from './predict';
import { accuracyByGroup } from './report';
import type { SpeechEvaluation, SpeechSplit } from './task';

export interface EvaluateSpeechOptions {
  /**
   * Which recordings to score: a split's test part (a speaker split needs `testSpeakers`), or
   * 'all'. Default FSDD's standard split (takes 0–4).
   */
  split?: SpeechSplit | 'all';
}

/**
 * Scores a saved model on a data set: its test split or, with `split: 'all'`, every recording —
 * accuracy, per-class P/R/F1, per-speaker and per-digit.
 */
export async function evaluateSpeech(
  dir: string,
  data: SpeechDataset,
  options: EvaluateSpeechOptions = {},
): Promise<SpeechEvaluation> {
  const predictor = await loadSpeechPredictor(dir);
  try {
    const { labels, features } = predictor.info;
    if (labels.join(',') !== data.labels.join(',')) {
      throw new DlError(
        'DATA_INVALID',
        `the model knows labels ${labels.join(',')}; the data set has ${data.labels.join(',')}`,
        { path: dir },
      );
    }
    const clips = clipsToScore(data, options.split ?? { mode: 'standard' });
    return await evaluateClips(predictor.model, clips, features, labels);
  } finally {
    predictor.dispose();
  }
}

/** @deprecated Use evaluateSpeech; removed in the next minor. */
export const evaluateSpeechRecognizer = evaluateSpeech;

function clipsToScore(data: SpeechDataset, split: SpeechSplit | 'all'): SpeechClip[] {
  let clips: SpeechClip[];
  if (split === 'all') clips = data.clips;
  else if (split.mode === 'speaker') {
    if (!split.testSpeakers) {
      throw new DlError('INVALID_ARGUMENT', 'evaluating a speaker split needs testSpeakers');
    }
    clips = splitFsdd(data.clips, { mode: 'speaker', testSpeakers: split.testSpeakers }).test;
  } else clips = splitFsdd(data.clips).test;
  if (clips.length === 0) {
    throw new DlError('DATA_INVALID', 'no recordings to evaluate in this split');
  }
  return clips;
}

/**
 * Scores a model in memory on recordings (features computed with `features`, as the model was
 * trained): P/R/F1 per class, accuracy per speaker and per word.
 */
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
