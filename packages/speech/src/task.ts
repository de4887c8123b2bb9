import type { ClassificationReport, RankedPrediction } from '@dl/core';
import type { SpeechAugment } from './augment';
import type { GroupAccuracy } from './report';

/**
 * What training and prediction share: the task name checked when a model directory is loaded,
 * the architectures, what the model's dl.json records, and the result types. The preprocessing
 * record is SpeechFeatureConfig (features.ts), saved as dl.json's `preprocessing`. Nothing here
 * imports the trainer, so loading a predictor never loads the training code.
 */
export const SPEECH_TASK = 'speech-digits';

/** 'seed': the course's model and features (SEEDS.md §5); 'default': our better default. */
export type SpeechArchitecture = 'seed' | 'default';

export const SPEECH_ARCHITECTURES: readonly SpeechArchitecture[] = ['seed', 'default'];

/**
 * What a model's last layer emits: the seed outputs logits (it trains on softmax cross-entropy
 * from logits, as the original), ours probabilities. The predictor applies a softmax to logits.
 */
export const SPEECH_OUTPUTS: Record<SpeechArchitecture, 'logits' | 'probabilities'> = {
  seed: 'logits',
  default: 'probabilities',
};

/**
 * Train/test split: FSDD's standard one (takes 0–4 are the test set) or held-out speakers —
 * `testSpeakers` by name, or `heldOut` of them drawn with the run's seed (default: a quarter).
 */
export type SpeechSplit =
  | { mode: 'standard' }
  | { mode: 'speaker'; testSpeakers?: string[]; heldOut?: number };

/** Held-out scores of a speech model, as stored in dl.json's `metrics`. */
export type SpeechMetrics = {
  accuracy: number;
  macroF1: number;
  testSamples: number;
};

/** Scores of a model on recordings: per-class P/R/F1, accuracy per speaker and per word. */
export interface SpeechEvaluation {
  metrics: SpeechMetrics;
  report: ClassificationReport;
  /** Accuracy of every speaker (voice) in the evaluated recordings. */
  bySpeaker: GroupAccuracy[];
  /** Accuracy of every word (digit). */
  byLabel: GroupAccuracy[];
}

/** What a trained speech model's dl.json keeps in `extra` (checked again on resume). */
export interface SpeechModelExtra {
  architecture: SpeechArchitecture;
  outputs: 'logits' | 'probabilities';
  augment: SpeechAugment | null;
  split: SpeechSplit['mode'];
  testSpeakers: string[];
  synthetic: boolean;
  /** Not epochs: a resumed run may train longer. */
  training: {
    batchSize: number;
    learningRate: number;
    finalLearningRate: number;
    validation: number;
    dropout: number;
  };
}

/** Audio to recognise: a WAV path, or samples at a rate (one array, or one per channel). */
export type SpeechInput = string | { samples: Float32Array | Float32Array[]; sampleRate: number };

/** The best label, its probability and the k most probable labels, best first. */
export type SpeechPrediction = RankedPrediction;
