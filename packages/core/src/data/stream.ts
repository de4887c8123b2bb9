import { DlError } from '../errors';
import type { Rng } from '../random/rng';
import * as tf from '../tf';

export interface StreamSample {
  x: Float32Array | number[];
  y: number;
}

export interface StreamOptions {
  /** Shape of one input sample, e.g. [20, 20, 1]. */
  inputShape: number[];
  numClasses: number;
  batchSize: number;
  /** Samples held for shuffling; 0 keeps the source order. */
  shuffleBuffer?: number;
  rng?: Rng;
}

/**
 * A tf.data.Dataset of one-hot batches from an async source read lazily, for data sets larger
 * than memory (model.fitDataset). `source` is called once per epoch and may read files as it
 * goes; only `shuffleBuffer + batchSize` samples are held at a time.
 */
export function streamDataset(
  source: () => AsyncIterable<StreamSample>,
  options: StreamOptions,
): tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }> {
  const { inputShape, numClasses, batchSize, shuffleBuffer = 0, rng } = options;
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (shuffleBuffer > 0 && !rng) {
    throw new DlError('INVALID_ARGUMENT', 'streamDataset: a shuffle buffer needs an rng');
  }

  async function* samples(): AsyncGenerator<StreamSample> {
    const buffer: StreamSample[] = [];
    let n = 0;
    for await (const s of source()) {
      if (s.x.length !== size) {
        throw new DlError(
          'DATA_INVALID',
          `stream sample ${n} has ${s.x.length} values; expected ${size} (shape ${inputShape.join('×')})`,
        );
      }
      if (!Number.isInteger(s.y) || s.y < 0 || s.y >= numClasses) {
        throw new DlError(
          'DATA_INVALID',
          `stream sample ${n} has label ${s.y}; expected 0…${numClasses - 1}`,
        );
      }
      n++;
      if (shuffleBuffer === 0) {
        yield s;
        continue;
      }
      buffer.push(s);
      if (buffer.length >= shuffleBuffer) {
        const j = rng!.int(buffer.length);
        [buffer[j], buffer[buffer.length - 1]] = [buffer[buffer.length - 1], buffer[j]];
        yield buffer.pop()!;
      }
    }
    if (rng) rng.shuffle(buffer);
    yield* buffer;
  }

  async function* batches() {
    let xs: number[][] | Float32Array[] = [];
    let ys: number[] = [];
    const flush = () => {
      const x = new Float32Array(xs.length * size);
      for (let i = 0; i < xs.length; i++) x.set(xs[i], i * size);
      const batch = tf.tidy(() => ({
        xs: tf.tensor(x, [xs.length, ...inputShape]),
        ys: tf.oneHot(tf.tensor1d(ys, 'int32'), numClasses),
      }));
      xs = [];
      ys = [];
      return batch;
    };
    for await (const s of samples()) {
      (xs as (Float32Array | number[])[]).push(s.x);
      ys.push(s.y);
      if (ys.length === batchSize) yield flush();
    }
    if (ys.length > 0) yield flush();
  }

  // tf.data.generator accepts async generators at run time; its typings only admit sync ones.
  return tf.data.generator(batches as unknown as () => Iterator<{ xs: tf.Tensor; ys: tf.Tensor }>);
}
