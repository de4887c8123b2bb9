import { DlError, type DlMeta, loadModelDir, rankPredictions, tf } from '@dl/core';
import { faceImage, preprocessFace } from './images';
import {
  FACE_TASK,
  type FaceArchitecture,
  type FaceInput,
  type FacePrediction,
  type FacePreprocessing,
} from './task';

/** What a loaded face model is: read from its dl.json and checked against the model. */
export interface FacePredictorInfo {
  task: typeof FACE_TASK;
  /** The people it tells apart, index = model output. */
  labels: readonly string[];
  /** The preprocessing the model was trained with, re-applied to every input. */
  preprocessing: FacePreprocessing;
  architecture: FaceArchitecture;
  /** The whole dl.json (metrics, seed, data fingerprint, training settings). */
  meta: DlMeta;
}

export interface PredictFaceOptions {
  /** How many of the most probable people `top` lists. Default 3. */
  topK?: number;
}

export interface FacePredictor {
  /** Who is in one image (a path or a decoded image): resized and converted as in training. */
  predict(input: FaceInput, options?: PredictFaceOptions): Promise<FacePrediction>;
  /** Many images in one forward pass; results in input order. */
  predictBatch(
    inputs: readonly FaceInput[],
    options?: PredictFaceOptions,
  ): Promise<FacePrediction[]>;
  info: FacePredictorInfo;
  /** The loaded TF.js model; `dispose()` frees it. */
  model: tf.LayersModel;
  dispose(): void;
}

/** Loads a model directory written by trainFace for prediction (closed set: one of its people). */
export async function loadFacePredictor(dir: string): Promise<FacePredictor> {
  const { model, meta } = await loadModelDir(dir, { task: FACE_TASK });
  let info: FacePredictorInfo;
  try {
    info = describe(dir, model, meta);
  } catch (e) {
    model.dispose();
    throw e;
  }
  const predictBatch = async (inputs: readonly FaceInput[], { topK = 3 } = {}) => {
    const { size, channels } = info.preprocessing;
    const per = size[0] * size[1] * channels;
    const x = new Float32Array(inputs.length * per);
    for (let i = 0; i < inputs.length; i++) {
      x.set(preprocessFace(await faceImage(inputs[i]), info.preprocessing), i * per);
    }
    const scores = tf.tidy(
      () =>
        (
          model.predict(tf.tensor4d(x, [inputs.length, size[0], size[1], channels])) as tf.Tensor
        ).arraySync() as number[][],
    );
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
  };
}

/** Reads what the predictor needs from dl.json and checks it fits the model. */
function describe(dir: string, model: tf.LayersModel, meta: DlMeta): FacePredictorInfo {
  const labels = meta.labels ?? [];
  const outputs = model.outputs[0].shape.at(-1);
  if (labels.length !== outputs) {
    throw new DlError(
      'MODEL_INVALID',
      `dl.json lists ${labels.length} people but the model has ${outputs} outputs`,
      { path: dir },
    );
  }
  const pre = meta.preprocessing as unknown as FacePreprocessing | undefined;
  const input = model.inputs[0].shape.slice(1).join('×');
  if (!pre || `${pre.size?.[0]}×${pre.size?.[1]}×${pre.channels}` !== input) {
    throw new DlError(
      'MODEL_INVALID',
      `dl.json's preprocessing does not produce the model's input ${input}`,
      { path: dir },
    );
  }
  return {
    task: FACE_TASK,
    labels,
    preprocessing: { size: [pre.size[0], pre.size[1]], channels: pre.channels },
    architecture: meta.extra?.architecture === 'seed' ? 'seed' : 'default',
    meta,
  };
}
