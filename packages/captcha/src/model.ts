import { DlError, resetAfterGru, tf } from '@dl/core';
import { checkInput } from './image';
import type { CaptchaInput } from './task';

/** The seed's input (SEEDS.md §7): RGB 60 × 200. */
export const SEED_INPUT: CaptchaInput = { height: 60, width: 200, channels: 3 };
/**
 * Our default input: gray 32 × 128 (the 200 × 50 real captchas at 0.64 scale; glyphs stay
 * ~16 px high). Half the training cost of 40 × 160 on this machine, 32 CTC steps.
 */
export const DEFAULT_INPUT: CaptchaInput = { height: 32, width: 128, channels: 1 };

export interface CaptchaSeedModelOptions {
  /** Default SEED_INPUT (60 × 200 × 3). */
  input?: CaptchaInput;
  /** Characters per captcha: one softmax head each (default 6). */
  length?: number;
  /** Symbols per position (default 36: digits and letters). */
  classes?: number;
  /** L2 factor on the convolution kernels (default 1e-4; SEEDS.md names L2, not its factor). */
  l2?: number;
  /** Dropout after the first three stages (default 0.2) and after GAP and the GRU (0.3). */
  stageDropout?: number;
  headDropout?: number;
}

export interface CaptchaModelOptions {
  /** Default DEFAULT_INPUT (32 × 128 × 1). */
  input?: CaptchaInput;
  /** Symbols (the charset size); the model has one more output, the CTC blank, last. */
  classes: number;
  /** Filters of the convolution blocks (default [24, 48, 96, 96]). */
  filters?: readonly number[];
  /** Features per time step fed to the recurrent layer (default 128). */
  projection?: number;
  /** Units per direction of the bidirectional recurrent layer (default 64). */
  units?: number;
  /** 'gru' (default: ResetAfterGRU), 'lstm', or 'none' (per-column logits, no recurrence). */
  rnn?: 'gru' | 'lstm' | 'none';
  /** Dropout before and after the recurrent layer (default 0.25). */
  dropout?: number;
  /**
   * Max-pooling [height, width] after each convolution block, null for none (default
   * [[2, 2], [2, 2], [2, 1], null]: the width shrinks 4×, so 128 px give 32 time steps).
   */
  pools?: readonly ([number, number] | null)[];
}

export const SEED_FILTERS = [64, 128, 256, 512] as const;
export const DEFAULT_FILTERS = [24, 48, 96, 96] as const;
const DEFAULT_POOLS: readonly ([number, number] | null)[] = [[2, 2], [2, 2], [2, 1], null];

function positive(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) {
    throw new DlError('INVALID_ARGUMENT', `${name} must be a positive integer, got ${v}`);
  }
  return v;
}

type Sym = tf.SymbolicTensor;
const apply = (layer: tf.layers.Layer, x: Sym) => layer.apply(x) as Sym;

/** The seed's convolution tower up to global average pooling, by layer name (shared by both stages). */
function seedTower(input: Sym, o: CaptchaSeedModelOptions): Sym {
  let x = input;
  const l2 = o.l2 ?? 1e-4;
  SEED_FILTERS.forEach((filters, i) => {
    const s = i + 1;
    for (const [k, padding] of [
      ['a', 'valid'],
      ['b', 'same'],
    ] as const) {
      x = apply(
        tf.layers.conv2d({
          filters,
          kernelSize: 3,
          padding,
          kernelInitializer: tf.initializers.heNormal({ seed: 3 }),
          kernelRegularizer: tf.regularizers.l2({ l2 }),
          name: `conv${s}${k}`,
        }),
        x,
      );
      x = apply(tf.layers.batchNormalization({ name: `bn${s}${k}` }), x);
      x = apply(tf.layers.activation({ activation: 'relu', name: `relu${s}${k}` }), x);
    }
    if (i < SEED_FILTERS.length - 1) {
      x = apply(tf.layers.maxPooling2d({ poolSize: 2, name: `pool${s}` }), x);
      x = apply(tf.layers.dropout({ rate: o.stageDropout ?? 0.2, name: `drop${s}` }), x);
    }
  });
  x = apply(tf.layers.globalAveragePooling2d({ name: 'gap' }), x);
  return apply(tf.layers.dropout({ rate: o.headDropout ?? 0.3, name: 'gap_dropout' }), x);
}

