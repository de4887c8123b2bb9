import { type Rng, tf } from '@dl/core';

type Batches = tf.data.Dataset<tf.TensorContainer>;

/** In-memory examples: inputs and one-hot targets, one row per example. */
interface Examples {
  x: tf.Tensor;
  y: tf.Tensor;
}

/**
 * Training batches whose order, and whose epoch's other randomness (dropout masks), depend on
 * the seed and the epoch number alone, so that a run resumed after epoch k trains epoch k+1
 * exactly as the uninterrupted run did.
 *
 * Why not model.fit's own shuffle: it shuffles one index array in place every epoch, so epoch
 * k's order is the composition of every earlier epoch's shuffle, which a resumed run (starting
 * from the unshuffled array) cannot reproduce. Here each epoch draws its own permutation from
 * `rng.fork('order-k')`, and Math.random (which tfjs's dropout draws from) is pointed at
 * `rng.fork('epoch-k')`. fitDataset calls onEpochBegin before it asks the dataset for the
 * epoch's iterator, so the callback sets the epoch the batches are drawn for.
 */
export function epochSeededBatches(
  train: Examples,
  validation: Examples,
  batchSize: number,
  rng: Rng,
): { train: Batches; validation: Batches; callback: tf.Callback } {
  const state = { epoch: 0 };
  const trainBatches = tf.data.generator(function* () {
    yield* batchesOf(train, batchSize, rng.fork(`order-${state.epoch}`).permutation(rows(train)));
  });
  const validationBatches = tf.data.generator(function* () {
    yield* batchesOf(validation, batchSize, null);
  });
  return {
    train: trainBatches,
    validation: validationBatches,
    callback: new EpochSeedCallback(rng, state),
  };
}

const rows = (e: Examples) => e.x.shape[0];

/** Batches of `e` in `order` (or in row order), the last one possibly smaller. */
function* batchesOf(
  e: Examples,
  batchSize: number,
  order: Int32Array | null,
): Generator<{ xs: tf.Tensor; ys: tf.Tensor }> {
  const n = rows(e);
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    if (!order) {
      yield { xs: e.x.slice(start, size), ys: e.y.slice(start, size) };
      continue;
    }
    // fitDataset disposes the batch tensors once the step is done.
    yield tf.tidy(() => {
      const idx = tf.tensor1d(order.subarray(start, start + size), 'int32');
      return { xs: tf.gather(e.x, idx), ys: tf.gather(e.y, idx) };
    });
  }
}

/** Sets the epoch the batches are drawn for, and Math.random's stream for that epoch. */
class EpochSeedCallback extends tf.Callback {
  private original: (() => number) | null = null;

  constructor(
    private readonly rng: Rng,
    private readonly state: { epoch: number },
  ) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    this.original = Math.random;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.state.epoch = epoch;
    const stream = this.rng.fork(`epoch-${epoch}`);
    Math.random = () => stream.next();
  }

  override async onTrainEnd(): Promise<void> {
    if (this.original) Math.random = this.original;
    this.original = null;
  }
}
