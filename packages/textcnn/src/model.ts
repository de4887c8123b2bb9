import { DlError, tf } from '@dl/core';
import { ZeilerAdadeltaOptimizer } from './adadelta';
import {
  ADADELTA_EPSILON,
  ADADELTA_RHO,
  TEXTCNN_DEFAULTS,
  TEXTCNN_LEARNING_RATES,
  TEXTCNN_SEED_DEFAULTS,
} from './defaults';

export interface TextCnnSeedOptions {
  vocabSize: number;
  /** Default 50, as the seed (GloVe 6B 50d). */
  embeddingDim?: number;
  /** Default 70. */
  maxLen?: number;
  /** Row-major [vocabSize × embeddingDim] pretrained vectors; random uniform ±0.25 if absent. */
  embeddings?: Float32Array;
  /** Default 2. */
  classes?: number;
  /** Dropout of both Dropout layers (the seed's rate is not recorded). Default 0.5, as Kim. */
  dropout?: number;
}

export type TextCnnVariant = 'rand' | 'static' | 'non-static' | 'multichannel';
export const TEXTCNN_VARIANTS: readonly TextCnnVariant[] = [
  'rand',
  'static',
  'non-static',
  'multichannel',
];

export interface TextCnnOptions {
  variant: TextCnnVariant;
  vocabSize: number;
  /** Default: the vectors' (embeddings.length / vocabSize), else 300 as Kim's word2vec. */
  embeddingDim?: number;
  /** Default 70. */
  maxLen?: number;
  /** Pretrained vectors, required by every variant but 'rand'. */
  embeddings?: Float32Array;
  /** Default 2. */
  classes?: number;
  /** Default [3, 4, 5] (Kim). */
  filterWidths?: readonly number[];
  /** Feature maps per width. Default 100 (Kim). */
  filters?: number;
  /** Default 0.5 (Kim). */
  dropout?: number;
  /**
   * L2 max-norm of each output unit's weight vector, as the output layer's constraint. Default
   * 3 (Kim). tfjs applies it only when weights are set: training enforces it with
   * MaxNormCallback.
   */
  maxNorm?: number;
}

/** How compileTextCnnModel compiles. */
export interface CompileTextCnnOptions {
  /** Default 'adam'; Kim used 'adadelta' (ρ 0.95, ε 1e-6). */
  optimizer?: 'adam' | 'adadelta';
  /** Default 1e-3 with Adam, 1 with Adadelta (there a multiplier of its step). */
  learningRate?: number;
}

/** Names the explainer looks up: per-width feature maps (after ReLU) and the dense head. */
export const featureLayerName = (width: number) => `features_w${width}`;
export const OUTPUT_LAYER = 'output';

function embeddingLayer(
  name: string,
  vocabSize: number,
  dim: number,
  maxLen: number,
  embeddings: Float32Array | undefined,
  trainable: boolean,
): tf.layers.Layer {
  if (embeddings && embeddings.length !== vocabSize * dim) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `embeddings hold ${embeddings.length} values; expected ${vocabSize} words × ${dim} = ${vocabSize * dim}`,
    );
  }
  return tf.layers.embedding({
    name,
    inputDim: vocabSize,
    outputDim: dim,
    inputLength: maxLen,
    trainable,
    // Kim draws unknown words uniform ±0.25 (about the variance of word2vec's vectors).
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.25, maxval: 0.25 }),
    ...(embeddings ? { weights: [tf.tensor2d(embeddings, [vocabSize, dim])] } : {}),
  });
}

/**
 * Compiles a model of either builder as trainTextCnn does: categorical cross-entropy, accuracy,
 * and Adam or Adadelta. The builders leave this to the trainer (or to you, training by hand).
 */
