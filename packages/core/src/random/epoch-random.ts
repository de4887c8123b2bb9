import * as tf from '../tf';
import type { Rng } from './rng';

/**
 * Random streams named after the epoch: epoch e's shuffle, augmentation draws and dropout masks
 * come from forks of the run's generator labelled with e, never from a stream that earlier
 * epochs advanced. So a run resumed after epoch e draws exactly what the uninterrupted run drew
 * from there on, and ends with the same weights — not merely similar ones.
 *
 * Pass it to trainModel's or trainSteps' `callbacks` (it learns the epoch as each begins) and run the training
 * inside {@link EpochRandom.run}.
 */
export class EpochRandom extends tf.Callback {
  private epoch = 0;
  private dropout: Rng;

  constructor(private readonly rng: Rng) {
    super();
    this.dropout = rng.fork('dropout-0');
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
    this.dropout = this.rng.fork(`dropout-${epoch}`);
  }

  /** A fresh stream for `purpose` in the current epoch. */
  stream(purpose: string): Rng {
    return this.rng.fork(`${purpose}-${this.epoch}`);
  }

  /**
   * Runs `train` with Math.random — which TensorFlow.js draws dropout masks from — reading the
   * current epoch's dropout stream; restored afterwards, also on error.
   */
  async run<T>(train: () => Promise<T>): Promise<T> {
    const original = Math.random;
    Math.random = () => this.dropout.next();
    try {
      return await train();
    } finally {
      Math.random = original;
    }
  }
}
