import type { ClassificationReport, DecodedImage, RankedPrediction } from '@dl/core';
import type { BackboneSpec } from './backbones/spec';
import type { Calibration } from './calibration';
import type { FineTuneRecord } from './fine-tune/network';
import type { FineTunePlan } from './fine-tune/options';

/**
 * What training and prediction share: the task name checked when a model directory is loaded,
 * the architectures, what dl.json records, and the result types. The predictor needs nothing
 * from the trainer: dl.json names the backbone (its whole spec) and the head is a TF.js model.
 */
export const TRANSFER_TASK = 'transfer-image-classification';

/**
 * 'seed': the course's head, logits only (one dense layer, L2 weight decay 4e-5, RMSProp 1e-3,
 * batch 32, 100 steps; SEEDS.md §4); 'default': a logistic head on standardised features with
 * early stopping; 'mlp': one hidden layer with dropout, early stopping.
 */
export type TransferArchitecture = 'seed' | 'default' | 'mlp';

export const TRANSFER_ARCHITECTURES: readonly TransferArchitecture[] = ['seed', 'default', 'mlp'];

/** The seed emits logits (softmax applied by the predictor); ours emit probabilities. */
export const TRANSFER_OUTPUTS: Record<TransferArchitecture, 'logits' | 'probabilities'> = {
  seed: 'logits',
  default: 'probabilities',
  mlp: 'probabilities',
};

/** Held-out scores of a transfer model, as stored in dl.json's `metrics`. */
export type TransferMetrics = {
  accuracy: number;
  macroF1: number;
  /** Expected calibration error (15 bins). */
  ece: number;
  testSamples: number;
};

/** Scores of a model on labelled images: P/R/F1 per class, the confusion matrix, calibration. */
export interface TransferEvaluation {
  metrics: TransferMetrics;
  /** Per-class precision/recall/F1 and the confusion matrix (rows: truth). */
  report: ClassificationReport;
  calibration: Calibration;
}

/** What the model's features are: dl.json's `preprocessing` of a transfer model. */
export interface TransferFeatureRecord {
  backbone: BackboneSpec;
  /** SHA-256 over the backbone's weight files when it was trained: checked on load. */
  weightsId: string;
  flip: boolean;
  featureDim: number;
  /**
   * Present when the backbone's top was fine-tuned: the saved model then takes the bottom's
   * outputs (these tensors of the backbone) and holds the trained top, its pooling and the head.
   */
  fineTune?: FineTuneRecord;
}

/** What a transfer model's dl.json keeps in `extra` (checked again on resume). */
export interface TransferModelExtra {
  architecture: TransferArchitecture;
  outputs: 'logits' | 'probabilities';
  synthetic: boolean;
  /** Training settings (not epochs: a resumed run may train longer). */
  training: {
    batchSize: number;
    learningRate: number;
    weightDecay: number;
    hidden: number;
    dropout: number;
    patience: number;
    validation: number;
    test: number;
  };
  /** The fine-tuning settings and what came of them (absent: a frozen backbone). */
  fineTune?: FineTunePlan & {
    /** Did an epoch beat the frozen head's validation loss (else its weights were kept)? */
    improved: boolean;
    /** Training images × views the top was trained on. */
    examples: number;
    /** Held-out scores of the head on the frozen features, before fine-tuning. */
    frozenMetrics: TransferMetrics;
  };
}

/** An image to classify: a file path, its bytes, or a decoded image. */
export type TransferInput = string | Uint8Array | DecodedImage;

/** The best label, its probability and the k most probable labels, best first. */
export type TransferPrediction = RankedPrediction;
