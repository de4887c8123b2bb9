import { DlError } from '../errors';
import * as tf from '../tf';

/** Inputs and targets that travel together; x / y may be lists for multi-input/output models. */
export interface TensorData {
  x: tf.Tensor | tf.Tensor[];
  y: tf.Tensor | tf.Tensor[];
}

const list = (t: tf.Tensor | tf.Tensor[]) => (Array.isArray(t) ? t : [t]);

/** Number of samples, checking every input and target agrees on it. */
export function sampleCount(data: TensorData): number {
  const all = [...list(data.x), ...list(data.y)];
  const n = all[0].shape[0];
  for (const t of all) {
    if (t.shape[0] !== n) {
      throw new DlError(
        'DATA_INVALID',
        `inputs and targets disagree on the number of samples: ${all.map((a) => a.shape[0]).join(' vs ')}`,
      );
    }
  }
  return n;
}

/** The samples at `indices`, taken from inputs and targets with the same index array. */
export function takeSamples(data: TensorData, indices: ArrayLike<number>): TensorData {
  sampleCount(data);
  const idx = tf.tensor1d(Int32Array.from(indices), 'int32');
  const pick = (t: tf.Tensor | tf.Tensor[]) =>
    Array.isArray(t) ? t.map((u) => tf.gather(u, idx)) : tf.gather(t, idx);
  const out = { x: pick(data.x), y: pick(data.y) };
  idx.dispose();
  return out;
}

/** One-hot targets, rejecting ids outside [0, numClasses) instead of silently zeroing them. */
export function oneHotLabels(labels: ArrayLike<number>, numClasses: number): tf.Tensor2D {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new DlError(
        'DATA_INVALID',
        `label ${i} is ${v}; expected an integer in 0…${numClasses - 1}`,
      );
    }
  }
  return tf.tidy(
    () => tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), numClasses) as tf.Tensor2D,
  );
}

/** Batches of indices 0…n−1, optionally shuffled by `rng`; the last batch may be smaller. */
export function* batchIndices(
  n: number,
  batchSize: number,
  options: {
    shuffle?: { next(): number; shuffle<A extends Int32Array>(a: A): A };
    dropRemainder?: boolean;
  } = {},
): Generator<Int32Array> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `batch size must be a positive integer, got ${batchSize}`,
    );
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (options.shuffle) options.shuffle.shuffle(order);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    if (options.dropRemainder && end - start < batchSize) return;
    yield order.subarray(start, end);
  }
}
