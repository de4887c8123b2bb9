import { DlError, tf } from '@dl/core';

export interface TransferHeadOptions {
  /** Length of the backbone's feature vector. */
  featureDim: number;
  /** Number of classes (≥ 2). */
  classes: number;
  /**
   * L2 weight decay as TF-slim applies it: `weightDecay · ½‖W‖²` added to the loss (tfjs's l2
   * regulariser is `l2 · ‖W‖²`, so it gets weightDecay / 2). Default 4e-5 (the seed's) for
   * the seed head, 1e-3 for ours.
   */
  weightDecay?: number;
  /** Units of the hidden layer; 0 makes the head logistic (one dense layer). Default 0. */
  hidden?: number;
  /** Dropout before the classifier (after the hidden layer in an MLP). Default 0.5. */
  dropout?: number;
}

export const TRANSFER_HEAD_DEFAULTS = {
  seedWeightDecay: 4e-5,
  weightDecay: 1e-3,
  hidden: 0,
  mlpHidden: 256,
  dropout: 0.5,
  mlpDropout: 0.5,
} as const;

function check(o: TransferHeadOptions): void {
  const fail = (m: string) => {
    throw new DlError('INVALID_ARGUMENT', m);
  };
  if (!Number.isInteger(o.featureDim) || o.featureDim < 1) {
    fail(`featureDim must be a positive integer, got ${o.featureDim}`);
  }
  if (!Number.isInteger(o.classes) || o.classes < 2) {
    fail(`classes must be an integer ≥ 2, got ${o.classes}`);
  }
  if (o.weightDecay !== undefined && !(o.weightDecay >= 0)) {
    fail(`weightDecay must be ≥ 0, got ${o.weightDecay}`);
  }
  if (o.hidden !== undefined && !(Number.isInteger(o.hidden) && o.hidden >= 0)) {
    fail(`hidden must be an integer ≥ 0, got ${o.hidden}`);
  }
  if (o.dropout !== undefined && !(o.dropout >= 0 && o.dropout < 1)) {
    fail(`dropout must be in [0, 1), got ${o.dropout}`);
  }
}

const l2 = (weightDecay: number) =>
  weightDecay > 0 ? tf.regularizers.l2({ l2: weightDecay / 2 }) : undefined;

/**
 * The seed's head (SEEDS.md §4): everything frozen but the final logits — one dense layer from
 * the pooled features to the classes, no activation, L2 weight decay. Uncompiled.
 */
export function buildTransferSeedModel(o: TransferHeadOptions): tf.LayersModel {
  check(o);
  const model = tf.sequential({ name: 'transfer_seed_head' });
  model.add(
    tf.layers.dense({
      inputShape: [o.featureDim],
      units: o.classes,
      kernelRegularizer: l2(o.weightDecay ?? TRANSFER_HEAD_DEFAULTS.seedWeightDecay),
      name: 'logits',
    }),
  );
  return model;
}

/**
 * Our head: dropout and a softmax layer (logistic regression) or, with `hidden`, one ReLU
 * layer with dropout before it (an MLP). It is trained on standardised features; the trainer
 * folds the standardisation into the first layer before saving. Uncompiled.
 */
export function buildTransferModel(o: TransferHeadOptions): tf.LayersModel {
  check(o);
  const hidden = o.hidden ?? TRANSFER_HEAD_DEFAULTS.hidden;
  const dropout =
    o.dropout ?? (hidden ? TRANSFER_HEAD_DEFAULTS.mlpDropout : TRANSFER_HEAD_DEFAULTS.dropout);
  const regulariser = l2(o.weightDecay ?? TRANSFER_HEAD_DEFAULTS.weightDecay);
  const input = tf.input({ shape: [o.featureDim], name: 'features' });
  let x: tf.SymbolicTensor = input;
  if (hidden) {
    x = tf.layers
      .dense({ units: hidden, activation: 'relu', kernelRegularizer: regulariser, name: 'hidden' })
      .apply(x) as tf.SymbolicTensor;
  }
  if (dropout > 0)
    x = tf.layers.dropout({ rate: dropout, name: 'dropout' }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({
      units: o.classes,
      activation: 'softmax',
      kernelRegularizer: regulariser,
      name: 'probabilities',
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({
    inputs: input,
    outputs: out,
    name: hidden ? 'transfer_mlp_head' : 'transfer_head',
  });
}

/**
 * Folds a standardisation `(x − mean) / std` into the model's first dense layer, so the saved
 * head takes raw features: W' = W / std (row-wise), b' = b − Σ (mean / std) · W. Exact.
 */
export function foldStandardisation(
  model: tf.LayersModel,
  mean: Float32Array,
  std: Float32Array,
): void {
  const first = model.layers.find((l) => l.getClassName() === 'Dense');
  if (!first) throw new DlError('MODEL_INVALID', 'the head has no dense layer to fold into');
  const [kernel, bias] = first.getWeights();
  const folded = tf.tidy(() => {
    const s = tf.tensor1d(std).expandDims(1);
    const m = tf.tensor1d(mean).expandDims(1);
    const w = kernel.div(s);
    const b = bias.sub(m.mul(w).sum(0));
    return [w, b];
  });
  first.setWeights(folded);
  tf.dispose(folded);
}
