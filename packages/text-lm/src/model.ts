import { DlError, tf } from '@dl/core';

/** SEEDS.md §2: Embedding(10002, 45, input length 30) → LSTM(50) → TimeDistributed(Dense). */
export const SEED_LM = { vocabSize: 10_002, embeddingDim: 45, units: 50, seqLen: 30 } as const;

export interface LmSeedOptions {
  vocabSize?: number;
  embeddingDim?: number;
  units?: number;
  /** The padded sentence length (Keras' input_length). */
  seqLen?: number;
}

export interface LmModelOptions {
  vocabSize: number;
  /** Word vector size; Zaremba et al. (2014) small: 200 (= units). */
  embeddingDim?: number;
  /** LSTM units per layer; small 200, medium 650, large 1500. */
  units?: number;
  /** LSTM layers; 2 in Zaremba et al. */
  layers?: number;
  /** Dropout on the non-recurrent connections (embedding → LSTM → … → softmax); small: 0. */
  dropout?: number;
  /** Weights drawn uniform in ±initScale (Zaremba: 0.1), biases 0. */
  initScale?: number;
}

/** Layer names the training step and the predictor look up. */
export const EMBEDDING_LAYER = 'embedding';
export const OUTPUT_LAYER = 'output';
export const lstmLayerName = (i: number) => `lstm_${i + 1}`;

/**
 * The seed model of SEEDS.md §2, layer for layer: Embedding(10002, 45, input length 30) →
 * LSTM(50, return sequences) → TimeDistributed(Dense(10002, softmax)); 979,392 parameters
 * (450,090 + 19,200 + 510,102). Keras' default initialisers (orthogonal recurrent kernel,
 * forget-gate bias 1) and its sigmoid gates (tfjs' own default is the hard sigmoid).
 */
export function buildLmSeedModel(options: LmSeedOptions = {}): tf.LayersModel {
  const {
    vocabSize = SEED_LM.vocabSize,
    embeddingDim = SEED_LM.embeddingDim,
    units = SEED_LM.units,
    seqLen = SEED_LM.seqLen,
  } = options;
  checkSizes(vocabSize, embeddingDim, units, 1);
  const input = tf.input({ shape: [seqLen], dtype: 'int32', name: 'tokens' });
  let h = tf.layers
    .embedding({
      name: EMBEDDING_LAYER,
      inputDim: vocabSize,
      outputDim: embeddingDim,
      inputLength: seqLen,
    })
    .apply(input) as tf.SymbolicTensor;
  const lstm = tf.layers.lstm({
    name: lstmLayerName(0),
    units,
    returnSequences: true,
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
    // Keras' orthogonal recurrent kernel, drawn below: tfjs' warns above 2,000 elements.
    recurrentInitializer: 'zeros',
    kernelInitializer: 'glorotUniform',
  });
  h = lstm.apply(h) as tf.SymbolicTensor;
  const output = tf.layers
    .timeDistributed({
      name: OUTPUT_LAYER,
      layer: tf.layers.dense({ units: vocabSize, activation: 'softmax' }),
    })
    .apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: 'lm_seed' });
  const [kernel, , bias] = lstm.getWeights();
  lstm.setWeights([kernel, tf.tensor2d(orthogonal(units, 4 * units), [units, 4 * units]), bias]);
  return model;
}

/**
 * A random matrix with orthonormal rows (rows ≤ cols), as Keras' Orthogonal initialiser gives
 * for a [units, 4·units] recurrent kernel: Gram–Schmidt on Gaussian rows. Draws from
 * Math.random, so withSeededRandom makes it reproducible.
 */
export function orthogonal(rows: number, cols: number): Float32Array {
  const normal = () => {
    let u = 0;
    while (u === 0) u = Math.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
  };
  const m = Array.from({ length: rows }, () => Float64Array.from({ length: cols }, normal));
  for (let i = 0; i < rows; i++) {
    const r = m[i];
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let k = 0; k < cols; k++) dot += r[k] * m[j][k];
      for (let k = 0; k < cols; k++) r[k] -= dot * m[j][k];
    }
    let norm = 0;
    for (let k = 0; k < cols; k++) norm += r[k] * r[k];
    norm = Math.sqrt(norm);
    for (let k = 0; k < cols; k++) r[k] /= norm;
  }
  const out = new Float32Array(rows * cols);
  m.forEach((r, i) => out.set(r, i * cols));
  return out;
}

/**
 * Zaremba, Sutskever & Vinyals (2014)'s word-level LSTM: Embedding → `layers` × LSTM(units,
 * sigmoid gates) with dropout between them → Dense(vocab, softmax) at every step. Variable
 * sequence length. Trained with truncated BPTT by @dl/text-lm's own step (state carried across
 * windows); the saved model is a plain TF.js layers model that scores a sequence from a zero
 * state.
 */
