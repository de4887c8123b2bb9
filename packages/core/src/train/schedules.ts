import { DlError } from '../errors';

/** Learning rate for a 0-based epoch. */
export type LrSchedule = (epoch: number) => number;

function positive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) {
    throw new DlError('INVALID_ARGUMENT', `${name} must be a positive number, got ${v}`);
  }
}

/**
 * Step decay: initial · factor^floor((epoch + offset) / every). The face seed's schedule,
 * lr = 0.01 · 0.5^floor((1 + epoch) / 10), is stepDecay({ initial: 0.01, factor: 0.5,
 * every: 10, offset: 1 }).
 */
export function stepDecay(o: {
  initial: number;
  factor: number;
  every: number;
  offset?: number;
}): LrSchedule {
  positive('initial', o.initial);
  positive('every', o.every);
  return (epoch) => o.initial * o.factor ** Math.floor((epoch + (o.offset ?? 0)) / o.every);
}

/**
 * Exponential decay: initial · rate^epoch; with `hold`, the first `hold` epochs run at
 * `initial` and each later one multiplies by `rate`: initial · rate^max(0, epoch − hold + 1).
 * Zaremba et al. (2014)'s small PTB model, lr 1 halved after epoch 4, is
 * exponentialDecay({ initial: 1, rate: 0.5, hold: 4 }).
 */
export function exponentialDecay(o: { initial: number; rate: number; hold?: number }): LrSchedule {
  positive('initial', o.initial);
  const hold = o.hold ?? 0;
  if (!Number.isInteger(hold) || hold < 0) {
    throw new DlError('INVALID_ARGUMENT', `hold must be an integer ≥ 0, got ${o.hold}`);
  }
  if (hold === 0) return (epoch) => o.initial * o.rate ** epoch;
  return (epoch) => o.initial * o.rate ** Math.max(0, epoch - hold + 1);
}

/** Cosine annealing from initial to min over `epochs`, then min. */
export function cosineDecay(o: { initial: number; epochs: number; min?: number }): LrSchedule {
  positive('initial', o.initial);
  positive('epochs', o.epochs);
  const min = o.min ?? 0;
  return (epoch) =>
    epoch >= o.epochs
      ? min
      : min + 0.5 * (o.initial - min) * (1 + Math.cos((Math.PI * epoch) / o.epochs));
}

/**
 * Linear warm-up over the first `epochs` epochs (from initial/epochs up to the wrapped
 * schedule's value), then the `after` schedule shifted so it starts where warm-up ends.
 */
export function warmup(o: { epochs: number; after: LrSchedule }): LrSchedule {
  positive('epochs', o.epochs);
  return (epoch) =>
    epoch < o.epochs ? (o.after(0) * (epoch + 1)) / o.epochs : o.after(epoch - o.epochs);
}

/** Sets an optimizer's learning rate; SGD-family optimizers cache it and need their setter. */
export function setLearningRate(optimizer: unknown, lr: number): void {
  const opt = optimizer as { setLearningRate?: (lr: number) => void; learningRate?: number };
  if (typeof opt.setLearningRate === 'function') opt.setLearningRate(lr);
  else if (typeof opt.learningRate === 'number') opt.learningRate = lr;
  else throw new DlError('INVALID_ARGUMENT', 'this optimizer has no learning rate to schedule');
}
