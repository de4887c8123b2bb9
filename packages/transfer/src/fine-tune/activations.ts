import { type ProgressMode, type Rng, readImage, type Sink, tf } from '@dl/core';
import type { BackbonePreprocessing } from '../backbones/spec';
import { FeatureProgress } from '../features/progress';
import { type FineTuneAugment, type ViewKind, viewOf } from './views';

/** The bottom's outputs for some images: `[image][view][input]`, each a row of the input's shape. */
export interface Activations {
  rows: Float32Array[][][];
  /** Each input's shape without the batch dimension. */
  shapes: number[][];
}

export interface ActivationOptions {
  bottom: (x: tf.Tensor4D) => tf.Tensor[];
  preprocessing: BackbonePreprocessing;
  shapes: number[][];
  /** The views of image i. */
  views: (i: number) => ViewKind[];
  augment: Required<FineTuneAugment>;
  rng: Rng;
  /** Images a forward pass (all their views together). */
  batchSize: number;
  label: string;
  progress?: ProgressMode;
  progressOut?: Sink;
}

/**
 * Runs the frozen bottom once over every view of every image (decoded from its path, batch by
 * batch) and keeps the outputs in memory: fine-tuning then trains the top on them, never
 * running the bottom again.
 */
export async function bottomActivations(
  paths: readonly string[],
  o: ActivationOptions,
): Promise<Activations> {
  const rows: Float32Array[][][] = [];
  const progress = new FeatureProgress(o.label, paths.length, 0, o.progress, o.progressOut);
  for (let at = 0; at < paths.length; at += o.batchSize) {
    const batch: { image: number; views: ViewKind[] }[] = [];
    const inputs: tf.Tensor3D[] = [];
    try {
      for (let i = at; i < Math.min(paths.length, at + o.batchSize); i++) {
        const image = await readImage(paths[i]);
        const views = o.views(i);
        batch.push({ image: i, views });
        const rng = o.rng.fork(String(i));
        for (const kind of views) {
          inputs.push(viewOf(image, o.preprocessing, kind, o.augment, rng));
        }
      }
      const outs = tf.tidy(() => o.bottom(tf.stack(inputs) as tf.Tensor4D));
      const data = outs.map((t) => t.dataSync() as Float32Array);
      tf.dispose(outs);
      let row = 0;
      for (const b of batch) {
        rows[b.image] = b.views.map(() => {
          const r = row++;
          return data.map((d, k) => {
            const size = o.shapes[k].reduce((a, s) => a * s, 1);
            return d.slice(r * size, (r + 1) * size);
          });
        });
      }
    } finally {
      tf.dispose(inputs);
    }
    progress.update(Math.min(paths.length, at + o.batchSize));
  }
  progress.update(paths.length, true);
  return { rows, shapes: o.shapes };
}

/** Input tensors `[n, ...shape]` of the listed (image, view) pairs. */
export function activationTensors(
  a: Activations,
  pairs: readonly (readonly [number, number])[],
): tf.Tensor[] {
  return a.shapes.map((shape, k) => {
    const size = shape.reduce((x, s) => x * s, 1);
    const out = new Float32Array(pairs.length * size);
    pairs.forEach(([i, v], n) => out.set(a.rows[i][v][k], n * size));
    return tf.tensor(out, [pairs.length, ...shape]);
  });
}
