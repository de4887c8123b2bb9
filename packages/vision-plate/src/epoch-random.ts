import { type Rng, tf } from '@dl/core';

/**
 * Random streams that restart every epoch from (seed, epoch), so that a run resumed after
 * epoch e draws exactly what an uninterrupted run draws from epoch e on: the same shuffles,
 * dropout masks and augmentations, hence the same weights.
 *
 * tfjs draws model.fit's shuffle and every unseeded dropout mask from Math.random, so at the
 * start of each epoch Math.random is pointed at that epoch's stream; the function in place when
 * training began (core's withSeededRandom) is put back when it ends.
 * @internal
 */
export class EpochRandomness extends tf.Callback {
  private epoch = 0;
  private before: (() => number) | null = null;

  constructor(private readonly base: Rng) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    this.before = Math.random;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
    const stream = this.base.fork(`fit-${epoch}`);
    Math.random = () => stream.next();
  }

  override async onTrainEnd(): Promise<void> {
    if (this.before) Math.random = this.before;
    this.before = null;
  }

  /** A stream for `label` ('augment') of the epoch now running. */
  rng(label: string): Rng {
    return this.base.fork(`${label}-${this.epoch}`);
  }
}
