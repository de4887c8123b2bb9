import type { ClassificationReport, DecodedImage, RankedPrediction } from '@dl/core';

/**
 * What training and prediction share: the task name checked when a model directory is loaded,
 * the architectures, the preprocessing record (dl.json's `preprocessing`), what dl.json keeps in
 * `extra`, and the result types. Nothing here imports the trainer, so loading a predictor never
 * loads the training code.
 */
export const FACE_TASK = 'face-identity';

/** 'seed': the course's CNN (SEEDS.md §6); 'default': our better default (BatchNorm, augmented). */
export type FaceArchitecture = 'seed' | 'default';

export const FACE_ARCHITECTURES: readonly FaceArchitecture[] = ['seed', 'default'];

/**
 * How an image becomes a model input: converted to gray (BT.601), resized (bilinear) to `size`
 * = [height, width], scaled to 0–1, and the gray plane replicated to `channels` (the seed was
 * trained on 3-channel copies of gray faces).
 */
export interface FacePreprocessing {
  size: [number, number];
  channels: 1 | 3;
}

/** The seed's input: 42×42×3, /255 (SEEDS.md §6). */
export const SEED_PREPROCESSING: FacePreprocessing = { size: [42, 42], channels: 3 };

/** Our default's input: 64×64 gray (faces here are gray; three equal planes add nothing). */
export const DEFAULT_PREPROCESSING: FacePreprocessing = { size: [64, 64], channels: 1 };

/**
 * How the labelled images are divided into training and test: a stratified `test` fraction of
 * every person's images (default 0.15, as the seed held out), or `train` images per person
 * drawn with the run's seed for training and the rest for testing (the ORL/Yale protocol: 5).
 */
export type FaceSplit = { mode: 'fraction'; test?: number } | { mode: 'per-person'; train: number };

/** Held-out scores of a face model, as stored in dl.json's `metrics`. */
export type FaceMetrics = {
  accuracy: number;
  macroF1: number;
  testSamples: number;
};

/** Accuracy on one person's images. */
export interface PersonAccuracy {
  person: string;
  correct: number;
  total: number;
  accuracy: number;
}

/** Closed-set scores: accuracy, per-class P/R/F1 and accuracy per person. */
export interface FaceEvaluation {
  metrics: FaceMetrics;
  report: ClassificationReport;
  byPerson: PersonAccuracy[];
}

/** What a trained face model's dl.json keeps in `extra` (checked again on resume). */
export interface FaceModelExtra {
  architecture: FaceArchitecture;
  split: FaceSplit;
  synthetic: boolean;
  augment: FaceAugment | null;
  /** Not epochs: a resumed run may train longer. */
  training: {
    batchSize: number;
    optimizer: 'sgd-nesterov' | 'adam';
    learningRate: number;
    validation: number;
    dropout?: number;
    filters?: [number, number, number];
  };
}

/**
 * Training-time augmentation, drawn afresh for every image every epoch. Set a field to 0 (or
 * `flip` to false) to turn that part off.
 */
export interface FaceAugment {
  /** Mirror left–right with probability ½. */
  flip: boolean;
  /** Largest shift, as a fraction of the side, in each direction. */
  shift: number;
  /** Largest rotation in degrees, either way. */
  rotation: number;
  /** Largest zoom in or out, as a fraction (0.1: 0.9–1.1×). */
  scale: number;
  /** Largest brightness change, multiplicative (0.2: ×0.8–1.2) and as an offset of ±that/2. */
  brightness: number;
}

/** An image to recognise: a file path (any format @dl/core reads) or a decoded image. */
export type FaceInput = string | DecodedImage;

/** The best person, its probability and the k most probable people, best first. */
export type FacePrediction = RankedPrediction;
