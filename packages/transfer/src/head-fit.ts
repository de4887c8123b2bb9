import {
  type CheckpointSettings,
  type ProgressMode,
  Rng,
  type Sink,
  type TrainResult,
  tf,
  trainModel,
  withSeededRandom,
} from '@dl/core';
import { buildTransferModel, buildTransferSeedModel } from './model';
import { epochsFor, type HeadPlan } from './train-options';

/** Features of some images (`count × dim`, row-major) and their class ids. */
export interface LabelledFeatures {
  x: Float32Array;
  labels: Int32Array;
  dim: number;
}

/** Rows `idx` of a feature matrix. */
export function gatherRows(x: Float32Array, dim: number, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length * dim);
  for (let i = 0; i < idx.length; i++) {
    out.set(x.subarray(idx[i] * dim, (idx[i] + 1) * dim), i * dim);
  }
  return out;
}

/** Per-feature mean and standard deviation (1 where a feature is constant). */
export function standardiser(
  x: Float32Array,
  dim: number,
): { mean: Float32Array; std: Float32Array } {
  const n = x.length / dim;
  const mean = new Float32Array(dim);
  const std = new Float32Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += x[i * dim + j] / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) std[j] += (x[i * dim + j] - mean[j]) ** 2 / n;
  }
  for (let j = 0; j < dim; j++) std[j] = std[j] > 1e-12 ? Math.sqrt(std[j]) : 1;
  return { mean, std };
}

export function standardise(
  x: Float32Array,
  dim: number,
  s: { mean: Float32Array; std: Float32Array },
): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] - s.mean[i % dim]) / s.std[i % dim];
  return out;
}

const softmaxFromLogits = (yTrue: tf.Tensor, logits: tf.Tensor) =>
  tf.losses.softmaxCrossEntropy(yTrue, logits);

/** The loss a head of `plan` is trained with: softmax cross-entropy on the seed's logits. */
export const headLoss = (plan: HeadPlan) =>
  plan.architecture === 'seed' ? softmaxFromLogits : 'categoricalCrossentropy';

/** The head of `plan`, initialised from `rng` and compiled with its optimizer and loss. */
export function buildHead(plan: HeadPlan, dim: number, classes: number, rng: Rng): tf.LayersModel {
  const seedHead = plan.architecture === 'seed';
  const model = withSeededRandom(rng, () =>
    seedHead
      ? buildTransferSeedModel({ featureDim: dim, classes, weightDecay: plan.weightDecay })
      : buildTransferModel({
          featureDim: dim,
          classes,
          weightDecay: plan.weightDecay,
          hidden: plan.hidden,
          dropout: plan.dropout,
        }),
  );
  model.compile({
    // TF-slim's train_image_classifier RMSProp: decay 0.9, momentum 0.9, epsilon 1.0
    optimizer: seedHead
      ? tf.train.rmsprop(plan.learningRate, 0.9, 0.9, 1.0)
      : tf.train.adam(plan.learningRate),
    loss: headLoss(plan),
    metrics: ['accuracy'],
  });
  return model;
}

/**
 * A value of an epoch's logs as a number: tfjs hands callbacks scalars as tensors until its
 * History resolves them (duck-typed: tensors may come from another module copy).
 */
export async function logNumber(logs: tf.Logs | undefined, key: string): Promise<number> {
  const v = logs?.[key] as unknown;
  if (typeof v === 'number') return v;
  if (typeof (v as tf.Tensor | null)?.data === 'function')
    return (await (v as tf.Tensor).data())[0];
  return Number.NaN;
}

/**
 * Keeps a copy of the weights of the epoch with the lowest `val_loss`, for runs without
 * checkpoints. Given a `baseline` (the model's validation loss before training), it starts from
 * a copy of the model's own weights, so an epoch must beat the baseline to replace them.
 */
export class KeepBestWeights extends tf.Callback {
  /** Whether an epoch beat the best so far (the baseline, when given). */
  improved = false;
  private best: number;
  private weights: tf.Tensor[] | null = null;
  constructor(
    private readonly net: tf.LayersModel,
    baseline?: number,
  ) {
    super();
    this.best = baseline ?? Number.POSITIVE_INFINITY;
    if (baseline !== undefined) this.weights = net.getWeights().map((w) => w.clone());
  }
  override async onEpochEnd(_epoch: number, logs?: tf.Logs): Promise<void> {
    const value = await logNumber(logs, 'val_loss');
    if (!(value < this.best)) return;
    this.best = value;
    this.improved = true;
    if (this.weights) tf.dispose(this.weights);
    this.weights = this.net.getWeights().map((w) => w.clone());
  }
  /** Frees the copy (after a failed run). */
  discard(): void {
    if (this.weights) tf.dispose(this.weights);
    this.weights = null;
  }
  /** Puts the best weights back (if any were kept) and frees the copy. */
  restore(): void {
    if (!this.weights) return;
    this.net.setWeights(this.weights);
    this.discard();
  }
}

export interface FitHeadOptions {
  checkpoint?: CheckpointSettings;
  resume?: boolean;
  progress?: ProgressMode;
  progressOut?: Sink;
}

/**
 * Trains a compiled head on (already standardised, for ours) features: the seed for its fixed
 * steps, ours with early stopping on the validation loss keeping the best epoch.
 */
export async function fitHead(
  model: tf.LayersModel,
  plan: HeadPlan,
  train: LabelledFeatures,
  validation: LabelledFeatures | null,
  classes: number,
  o: FitHeadOptions = {},
): Promise<TrainResult> {
  const toTensors = (d: LabelledFeatures) => ({
    x: tf.tensor2d(d.x, [d.labels.length, d.dim]),
    // tidy: the int labels and the int one-hot are intermediates (they leaked, 4 a call)
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(d.labels, 'int32'), classes).toFloat()),
  });
  const t = toTensors(train);
  const v = validation && validation.labels.length > 0 ? toTensors(validation) : undefined;
  const early = plan.patience > 0 && v !== undefined;
  // With checkpoints the best epoch is restored from disk; without, from a copy in memory.
  const keep = early && !o.checkpoint ? new KeepBestWeights(model) : null;
  try {
    const run = await trainModel({
      model,
      train: t,
      validation: v,
      epochs: epochsFor(plan, train.labels.length),
      batchSize: plan.batchSize,
      seed: new Rng(plan.seed).fork('fit').int(2 ** 31),
      earlyStopping: early ? { patience: plan.patience } : undefined,
      checkpoint: o.checkpoint && { ...o.checkpoint, restoreBest: early },
      resume: o.resume,
      progress: o.progress ?? 'silent',
      progressOut: o.progressOut,
      callbacks: keep ? [keep] : [],
    });
    keep?.restore();
    return run;
  } finally {
    keep?.discard();
    tf.dispose([t.x, t.y, ...(v ? [v.x, v.y] : [])]);
  }
}