export function buildLmModel(options: LmModelOptions): tf.LayersModel {
  const { vocabSize, units = 200, layers = 2, dropout = 0, initScale = 0.1 } = options;
  const embeddingDim = options.embeddingDim ?? units;
  checkSizes(vocabSize, embeddingDim, units, layers);
  if (!(dropout >= 0 && dropout < 1)) {
    throw new DlError('INVALID_ARGUMENT', `dropout must be in [0, 1), got ${dropout}`);
  }
  if (!(initScale > 0)) {
    throw new DlError('INVALID_ARGUMENT', `initScale must be > 0, got ${initScale}`);
  }
  const init = () => tf.initializers.randomUniform({ minval: -initScale, maxval: initScale });
  const drop = (x: tf.SymbolicTensor, i: number) =>
    dropout > 0
      ? (tf.layers.dropout({ name: `dropout_${i}`, rate: dropout }).apply(x) as tf.SymbolicTensor)
      : x;
  const input = tf.input({ shape: [null], dtype: 'int32', name: 'tokens' });
  let h = tf.layers
    .embedding({
      name: EMBEDDING_LAYER,
      inputDim: vocabSize,
      outputDim: embeddingDim,
      embeddingsInitializer: init(),
    })
    .apply(input) as tf.SymbolicTensor;
  h = drop(h, 0);
  for (let i = 0; i < layers; i++) {
    h = tf.layers
      .lstm({
        name: lstmLayerName(i),
        units,
        returnSequences: true,
        recurrentActivation: 'sigmoid',
        kernelInitializer: init(),
        recurrentInitializer: init(),
        biasInitializer: 'zeros',
      })
      .apply(h) as tf.SymbolicTensor;
    h = drop(h, i + 1);
  }
  const output = tf.layers
    .dense({
      name: OUTPUT_LAYER,
      units: vocabSize,
      activation: 'softmax',
      kernelInitializer: init(),
      biasInitializer: 'zeros',
    })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: `lm_lstm${layers}x${units}` });
}

function checkSizes(vocabSize: number, embeddingDim: number, units: number, layers: number) {
  for (const [name, v] of [
    ['vocabSize', vocabSize],
    ['embeddingDim', embeddingDim],
    ['units', units],
    ['layers', layers],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new DlError('INVALID_ARGUMENT', `${name} must be a positive integer, got ${v}`);
    }
  }
}

/** One LSTM layer's variables, in tfjs-layers' layout (gates i, f, c, o along the last axis). */
export interface LstmParams {
  /** [inputDim, 4·units] */
  kernel: tf.Variable;
  /** [units, 4·units] */
  recurrent: tf.Variable;
  /** [4·units] */
  bias: tf.Variable;
}

/** The variables of a language model built by buildLmModel / buildLmSeedModel. */
export interface LmParams {
  /** [vocab, embeddingDim] */
  embedding: tf.Variable;
  lstm: LstmParams[];
  /** [units, vocab]; with tied embeddings a copy of embeddingᵀ, written by syncTiedOutput. */
  outKernel: tf.Variable;
  /** Tied embeddings (Press & Wolf 2017): the softmax weights are the embedding matrix. */
  tied: boolean;
  /** [vocab] */
  outBias: tf.Variable;
  vocabSize: number;
  units: number;
}

const variableOf = (w: tf.LayerVariable) => w.read() as tf.Variable;

/**
 * The model's variables for our own forward pass. The layers model owns them, so training
 * through LmParams trains the model that is saved.
 */
export function lmParams(model: tf.LayersModel, options: { tied?: boolean } = {}): LmParams {
  const fail = (what: string) => {
    throw new DlError(
      'MODEL_INVALID',
      `not a @dl/text-lm model: ${what} (layers: ${model.layers.map((l) => l.getClassName()).join(', ')})`,
    );
  };
  const embedding = model.layers.find((l) => l.getClassName() === 'Embedding');
  const lstm = model.layers.filter((l) => l.getClassName() === 'LSTM');
  const output = model.layers.at(-1);
  if (!embedding) fail('no Embedding layer');
  if (!lstm.length) fail('no LSTM layer');
  if (!output || !['Dense', 'TimeDistributed'].includes(output.getClassName())) {
    fail('the last layer is not a Dense softmax');
  }
  const [E] = embedding!.weights;
  const cells = lstm.map((l) => {
    const [kernel, recurrent, bias] = l.weights.map(variableOf);
    if (!bias) fail(`${l.name} has no bias`);
    const config = l.getConfig();
    if (config.recurrentActivation !== 'sigmoid' || config.activation !== 'tanh') {
      fail(
        `${l.name} uses ${config.recurrentActivation}/${config.activation} gates; expected sigmoid/tanh`,
      );
    }
    return { kernel, recurrent, bias };
  });
  const [outKernel, outBias] = output!.weights.map(variableOf);
  const units = cells.at(-1)!.recurrent.shape[0];
  const vocabSize = E.shape[0] as number;
  if (outKernel?.shape[0] !== units || outKernel.shape[1] !== vocabSize || !outBias) {
    fail(
      `the output layer is ${outKernel?.shape.join('×')}; expected ${units}×${vocabSize} with a bias`,
    );
  }
  const tied = options.tied ?? false;
  if (tied && E.shape[1] !== units) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `tied embeddings need embeddingDim = units; got ${E.shape[1]} and ${units}`,
    );
  }
  return { embedding: variableOf(E), lstm: cells, outKernel, outBias, vocabSize, units, tied };
}

/** Trainable variables in a fixed order (for variableGrads / clipping). */
export function lmVariables(p: LmParams): tf.Variable[] {
  return [
    p.embedding,
    ...p.lstm.flatMap((c) => [c.kernel, c.recurrent, c.bias]),
    ...(p.tied ? [] : [p.outKernel]),
    p.outBias,
  ];
}

/**
 * With tied embeddings, copies embeddingᵀ into the output layer's kernel, so the saved layers
 * model (and anything reading its Dense layer) scores with the trained, shared weights.
 */
export function syncTiedOutput(p: LmParams): void {
  if (p.tied) tf.tidy(() => p.outKernel.assign(tf.transpose(p.embedding)));
}