export function compileTextCnnModel(
  model: tf.LayersModel,
  options: CompileTextCnnOptions = {},
): tf.LayersModel {
  const optimizer = options.optimizer ?? TEXTCNN_DEFAULTS.optimizer;
  const learningRate = options.learningRate ?? TEXTCNN_LEARNING_RATES[optimizer];
  model.compile({
    // The learning rate multiplies Adadelta's step; tfjs's own Adadelta takes its first step
    // as plain SGD (see ZeilerAdadeltaOptimizer).
    optimizer:
      optimizer === 'adadelta'
        ? new ZeilerAdadeltaOptimizer(learningRate, ADADELTA_RHO, ADADELTA_EPSILON)
        : tf.train.adam(learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/**
 * The seed model of SEEDS.md §3, layer for layer: Input(70) → Embedding(vocab, 50, frozen) →
 * Conv1D(20, 3, same, relu) → GlobalMaxPool1D → Dropout → Dense(50, relu) → Dropout →
 * Dense(2, softmax). With 58,954 words: 2,951,872 parameters, 4,172 trainable. Uncompiled
 * (see compileTextCnnModel).
 */
export function buildTextCnnSeedModel(options: TextCnnSeedOptions): tf.LayersModel {
  const {
    vocabSize,
    embeddingDim = TEXTCNN_SEED_DEFAULTS.embeddingDim,
    maxLen = TEXTCNN_SEED_DEFAULTS.maxLen,
    classes = 2,
    dropout = TEXTCNN_SEED_DEFAULTS.dropout,
  } = options;
  const input = tf.input({ shape: [maxLen], dtype: 'int32', name: 'tokens' });
  const embedded = embeddingLayer(
    'embedding',
    vocabSize,
    embeddingDim,
    maxLen,
    options.embeddings,
    false,
  ).apply(input) as tf.SymbolicTensor;
  let h = tf.layers
    .conv1d({
      name: featureLayerName(3),
      filters: 20,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'relu',
    })
    .apply(embedded) as tf.SymbolicTensor;
  h = tf.layers.globalMaxPooling1d({ name: 'max_pool' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.dropout({ rate: dropout }).apply(h) as tf.SymbolicTensor;
  h = tf.layers
    .dense({ name: 'hidden', units: 50, activation: 'relu' })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers.dropout({ rate: dropout }).apply(h) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ name: OUTPUT_LAYER, units: classes, activation: 'softmax' })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'textcnn_seed' });
}

/**
 * Kim (2014)'s CNN for sentence classification: filter widths 3, 4, 5 × 100 feature maps over
 * the word vectors (valid convolution, ReLU), max-over-time pooling, concatenation, dropout 0.5
 * and a softmax layer whose weight vectors are held to L2 norm ≤ 3.
 *
 * - rand: embeddings randomly initialised and trained;
 * - static: pretrained vectors, frozen;  non-static: pretrained vectors, fine-tuned;
 * - multichannel: two embedding channels from the same vectors, one frozen and one trained.
 *   Kim: "each filter is applied to both channels and the results are added". We apply the
 *   same Conv1D layer (shared weights, linear) to each channel, add the two maps and then apply
 *   ReLU. The bias enters twice, which only rescales it (2b is as free a parameter as b).
 *
 * Uncompiled (see compileTextCnnModel).
 */
export function buildTextCnnModel(options: TextCnnOptions): tf.LayersModel {
  const {
    variant,
    vocabSize,
    maxLen = TEXTCNN_DEFAULTS.maxLen,
    classes = 2,
    filterWidths = TEXTCNN_DEFAULTS.filterWidths,
    filters = TEXTCNN_DEFAULTS.filters,
    dropout = TEXTCNN_DEFAULTS.dropout,
    maxNorm = TEXTCNN_DEFAULTS.maxNorm,
    embeddings,
  } = options;
  if (!TEXTCNN_VARIANTS.includes(variant)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `unknown TextCNN variant '${variant}'; expected one of ${TEXTCNN_VARIANTS.join(', ')}`,
    );
  }
  if (variant !== 'rand' && !embeddings) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `the '${variant}' TextCNN needs pretrained embeddings (loadWordVectors)`,
    );
  }
  const embeddingDim = options.embeddingDim ?? (embeddings ? embeddings.length / vocabSize : 300);
  if (!Number.isInteger(embeddingDim)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${embeddings?.length} embedding values are not a whole number of ${vocabSize}-word rows`,
    );
  }
  const tooLong = filterWidths.find((w) => w > maxLen);
  if (tooLong)
    throw new DlError(
      'INVALID_ARGUMENT',
      `filter width ${tooLong} is longer than maxLen ${maxLen}`,
    );

  const input = tf.input({ shape: [maxLen], dtype: 'int32', name: 'tokens' });
  const channels = (
    variant === 'multichannel'
      ? [
          embeddingLayer('embedding_static', vocabSize, embeddingDim, maxLen, embeddings, false),
          embeddingLayer('embedding_tuned', vocabSize, embeddingDim, maxLen, embeddings, true),
        ]
      : [
          embeddingLayer(
            'embedding',
            vocabSize,
            embeddingDim,
            maxLen,
            embeddings,
            variant !== 'static',
          ),
        ]
  ).map((layer) => layer.apply(input) as tf.SymbolicTensor);

  const pooled = filterWidths.map((width) => {
    let maps: tf.SymbolicTensor;
    if (channels.length === 1) {
      maps = tf.layers
        .conv1d({ name: featureLayerName(width), filters, kernelSize: width, activation: 'relu' })
        .apply(channels[0]) as tf.SymbolicTensor;
    } else {
      const conv = tf.layers.conv1d({ name: `conv_w${width}`, filters, kernelSize: width });
      const sum = tf.layers
        .add({ name: `sum_w${width}` })
        .apply(channels.map((c) => conv.apply(c) as tf.SymbolicTensor)) as tf.SymbolicTensor;
      maps = tf.layers.reLU({ name: featureLayerName(width) }).apply(sum) as tf.SymbolicTensor;
    }
    return tf.layers
      .globalMaxPooling1d({ name: `max_pool_w${width}` })
      .apply(maps) as tf.SymbolicTensor;
  });
  let h =
    pooled.length > 1
      ? (tf.layers.concatenate({ name: 'concat' }).apply(pooled) as tf.SymbolicTensor)
      : pooled[0];
  h = tf.layers.dropout({ rate: dropout }).apply(h) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({
      name: OUTPUT_LAYER,
      units: classes,
      activation: 'softmax',
      // Axis 0: the norm of each output unit's incoming weight vector, as Kim's constraint.
      kernelConstraint: tf.constraints.maxNorm({ maxValue: maxNorm, axis: 0 }),
    })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({
    inputs: input,
    outputs: output,
    name: `textcnn_${variant.replace('-', '_')}`,
  });
}

/** Parameters that training changes (frozen embeddings excluded). */
export function countTrainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce(
    (n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1),
    0,
  );
}
