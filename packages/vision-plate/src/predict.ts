import {
  type ClassificationReport,
  DlError,
  type DlMeta,
  evaluateClassifier,
  loadModelDir,
  type RankedPrediction,
  rankPredictions,
  tf,
} from '@dl/core';
import type { PlateDataset } from './data';
import { GLYPH_SIZE } from './synth/glyph';
import type { GlyphKind } from './synth/labels';
import { PLATE_TASK_PREFIX, taskOf } from './train';

/** The best label, its probability and the k most probable labels, best first. */
export type GlyphPrediction = RankedPrediction;

export interface PlateClassifier {
  kind: GlyphKind;
  labels: readonly string[];
  meta: DlMeta;
  model: tf.LayersModel;
  /** Glyphs as 20×20 images in 0–1, white on black (as Float32Arrays of 400 or one tensor). */
  classify(
    glyphs: readonly Float32Array[] | tf.Tensor4D,
    options?: { topK?: number },
  ): GlyphPrediction[];
  dispose(): void;
}

const KINDS: GlyphKind[] = ['province', 'letter', 'alnum'];

/** Loads a plate classifier directory; `kind` (if given) must match what it was trained for. */
export async function loadPlateClassifier(
  dir: string,
  options: { kind?: GlyphKind } = {},
): Promise<PlateClassifier> {
  const tasks = options.kind ? [taskOf(options.kind)] : KINDS.map(taskOf);
  const { model, meta } = await loadModelDir(dir, { task: tasks });
  const kind = meta.task.slice(PLATE_TASK_PREFIX.length) as GlyphKind;
  const labels = meta.labels ?? [];
  const outputs = model.outputs[0].shape.at(-1);
  if (labels.length !== outputs) {
    throw new DlError(
      'MODEL_INVALID',
      `dl.json lists ${labels.length} labels but the model has ${outputs} outputs`,
      {
        path: dir,
      },
    );
  }
  return {
    kind,
    labels,
    meta,
    model,
    classify(glyphs, { topK = 3 } = {}) {
      const scores = tf.tidy(() => {
        const x =
          glyphs instanceof tf.Tensor
            ? glyphs
            : tf.tensor4d(concat(glyphs as readonly Float32Array[]), [
                glyphs.length,
                GLYPH_SIZE,
                GLYPH_SIZE,
                1,
              ]);
        return (model.predict(x) as tf.Tensor).arraySync() as number[][];
      });
      return rankPredictions(scores, labels, topK);
    },
    dispose() {
      model.dispose();
    },
  };
}

function concat(glyphs: readonly Float32Array[]): Float32Array {
  const px = GLYPH_SIZE * GLYPH_SIZE;
  const out = new Float32Array(glyphs.length * px);
  glyphs.forEach((g, i) => {
    if (g.length !== px) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `glyph ${i} has ${g.length} values; expected ${px} (20×20)`,
      );
    }
    out.set(g, i * px);
  });
  return out;
}

/** Per-class P/R/F1, macro-F1 and the confusion matrix of a saved classifier on a data set. */
export async function evaluatePlateClassifier(
  dir: string,
  data: PlateDataset,
): Promise<ClassificationReport> {
  const classifier = await loadPlateClassifier(dir, { kind: data.kind });
  try {
    return await evaluateClassifier(
      classifier.model,
      { x: data.x, labels: data.labels },
      { labels: classifier.labels },
    );
  } finally {
    classifier.dispose();
  }
}
