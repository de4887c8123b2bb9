import { DlError, type DlMeta, loadModelDir, rankPredictions, readWav, tf } from '@dl/core';
import { featureShape, type SpeechFeatureConfig, speechFeatures } from './features';
import {
  SPEECH_TASK,
  type SpeechArchitecture,
  type SpeechInput,
  type SpeechPrediction,
} from './task';

/** What a loaded speech model is: read from its dl.json and checked against the model. */
export interface SpeechPredictorInfo {
  task: typeof SPEECH_TASK;
  /** Class names, index = model output. */
  labels: readonly string[];
  /** The preprocessing the model was trained with, re-applied to every input. */
  features: SpeechFeatureConfig;
  architecture: SpeechArchitecture;
  /** Model input `[frames, rows]`. */
  inputShape: [number, number];
  /** The whole dl.json (metrics, seed, data fingerprint, training settings). */
  meta: DlMeta;
}

export interface PredictSpeechOptions {
  /** How many of the most probable labels `top` lists. Default 3. */
  topK?: number;
}

export interface SpeechPredictor {
  /**
   * Recognises one recording: any rate (resampled), any channel count (mixed down), silence
   * trimmed and the clip fitted to the model's window exactly as in training.
   */
  predict(input: SpeechInput, options?: PredictSpeechOptions): Promise<SpeechPrediction>;
  /** Recognises many recordings in one forward pass; results in input order. */
  predictBatch(
    inputs: readonly SpeechInput[],
    options?: PredictSpeechOptions,
  ): Promise<SpeechPrediction[]>;
  info: SpeechPredictorInfo;
  /** The loaded TF.js model; `dispose()` frees it. */
  model: tf.LayersModel;
  dispose(): void;
  /** @deprecated Use predictBatch; removed in the next minor. */
  predictMany: SpeechPredictor['predictBatch'];
  /** @deprecated Use info.labels; removed in the next minor. */
  labels: readonly string[];
  /** @deprecated Use info.features; removed in the next minor. */
  features: SpeechFeatureConfig;
  /** @deprecated Use info.meta; removed in the next minor. */
  meta: DlMeta;
}

/** @deprecated Use SpeechPredictor; removed in the next minor. */
export type SpeechRecognizer = SpeechPredictor;

/** Loads a model directory written by trainSpeech (or `dl speech train`) for prediction. */
export async function loadSpeechPredictor(dir: string): Promise<SpeechPredictor> {
  const { model, meta } = await loadModelDir(dir, { task: SPEECH_TASK });
  let info: SpeechPredictorInfo;
  try {
    info = describe(dir, model, meta);
  } catch (e) {
    model.dispose();
    throw e;
  }
  // the seed model outputs logits (see buildSpeechSeedModel)
  const logits = meta.extra?.outputs === 'logits';
  const predictBatch = async (inputs: readonly SpeechInput[], { topK = 3 } = {}) => {
    const [frames, rows] = info.inputShape;
    const x = new Float32Array(inputs.length * frames * rows);
    for (let i = 0; i < inputs.length; i++) {
      const audio = await toMono(inputs[i]);
      x.set(speechFeatures(audio.samples, audio.sampleRate, info.features), i * frames * rows);
    }
    const scores = tf.tidy(() => {
      const out = model.predict(tf.tensor3d(x, [inputs.length, frames, rows])) as tf.Tensor;
      return (logits ? tf.softmax(out) : out).arraySync() as number[][];
    });
    return rankPredictions(scores, info.labels, topK);
  };
  return {
    info,
    model,
    predictBatch,
    async predict(input, options) {
      return (await predictBatch([input], options))[0];
    },
    dispose: () => model.dispose(),
    predictMany: predictBatch,
    labels: info.labels,
    features: info.features,
    meta,
  };
}

/** @deprecated Use loadSpeechPredictor; removed in the next minor. */
export const loadSpeechRecognizer = loadSpeechPredictor;

/** Reads what the predictor needs from dl.json and checks it fits the model. */
function describe(dir: string, model: tf.LayersModel, meta: DlMeta): SpeechPredictorInfo {
  const labels = meta.labels ?? [];
  const outputs = model.outputs[0].shape.at(-1);
  if (labels.length !== outputs) {
    throw new DlError(
      'MODEL_INVALID',
      `dl.json lists ${labels.length} labels but the model has ${outputs} outputs`,
      { path: dir },
    );
  }
  const features = meta.preprocessing as unknown as SpeechFeatureConfig | undefined;
  const inputShape = model.inputs[0].shape.slice(1);
  if (!features || featureShape(features).join('×') !== inputShape.join('×')) {
    throw new DlError(
      'MODEL_INVALID',
      `dl.json's feature settings do not produce the model's input ${inputShape.join('×')}`,
      { path: dir },
    );
  }
  return {
    task: SPEECH_TASK,
    labels,
    features,
    architecture: meta.extra?.architecture === 'seed' ? 'seed' : 'default',
    inputShape: featureShape(features),
    meta,
  };
}

async function toMono(input: SpeechInput): Promise<{ samples: Float32Array; sampleRate: number }> {
  if (typeof input === 'string') return readWav(input);
  const { samples, sampleRate } = input;
  if (samples instanceof Float32Array) return { samples, sampleRate };
  if (
    !Array.isArray(samples) ||
    samples.length === 0 ||
    !samples.every((c) => c instanceof Float32Array)
  ) {
    throw new DlError(
      'INVALID_ARGUMENT',
      'samples must be a Float32Array or an array of channels (Float32Arrays)',
    );
  }
  const n = samples[0].length;
  if (samples.some((c) => c.length !== n)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `channels differ in length: ${samples.map((c) => c.length).join(', ')} samples`,
    );
  }
  const mono = new Float32Array(n);
  for (const c of samples) for (let i = 0; i < n; i++) mono[i] += c[i] / samples.length;
  return { samples: mono, sampleRate };
}