function seedChecks(o: CaptchaSeedModelOptions) {
  const input = o.input ?? SEED_INPUT;
  checkInput(input);
  // Four valid 3×3 convolutions and three 2×2 pools: below ~46 px nothing is left.
  if (input.height < 46 || input.width < 46) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `the seed model needs inputs of at least 46 × 46, got ${input.height} × ${input.width}`,
    );
  }
  return {
    input,
    length: positive('length', o.length ?? 6),
    classes: positive('classes', o.classes ?? 36),
  };
}

const heads = (length: number, classes: number, at: (i: number) => Sym) =>
  Array.from({ length }, (_, i) =>
    apply(tf.layers.dense({ units: classes, activation: 'softmax', name: `digit${i + 1}` }), at(i)),
  );

/**
 * The seed (SEEDS.md §7), layer for layer: four stages of Conv2D(f, 3×3, valid)+BN+ReLU →
 * Conv2D(f, 3×3, same)+BN+ReLU, f = 64/128/256/512, he_normal (seed 3) and L2 on the
 * convolutions, 2×2 max-pool and dropout after the first three; GlobalAveragePooling2D →
 * dropout → RepeatVector(length) → GRU(128, sequences; tf.keras's reset_after layout) →
 * dropout → one Dense(classes, softmax) per position, named digit1…digitN. 4,967,448
 * parameters at 6 × 36 on 60 × 200 × 3. Uncompiled (the trainer compiles: one cross-entropy
 * per head, Adam).
 */
export function buildCaptchaSeedModel(o: CaptchaSeedModelOptions = {}): tf.LayersModel {
  const { input, length, classes } = seedChecks(o);
  const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
  let x = seedTower(image, o);
  x = apply(tf.layers.repeatVector({ n: length, name: 'repeat' }), x);
  x = apply(resetAfterGru({ units: 128, returnSequences: true, name: 'gru' }), x);
  x = apply(tf.layers.dropout({ rate: o.headDropout ?? 0.3, name: 'gru_dropout' }), x);
  // Position i's head reads GRU step i. Standard layers only (the sequence as a one-channel
  // image, cropped to row i), so plain tfjs loads the model with just ResetAfterGRU registered.
  const rows = apply(tf.layers.reshape({ targetShape: [length, 128, 1], name: 'rows' }), x);
  const outputs = heads(length, classes, (i) => {
    const row = apply(
      tf.layers.cropping2D({
        cropping: [
          [i, length - 1 - i],
          [0, 0],
        ],
        name: `step${i + 1}`,
      }),
      rows,
    );
    return apply(tf.layers.flatten({ name: `step${i + 1}_features` }), row);
  });
  return tf.model({ inputs: image, outputs, name: 'captcha_seed' });
}

/**
 * The seed's first training stage: the same convolution tower (same layer names, so its
 * weights initialise buildCaptchaSeedModel's) with the per-position heads straight on the
 * pooled features.
 */
export function buildCaptchaSeedCnn(o: CaptchaSeedModelOptions = {}): tf.LayersModel {
  const { input, length, classes } = seedChecks(o);
  const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
  const features = seedTower(image, o);
  return tf.model({
    inputs: image,
    outputs: heads(length, classes, () => features),
    name: 'captcha_seed_cnn',
  });
}

