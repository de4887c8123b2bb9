import { DlError, type TaskTrainOptions } from '@dl/core';
import type { BackboneSpec } from './backbones/spec';
import type { TransferDataset } from './data';
import type { FineTuneOptions } from './fine-tune/options';
import { TRANSFER_HEAD_DEFAULTS } from './model';
import { TRANSFER_ARCHITECTURES, type TransferArchitecture } from './task';

/** How a head is trained: what trainTransfer and crossValidateTransfer share. */
export interface TransferHeadTraining {
  /** 'seed', 'default' (logistic) or 'mlp'. Default 'default'. */
  architecture?: TransferArchitecture;
  /**
   * Learning rate: RMSProp's for the seed (decay 0.9, momentum 0.9, ε 1, TF-slim's), Adam's
   * for ours. Default 1e-3 (seed, mlp), 3e-3 (default).
   */
  learningRate?: number;
  /** L2 weight decay (TF-slim convention, see TransferHeadOptions). Default 4e-5 seed, 1e-3 ours. */
  weightDecay?: number;
  /** Hidden units of the 'mlp' head. Default 256. */
  hidden?: number;
  /** Dropout of our heads. Default 0.5. The seed has none. */
  dropout?: number;
  /**
   * Gradient steps of the seed (it trains for a number of steps, not epochs); `epochs` wins when
   * given. Default 100.
   */
  steps?: number;
  /**
   * Epochs without a better validation loss before training stops (ours; the best epoch's
   * weights are kept). Default 15. The seed trains its fixed steps.
   */
  patience?: number;
  /** Fraction of the training images held out (stratified) for validation. Default 0.1. */
  validation?: number;
}

/**
 * Options of {@link trainTransfer}. Of core's shared options, `epochs` defaults to 200 for our
 * heads (early stopping ends them sooner) and to `steps` worth for the seed, `batchSize` to 32,
 * `seed` to 1.
 */
export interface TrainTransferOptions extends TaskTrainOptions, TransferHeadTraining {
  /** Labelled images (loadTransferDataset / synthTransferDataset). Required. */
  data: TransferDataset;
  /** A built-in backbone name or a spec (backboneFromDirectory). Default 'centernet'. */
  backbone?: string | BackboneSpec;
  /** Where the backbone's weight package is resolved from. Default the current directory. */
  from?: string;
  /** Feature cache folder (see computeFeatures). Default none: features computed in memory. */
  cacheDir?: string;
  /** Average features with the mirror image's (train and predict). Default false. */
  flip?: boolean;
  /** Images per backbone forward pass. Default 8. */
  featureBatchSize?: number;
  /** Fraction of the images held out (stratified) as the test set. Default 0.2. */
  test?: number;
  /**
   * Fine-tune the top of a layers backbone (nsfw-mobilenet-v2, nsfw-mobilenet-v2-block13,
   * nsfw-inception-v3, a layers model directory) from this layer on, with the head: see
   * FineTuneOptions. No feature cache is used and there is no resume. Default none: the backbone
   * stays frozen.
   */
  fineTune?: FineTuneOptions;
}

export const TRANSFER_TRAIN_DEFAULTS = {
  architecture: 'default',
  backbone: 'centernet',
  seed: 1,
  batchSize: 32,
  validation: 0.1,
  test: 0.2,
  flip: false,
  byArchitecture: {
    seed: { learningRate: 1e-3, weightDecay: 4e-5, dropout: 0, hidden: 0, steps: 100 },
    default: {
      learningRate: 3e-3,
      weightDecay: TRANSFER_HEAD_DEFAULTS.weightDecay,
      dropout: TRANSFER_HEAD_DEFAULTS.dropout,
      hidden: 0,
      epochs: 200,
      patience: 15,
    },
    mlp: {
      learningRate: 1e-3,
      weightDecay: TRANSFER_HEAD_DEFAULTS.weightDecay,
      dropout: TRANSFER_HEAD_DEFAULTS.mlpDropout,
      hidden: TRANSFER_HEAD_DEFAULTS.mlpHidden,
      epochs: 200,
      patience: 15,
    },
  },
} as const;

/** Every setting of a head's training, defaults filled in and checked. */
export interface HeadPlan {
  architecture: TransferArchitecture;
  /** Upper bound for ours (early stopping); exact for the seed. Resolved per training set size. */
  epochs: number | undefined;
  steps: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  hidden: number;
  dropout: number;
  /** 0: no early stopping (the seed). */
  patience: number;
  validation: number;
  seed: number;
}

/** Fills in the defaults of the head's training and rejects impossible values. */
export function planHead(o: TransferHeadTraining & Partial<TaskTrainOptions>): HeadPlan {
  const architecture = o.architecture ?? TRANSFER_TRAIN_DEFAULTS.architecture;
  if (!TRANSFER_ARCHITECTURES.includes(architecture)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `architecture must be ${TRANSFER_ARCHITECTURES.map((a) => `'${a}'`).join(', ')}, got '${architecture}'`,
    );
  }
  const d = TRANSFER_TRAIN_DEFAULTS.byArchitecture;
  const seedHead = architecture === 'seed';
  const plan: HeadPlan = {
    architecture,
    epochs: o.epochs ?? (seedHead ? undefined : d[architecture].epochs),
    steps: o.steps ?? d.seed.steps,
    batchSize: o.batchSize ?? TRANSFER_TRAIN_DEFAULTS.batchSize,
    learningRate: o.learningRate ?? d[architecture].learningRate,
    weightDecay: o.weightDecay ?? d[architecture].weightDecay,
    hidden: architecture === 'mlp' ? (o.hidden ?? d.mlp.hidden) : 0,
    dropout: seedHead ? 0 : (o.dropout ?? d[architecture].dropout),
    patience: seedHead ? 0 : (o.patience ?? d[architecture].patience),
    validation: o.validation ?? TRANSFER_TRAIN_DEFAULTS.validation,
    seed: o.seed ?? TRANSFER_TRAIN_DEFAULTS.seed,
  };
  checkPlan(plan);
  return plan;
}

function checkPlan(p: HeadPlan): void {
  const fail = (m: string) => {
    throw new DlError('INVALID_ARGUMENT', m);
  };
  const counts: [string, number | undefined][] = [
    ['epochs', p.epochs],
    ['steps', p.steps],
    ['batchSize', p.batchSize],
  ];
  for (const [name, v] of counts) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      fail(`${name} must be a positive integer, got ${v}`);
    }
  }
  if (!(p.learningRate > 0) || !Number.isFinite(p.learningRate)) {
    fail(`learningRate must be a positive number, got ${p.learningRate}`);
  }
  if (!(p.weightDecay >= 0)) fail(`weightDecay must be ≥ 0, got ${p.weightDecay}`);
  if (!(p.dropout >= 0 && p.dropout < 1)) fail(`dropout must be in [0, 1), got ${p.dropout}`);
  if (!(Number.isInteger(p.patience) && p.patience >= 0)) {
    fail(`patience must be an integer ≥ 0, got ${p.patience}`);
  }
  if (!(p.validation >= 0 && p.validation < 1)) {
    fail(`validation must be a fraction in [0, 1), got ${p.validation}`);
  }
}

/** Epochs of a run on `trainCount` examples: the seed's `steps` worth, else the plan's. */
export function epochsFor(plan: HeadPlan, trainCount: number): number {
  if (plan.epochs !== undefined) return plan.epochs;
  const perEpoch = Math.max(1, Math.ceil(trainCount / plan.batchSize));
  return Math.max(1, Math.ceil(plan.steps / perEpoch));
}
