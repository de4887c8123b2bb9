import { DlError, tf } from '@dl/core';

export interface SpeechModelOptions {
  /** Model input `[frames, rows]` — see featureShape. */
  inputShape: [number, number];
  /** Output classes. Default 10 (the digits). */
  classes?: number;
  /** Dropout before the classifier ('default' only; the seed has none). Default 0.3. */
  dropout?: number;
}

/** Defaults of {@link SpeechModelOptions}. */
export const SPEECH_MODEL_DEFAULTS = { classes: 10, dropout: 0.3 } as const;

function check(o: SpeechModelOptions): { frames: number; rows: number; classes: number } {
  const [frames, rows] = o.inputShape ?? [];
  const classes = o.classes ?? SPEECH_MODEL_DEFAULTS.classes;
  for (const [name, v] of [
    ['frames', frames],
    ['feature rows', rows],
    ['classes', classes],
  ] as const) {
    if (!Number.isInteger(v) || (v as number) < 1) {
      throw new DlError('INVALID_ARGUMENT', `${name} must be a positive integer, got ${v}`);
    }
  }
  return { frames, rows, classes };
}

/** Mean softmax cross-entropy of one-hot labels against logits (stable for any logit size). */
export function softmaxCrossEntropyFromLogits(yTrue: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.losses.softmaxCrossEntropy(yTrue, logits);
}

/** Kernel sizes of the seed's parallel Conv1D branches. */
export const SEED_BRANCH_KERNELS = [3, 5, 7] as const;

/**
 * The seed (SEEDS.md §5): parallel Conv1D branches over the MFCC frames (32 filters each,
 * kernels 3/5/7, 'valid'), each output zero-padded back to the input length and concatenated
 * along channels → Flatten → Dense(128, relu) → Dense(classes) logits; softmax cross-entropy
 * on the logits (TF's softmax_cross_entropy_with_logits, as the original), Adam. It outputs
 * logits — the predictor applies the softmax. On raw MFCCs (c0 ≈ −600) the first logits are
 * huge: Keras' softmax-then-clipped-log loss has no gradient there and training never starts,
 * the logits form does. SEEDS.md gives the shape, not the widths; these are ours, stated here
 * and in the README.
 *
 * Returned uncompiled: trainSpeech compiles it (Adam, {@link softmaxCrossEntropyFromLogits});
 * compile it the same way to train it in your own loop.
 */
export function buildSpeechSeedModel(o: SpeechModelOptions): tf.LayersModel {
  const { frames, rows, classes } = check(o);
  if (frames < Math.max(...SEED_BRANCH_KERNELS)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `the seed model needs ≥ ${Math.max(...SEED_BRANCH_KERNELS)} frames, got ${frames}`,
    );
  }
  const input = tf.input({ shape: [frames, rows], name: 'mfcc' });
  const branches = SEED_BRANCH_KERNELS.map((k) => {
    const conv = tf.layers
      .conv1d({ filters: 32, kernelSize: k, activation: 'relu', name: `branch_k${k}` })
      .apply(input) as tf.SymbolicTensor;
    // 'valid' shortens by k − 1 frames: pad them back (split left/right). tfjs has no
    // ZeroPadding1D, so pad as a one-column image — standard layers only, so plain
    // tf.loadLayersModel still reads the saved model.
    const missing = k - 1;
    const asImage = tf.layers
      .reshape({ targetShape: [frames - missing, 1, 32], name: `image_k${k}` })
      .apply(conv) as tf.SymbolicTensor;
    const padded = tf.layers
      .zeroPadding2d({
        padding: [
          [Math.floor(missing / 2), Math.ceil(missing / 2)],
          [0, 0],
        ],
        name: `pad_k${k}`,
      })
      .apply(asImage) as tf.SymbolicTensor;
    return tf.layers
      .reshape({ targetShape: [frames, 32], name: `frames_k${k}` })
      .apply(padded) as tf.SymbolicTensor;
  });
  let x = tf.layers
    .concatenate({ axis: -1, name: 'branches' })
    .apply(branches) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .dense({ units: 128, activation: 'relu', name: 'hidden' })
    .apply(x) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: classes, name: 'logits' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'speech_seed' });
}

/** Filters of the default model's convolution blocks. */
export const DEFAULT_BLOCK_FILTERS = [64, 64, 128, 128] as const;

/**
 * Our default: a time-convolutional network over the log-mel frames (bands as channels) — four
 * Conv1D blocks (64-64-128-128 filters; kernel 5, then 3) with BatchNorm and ReLU, max-pooling
 * by 2 after the first three, global average pooling over time, dropout (default 0.3), softmax.
 * Global pooling makes it insensitive to where the word sits in the window. Measured against a
 * 2-D CNN over the same log-mel image (16-32-64-64): as accurate on unseen voices, 5× cheaper to
 * train. Returned uncompiled: trainSpeech compiles it (Adam, categorical cross-entropy).
 */
export function buildSpeechModel(o: SpeechModelOptions): tf.LayersModel {
  const { frames, rows, classes } = check(o);
  const dropout = o.dropout ?? SPEECH_MODEL_DEFAULTS.dropout;
  if (!(dropout >= 0 && dropout < 1)) {
    throw new DlError('INVALID_ARGUMENT', `dropout must be in [0, 1), got ${dropout}`);
  }
  if (frames < 8) {
    throw new DlError('INVALID_ARGUMENT', `the default model needs ≥ 8 frames, got ${frames}`);
  }
  const model = tf.sequential({ name: 'speech_tcn' });
  DEFAULT_BLOCK_FILTERS.forEach((filters, i) => {
    model.add(
      tf.layers.conv1d({
        filters,
        kernelSize: i === 0 ? 5 : 3,
        padding: 'same',
        useBias: false, // BatchNorm's beta is the bias
        ...(i === 0 ? { inputShape: [frames, rows] } : {}),
      }),
    );
    model.add(tf.layers.batchNormalization({ momentum: 0.9 }));
    model.add(tf.layers.activation({ activation: 'relu' }));
    if (i < DEFAULT_BLOCK_FILTERS.length - 1) model.add(tf.layers.maxPooling1d({ poolSize: 2 }));
  });
  model.add(tf.layers.globalAveragePooling1d());
  model.add(tf.layers.dropout({ rate: dropout }));
  model.add(tf.layers.dense({ units: classes, activation: 'softmax', name: 'digit' }));
  return model;
}