/**
 * Our default: a CTC reader. Conv+BN+ReLU blocks (default 24/48/96/96 filters) pooling
 * 2×2, 2×2, 2×1 so the width stays long (a quarter of the input: 32 steps at 128 px); each
 * image column becomes a time step, projected to 128 features → dropout → bidirectional
 * recurrent layer (ResetAfterGRU or LSTM, 64 units each way) → dropout → per-step logits over
 * the charset plus the CTC blank (last). Reads any length up to the number of steps.
 * Uncompiled; trained with ctcLoss.
 */
export function buildCaptchaModel(o: CaptchaModelOptions): tf.LayersModel {
  const input = o.input ?? DEFAULT_INPUT;
  checkInput(input);
  const classes = positive('classes', o.classes);
  const filters = o.filters ?? DEFAULT_FILTERS;
  const units = positive('units', o.units ?? 64);
  const dropout = o.dropout ?? 0.25;
  const pools = filters.map(
    (_, i) => o.pools?.[i] ?? (o.pools ? null : (DEFAULT_POOLS[i] ?? null)),
  );
  const height = pools.reduce((h, p) => (p ? Math.floor(h / p[0]) : h), input.height);
  const steps = pools.reduce((w, p) => (p ? Math.floor(w / p[1]) : w), input.width);
  if (height < 1 || steps < 2) {
    throw new DlError('INVALID_ARGUMENT', `input ${input.height} × ${input.width} is too small`);
  }
  const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
  let x: Sym = image;
  filters.forEach((f, i) => {
    x = apply(
      tf.layers.conv2d({
        filters: positive('filters', f),
        kernelSize: 3,
        padding: 'same',
        useBias: false,
        kernelInitializer: 'heNormal',
        name: `conv${i + 1}`,
      }),
      x,
    );
    x = apply(tf.layers.batchNormalization({ momentum: 0.9, name: `bn${i + 1}` }), x);
    x = apply(tf.layers.activation({ activation: 'relu', name: `relu${i + 1}` }), x);
    const pool = pools[i];
    if (pool) {
      x = apply(
        tf.layers.maxPooling2d({ poolSize: pool as [number, number], name: `pool${i + 1}` }),
        x,
      );
    }
  });
  const channels = filters[filters.length - 1];
  // [h, w, c] → [w, h, c] → [w, h·c]: each column of the feature map is one time step.
  x = apply(tf.layers.permute({ dims: [2, 1, 3], name: 'columns' }), x);
  x = apply(tf.layers.reshape({ targetShape: [steps, height * channels], name: 'steps' }), x);
  x = apply(
    tf.layers.dense({ units: o.projection ?? 128, activation: 'relu', name: 'projection' }),
    x,
  );
  x = apply(tf.layers.dropout({ rate: dropout, name: 'rnn_in_dropout' }), x);
  if (o.rnn !== 'none') x = apply(bidirectional(o.rnn ?? 'gru', units), x);
  x = apply(tf.layers.dropout({ rate: dropout, name: 'rnn_out_dropout' }), x);
  const logits = apply(tf.layers.dense({ units: classes + 1, name: 'ctc_logits' }), x);
  return tf.model({ inputs: image, outputs: logits, name: 'captcha_ctc' });
}

function bidirectional(kind: 'gru' | 'lstm', units: number): tf.layers.Layer {
  const layer =
    kind === 'gru'
      ? resetAfterGru({ units, returnSequences: true, name: 'gru' })
      : // glorot rather than tfjs's orthogonal default, whose pure-JS QR takes ~30 s here
        tf.layers.lstm({
          units,
          returnSequences: true,
          recurrentInitializer: 'glorotUniform',
          name: 'lstm',
        });
  return tf.layers.bidirectional({ layer: layer as tf.RNN, mergeMode: 'concat', name: 'birnn' });
}

/** Time steps (CTC output length) of buildCaptchaModel for an input width and pooling. */
export const ctcSteps = (width: number, pools = DEFAULT_POOLS): number =>
  pools.reduce((w, p) => (p ? Math.floor(w / p[1]) : w), width);
