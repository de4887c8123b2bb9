import { DlError, type DlMeta, loadModelDir, rankPredictions, tf } from '@dl/core';
import type { GlyphKind } from './synth/labels';
import {
  GLYPH_SIZE,
  type GlyphPrediction,
  PLATE_KINDS,
  type PlateArchitecture,
  plateKindOfTask,
  plateTaskOf,
} from './task';

/** What a loaded plate classifier is: from its dl.json. */
export interface PlatePredictorInfo {
  /** The dl.json task ('plate-letter'). */
  task: string;
  kind: GlyphKind;
  /** Class labels in output order. */
  labels: readonly string[];
  architecture: PlateArchitecture | undefined;
  meta: DlMeta;
}

export interface PredictGlyphOptions {
  /** How many of the most probable labels to list in `top`. Default 3. */
  topK?: number;
}

/** A trained plate-character classifier, ready to predict. */
export interface PlatePredictor {
  info: PlatePredictorInfo;
  /** The underlying TF.js model (for evaluation, summaries or export). */
  model: tf.LayersModel;
  /** One glyph: a 20×20 image in 0–1, white on black, as 400 values row by row. */
  predict(glyph: Float32Array, options?: PredictGlyphOptions): GlyphPrediction;
  /** Several glyphs at once (Float32Arrays of 400 values, or one [n, 20, 20, 1] tensor). */
  predictBatch(
    glyphs: readonly Float32Array[] | tf.Tensor4D,
    options?: PredictGlyphOptions,
  ): GlyphPrediction[];
  /** Frees the model's weights. */
  dispose(): void;
}

export interface LoadPlatePredictorOptions {
  /** The kind the directory must hold; a model of another kind is refused by name. */
  kind?: GlyphKind;
}

/** Loads a plate classifier directory (what `trainPlate` wrote) for prediction. */
export async function loadPlatePredictor(
  dir: string,
  options: LoadPlatePredictorOptions = {},
): Promise<PlatePredictor> {
  const tasks = (options.kind ? [options.kind] : PLATE_KINDS).map(plateTaskOf);
  const { model, meta } = await loadModelDir(dir, { task: tasks });
  const info = infoOf(meta);
  const outputs = model.outputs[0].shape.at(-1);
  if (info.labels.length !== outputs) {
    model.dispose();
    throw new DlError(
      'MODEL_INVALID',
      `dl.json lists ${info.labels.length} labels but the model has ${outputs} outputs`,
      { path: dir },
    );
  }
  const predictBatch: PlatePredictor['predictBatch'] = (glyphs, { topK = 3 } = {}) => {
    const scores = tf.tidy(() => {
      const x = glyphs instanceof tf.Tensor ? glyphs : glyphTensor(glyphs);
      return (model.predict(x) as tf.Tensor).arraySync() as number[][];
    });
    return rankPredictions(scores, info.labels, topK);
  };
  return {
    info,
    model,
    predict: (glyph, predictOptions) => predictBatch([glyph], predictOptions)[0],
    predictBatch,
    dispose: () => model.dispose(),
  };
}

function infoOf(meta: DlMeta): PlatePredictorInfo {
  const architecture = meta.extra?.architecture;
  return {
    task: meta.task,
    // loadModelDir accepted only plate tasks, so the kind is one of the three.
    kind: plateKindOfTask(meta.task)!,
    labels: meta.labels ?? [],
    architecture: architecture === 'seed' || architecture === 'default' ? architecture : undefined,
    meta,
  };
}

function glyphTensor(glyphs: readonly Float32Array[]): tf.Tensor4D {
  const px = GLYPH_SIZE * GLYPH_SIZE;
  const out = new Float32Array(glyphs.length * px);
  glyphs.forEach((g, i) => {
    if (g?.length !== px) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `glyph ${i} has ${g?.length} values; expected ${px} (20×20)`,
      );
    }
    out.set(g, i * px);
  });
  return tf.tensor4d(out, [glyphs.length, GLYPH_SIZE, GLYPH_SIZE, 1]);
}

/**
 * The loader's former shape: a predictor whose info fields sit at the top and whose batch
 * method is `classify`.
 * @deprecated Use PlatePredictor (loadPlatePredictor); removed in the next minor.
 */
export interface PlateClassifier extends PlatePredictor {
  kind: GlyphKind;
  labels: readonly string[];
  meta: DlMeta;
  /** @deprecated Use predictBatch. */
  classify: PlatePredictor['predictBatch'];
}

/** @deprecated Use loadPlatePredictor; removed in the next minor. */
export async function loadPlateClassifier(
  dir: string,
  options: LoadPlatePredictorOptions = {},
): Promise<PlateClassifier> {
  const predictor = await loadPlatePredictor(dir, options);
  const { kind, labels, meta } = predictor.info;
  return { ...predictor, kind, labels, meta, classify: predictor.predictBatch };
}
