import { DlError, type TaskTrainOptions, type TaskTrainResult } from '@dl/core';
import type { PlateColourWeights } from '../synth/plate-look';
import type { PlateCrop } from './data';
import type { PlateReaderReport } from './metrics';
import type { PlateReaderArchitecture, PlateReaderMetrics } from './task';

/** Options of `trainPlateReader`; the shared ones (outDir, epochs, …) are core's TaskTrainOptions. */
export interface TrainPlateReaderOptions extends TaskTrainOptions {
  /**
   * Epochs: default 20 (on 1,000 real crops a synthetic-only reader read 58.4% of the plates
   * exactly after 12 epochs and 70.9% after 20). Batch size: default 32.
   */
  epochs?: number;
  /** 'default' (LPRNet-like, ~0.5 M parameters) or 'small' (~0.26 M, half the cost). Default 'default'. */
  architecture?: PlateReaderArchitecture;
  /** Synthetic crops drawn fresh for every epoch (default 2000; 0 with `crops`: real crops only). */
  syntheticPerEpoch?: number;
  /** Synthetic crops held out for validation, drawn once (default 300). */
  validationPlates?: number;
  /**
   * Real labelled crops to train on too: a folder named by plate text (see
   * loadPlateReaderDataset) or crops already loaded. A share (`cropValidation`) is held out
   * and becomes the validation set the best epoch is chosen on. Default none.
   */
  crops?: string | readonly PlateCrop[];
  /** Share of `crops` held out for validation (default 0.1). */
  cropValidation?: number;
  /** Times each real training crop is seen per epoch, each time freshly jittered (default 1). */
  cropRepeats?: number;
  /**
   * A reader model directory to start from (fine-tuning): its weights and architecture are
   * used instead of a fresh model. Default none.
   */
  initFrom?: string;
  /**
   * Real character crops in EasyPR's layout (`chars2/`, `charsChinese/`) to compose the
   * synthetic plates from (three quarters of them; the rest from fonts). Default: fonts only.
   */
  characterCrops?: string;
  /** Font files for the synthetic plates (default the installed CJK and Latin fonts). */
  fonts?: readonly string[];
  /** Plate colour weights of the synthetic crops (default blue 0.7, green 0.2, yellow 0.1). */
  colours?: PlateColourWeights;
  /**
   * Share of the synthetic training crops that are degraded (tilt, blur, low resolution, JPEG,
   * frames, lighting); the rest are drawn clean, flat and sharp (synthPlateCrop's `realism`).
   * Default 0.5: on 1,000 real road-camera crops a reader trained on synthetic crops alone read
   * 42.8% of the plates exactly at 0.5 and 1.1% at 1 — degraded-only training never sees a
   * province's strokes, which real crops mostly show. The validation crops are always all
   * degraded.
   */
  realism?: number;
  /** Adam's initial learning rate (default 2e-3; 5e-4 with `initFrom`), cosine-annealed. */
  learningRate?: number;
  /** The learning rate the cosine schedule ends at (default learningRate / 20). */
  minLearningRate?: number;
  /** Stop after this many epochs without a better validation loss (default: never). */
  patience?: number;
  /**
   * Weight of the guided-alignment loss on synthetic crops (default 0.5; 0 turns it off): a
   * framewise cross-entropy on where each character is, which the generator knows. It gets
   * CTC past its initial plateau several times sooner; real crops are trained by CTC alone.
   */
  alignmentWeight?: number;
  /**
   * How much more the province's steps weigh in the alignment loss (default 3): the province,
   * 31 intricate shapes each on 1/31 of the plates, is what a short run learns last.
   */
  provinceWeight?: number;
}

/** The defaults of TrainPlateReaderOptions. */
export const PLATE_READER_TRAIN_DEFAULTS = {
  epochs: 20,
  batchSize: 32,
  architecture: 'default' as PlateReaderArchitecture,
  syntheticPerEpoch: 2000,
  validationPlates: 300,
  cropValidation: 0.1,
  cropRepeats: 1,
  learningRate: 2e-3,
  fineTuneLearningRate: 5e-4,
  alignmentWeight: 0.5,
  provinceWeight: 3,
  realism: 0.5,
  seed: 1,
} as const;

/**
 * What trainPlateReader returns. `metrics` are those of the held-out real crops when `crops`
 * were given (with cropValidation > 0), else of the held-out synthetic ones.
 */
export interface TrainPlateReaderResult extends TaskTrainResult<PlateReaderMetrics> {
  /** The full report on the held-out synthetic crops (unless validationPlates is 0). */
  synthetic?: PlateReaderReport;
  /** The report on the held-out real crops, when `crops` were given. */
  real?: PlateReaderReport;
  /** Crops used: synthetic per epoch, real for training and validation. */
  data: { syntheticPerEpoch: number; realTrain: number; realValidation: number };
  parameters: number;
  seconds: number;
}

const positiveInt = (name: string, v: number, zero = false) => {
  if (!Number.isInteger(v) || v < (zero ? 0 : 1)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${name} must be a ${zero ? 'non-negative' : 'positive'} integer, got ${v}`,
    );
  }
  return v;
};

/** The options with their defaults, checked. @internal */
export function readerSettings(o: TrainPlateReaderOptions) {
  const d = PLATE_READER_TRAIN_DEFAULTS;
  const learningRate = o.learningRate ?? (o.initFrom ? d.fineTuneLearningRate : d.learningRate);
  const cropValidation = o.cropValidation ?? d.cropValidation;
  if (!(cropValidation >= 0 && cropValidation < 1)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `cropValidation must be in [0, 1), got ${cropValidation}`,
    );
  }
  if (!(learningRate > 0)) {
    throw new DlError('INVALID_ARGUMENT', `learningRate must be positive, got ${learningRate}`);
  }
  const alignmentWeight = o.alignmentWeight ?? d.alignmentWeight;
  if (!(alignmentWeight >= 0)) {
    throw new DlError('INVALID_ARGUMENT', `alignmentWeight must be ≥ 0, got ${alignmentWeight}`);
  }
  const realism = o.realism ?? d.realism;
  if (!(realism >= 0 && realism <= 1)) {
    throw new DlError('INVALID_ARGUMENT', `realism must be in [0, 1], got ${realism}`);
  }
  const provinceWeight = o.provinceWeight ?? d.provinceWeight;
  if (!(provinceWeight > 0)) {
    throw new DlError('INVALID_ARGUMENT', `provinceWeight must be positive, got ${provinceWeight}`);
  }
  return {
    alignmentWeight,
    provinceWeight,
    realism,
    epochs: positiveInt('epochs', o.epochs ?? d.epochs),
    batchSize: positiveInt('batchSize', o.batchSize ?? d.batchSize),
    architecture: o.architecture ?? d.architecture,
    syntheticPerEpoch: positiveInt(
      'syntheticPerEpoch',
      o.syntheticPerEpoch ?? d.syntheticPerEpoch,
      true,
    ),
    validationPlates: positiveInt(
      'validationPlates',
      o.validationPlates ?? d.validationPlates,
      true,
    ),
    cropValidation,
    cropRepeats: positiveInt('cropRepeats', o.cropRepeats ?? d.cropRepeats),
    learningRate,
    minLearningRate: o.minLearningRate ?? learningRate / 20,
    seed: o.seed ?? d.seed,
  };
}

export type PlateReaderSettings = ReturnType<typeof readerSettings>;
