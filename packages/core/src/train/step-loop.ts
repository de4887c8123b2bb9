import { DlError } from '../errors';
import * as tf from '../tf';
import { NanGuardCallback } from './callbacks';
import { appendHistory } from './history';
import { ProgressCallback, type ProgressMode } from './progress';

export interface StepLoopOptions<B> {
  epochs: number;
  /** The batches of an epoch; called once per epoch (so it can reshuffle). */
  batches: (epoch: number) => Iterable<B> | AsyncIterable<B>;
  /** Batches per epoch, when known: the progress bar shows it and an in-epoch ETA. */
  stepsPerEpoch?: number;
  /** Computes the scalar loss of a batch; gradients are taken through it. */
  loss: (batch: B) => tf.Scalar;
  optimizer: tf.Optimizer;
  /** Variables to train; default: all trainable variables the loss touches. */
  variables?: tf.Variable[];
  /** Clip gradients to this global L2 norm (Zaremba et al.'s LSTM recipe uses 5). */
  clipNorm?: number;
  /** Metrics after each epoch (validation perplexity, BLEU…), merged into the logs. */
  evaluate?: (epoch: number) => Promise<Record<string, number>> | Record<string, number>;
  /** The model the callbacks see (checkpoints save it, schedules reach its optimizer). */
  model?: tf.LayersModel;
  progress?: ProgressMode;
  progressOut?: { write(s: string): unknown; isTTY?: boolean };
  callbacks?: tf.Callback[];
  initialEpoch?: number;
}

/** Scales gradients so their global L2 norm is at most `maxNorm`. */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const sq = tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))));
    const norm = tf.sqrt(sq);
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    const out: tf.NamedTensorMap = {};
    for (const n of names) out[n] = tf.mul(grads[n], scale);
    return out;
  });
}

/**
 * A training loop over custom steps, for what model.fit cannot express (multi-output
 * sequence models, stateful truncated BPTT, gradient clipping). Runs the same callbacks as
 * trainModel — progress, NaN guard, schedules, checkpoints — so every package reports alike.
 */
export async function trainSteps<B>(o: StepLoopOptions<B>): Promise<{
  history: Record<string, number[]>;
  diverged: NanGuardCallback['diverged'];
}> {
  if (!Number.isInteger(o.epochs) || o.epochs < 1) {
    throw new DlError('INVALID_ARGUMENT', `epochs must be a positive integer, got ${o.epochs}`);
  }
  const container = (o.model ?? { optimizer: o.optimizer, stopTraining: false }) as tf.LayersModel;
  container.stopTraining = false;
  const nanGuard = new NanGuardCallback();
  const callbacks = [
    nanGuard,
    ...(o.callbacks ?? []),
    new ProgressCallback({
      mode: o.progress,
      out: o.progressOut,
      epochs: o.epochs,
      initialEpoch: o.initialEpoch,
    }),
  ];
  // setModel insists on a LayersModel; a loop without one still needs stopTraining/optimizer.
  for (const c of callbacks) {
    (c as unknown as { model: unknown }).model = container;
    c.setParams({ epochs: o.epochs, ...(o.stepsPerEpoch ? { steps: o.stepsPerEpoch } : {}) });
  }
  const history: Record<string, number[]> = {};
  for (const c of callbacks) await c.onTrainBegin();
  for (let epoch = o.initialEpoch ?? 0; epoch < o.epochs && !container.stopTraining; epoch++) {
    for (const c of callbacks) await c.onEpochBegin(epoch);
    let sum = 0;
    let count = 0;
    let batchIndex = 0;
    for await (const batch of o.batches(epoch)) {
      const loss = tf.tidy(() => {
        if (o.clipNorm === undefined) {
          return o.optimizer.minimize(() => o.loss(batch), true, o.variables) as tf.Scalar;
        }
        const { value, grads } = tf.variableGrads(() => o.loss(batch), o.variables);
        o.optimizer.applyGradients(clipByGlobalNorm(grads, o.clipNorm));
        return value;
      });
      const v = (await loss.data())[0];
      loss.dispose();
      sum += v;
      count++;
      const logs = { loss: v };
      // One index per batch, not per callback.
      for (const c of callbacks) await c.onBatchEnd(batchIndex, logs);
      batchIndex++;
      if (container.stopTraining) break;
    }
    const logs: tf.Logs = { loss: count ? sum / count : Number.NaN };
    if (!container.stopTraining && o.evaluate) Object.assign(logs, await o.evaluate(epoch));
    for (const c of callbacks) await c.onEpochEnd(epoch, logs);
    appendHistory(history, logs as Record<string, number>);
  }
  for (const c of callbacks) await c.onTrainEnd();
  return { history, diverged: nanGuard.diverged };
}
