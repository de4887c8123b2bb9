import { DlError, tf } from '@dl/core';
import { DEFAULT_MAX_LEN } from './vocabulary';

export interface TextCnnSeedOptions {
  vocabSize: number;
  /** 50 in the seed (GloVe 6B 50d). */
  embeddingDim?: number;
  maxLen?: number;
  /** Row-major [vocabSize × embeddingDim] pretrained vectors; random uniform ±0.25 if absent. */
  embeddings?: Float32Array;
  classes?: number;
  /** Dropout of both Dropout layers (the seed's rate is not recorded; 0.5 as Kim). */
  dropout?: number;
  learningRate?: number;
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
  /** 300 in Kim (word2vec); whatever the vectors file has when one is given. */
  embeddingDim?: number;
  maxLen?: number;
  /** Pretrained vectors, required by every variant but 'rand'. */
  embeddings?: Float32Array;
  classes?: number;
  /** Kim: 3, 4, 5. */
  filterWidths?: readonly number[];
  /** Feature maps per width; Kim: 100. */
  filters?: number;
  dropout?: number;
  /** L2 max-norm of each output unit's weight vector; Kim: 3. */
  maxNorm?: number;
  optimizer?: 'adam' | 'adadelta';
  learningRate?: number;
}

/** Dropout rate of both builders (Kim's). */
export const DEFAULT_DROPOUT = 0.5;

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

function compile(model: tf.LayersModel, optimizer: 'adam' | 'adadelta', learningRate?: number) {
  model.compile({
    // Kim: Adadelta (ρ 0.95, ε 1e-6); tfjs's adadelta takes the learning rate as a multiplier.
    optimizer:
      optimizer === 'adadelta'
        ? tf.train.adadelta(learningRate ?? 1, 0.95, 1e-6)
        : tf.train.adam(learningRate ?? 1e-3),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
}

/**
 * The seed model of SEEDS.md §3, layer for layer: Input(70) → Embedding(vocab, 50, frozen) →
 * Conv1D(20, 3, same, relu) → GlobalMaxPool1D → Dropout → Dense(50, relu) → Dropout →
 * Dense(2, softmax). With 58,954 words: 2,951,872 parameters, 4,172 trainable.
 */
export function buildTextCnnSeedModel(options: TextCnnSeedOptions): tf.LayersModel {
  const {
    vocabSize,
    embeddingDim = 50,
    maxLen = DEFAULT_MAX_LEN,
    classes = 2,
    dropout = DEFAULT_DROPOUT,
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
  const model = tf.model({ inputs: input, outputs: output, name: 'textcnn_seed' });
  compile(model, 'adam', options.learningRate);
  return model;
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
 */
export function buildTextCnnModel(options: TextCnnOptions): tf.LayersModel {
  const {
    variant,
    vocabSize,
    maxLen = DEFAULT_MAX_LEN,
    classes = 2,
    filterWidths = [3, 4, 5],
    filters = 100,
    dropout = DEFAULT_DROPOUT,
    maxNorm = 3,
    optimizer = 'adam',
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
  const model = tf.model({
    inputs: input,
    outputs: output,
    name: `textcnn_${variant.replace('-', '_')}`,
  });
  compile(model, optimizer, options.learningRate);
  return model;
}

/** Parameters that training changes (frozen embeddings excluded). */
export function countTrainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce(
    (n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1),
    0,
  );
}
