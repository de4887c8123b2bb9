import { DlError } from '../errors';
import * as tf from '../tf';
import type { NanGuardCallback } from './callbacks';
import { appendHistory, type History } from './history';
import {
  type CheckpointSettings,
  checkEpochs,
  type LoopControlOptions,
  TrainingSession,
  type TrainResult,
} from './session';

export interface StepLoopOptions<B> extends LoopControlOptions {
  /** The batches of an epoch; called once per epoch (so it can reshuffle). */
  batches: (epoch: number) => Iterable<B> | AsyncIterable<B>;
  /** Batches per epoch, when known: the progress bar shows it and an in-epoch ETA. */
  stepsPerEpoch?: number;
  /** Computes the scalar loss of a batch; gradients are taken through it. */
  loss: (batch: B) => tf.Scalar;
  /** Default: `model`'s (compiled) optimizer. */
  optimizer?: tf.Optimizer;
  /** Variables to train; default: all trainable variables the loss touches. */
  variables?: tf.Variable[];
  /** Clip gradients to this global L2 norm (Zaremba et al.'s LSTM recipe uses 5). */
  clipNorm?: number;
  /** Metrics after each epoch (validation perplexity, BLEU…), merged into the logs. */
  evaluate?: (epoch: number) => Promise<Record<string, number>> | Record<string, number>;
  /**
   * The model the callbacks see: checkpoints save it, resuming loads into it, schedules reach
   * its optimizer. Needed for `checkpoint`/`resume`, compiled with `optimizer`.
   */
  model?: tf.LayersModel;
  /**
   * Best/last checkpoints of `model` (the monitor defaults to `loss`; name one that `evaluate`
   * returns, such as `val_perplexity`, to keep the best epoch by it).
   */
  checkpoint?: CheckpointSettings;
  /** Start at this epoch when not resuming (resuming starts after the checkpoint's). */
  initialEpoch?: number;
}

/** trainModel's result, plus where the NaN guard stopped training (null: it did not). */
export interface StepLoopResult extends TrainResult {
  diverged: NanGuardCallback['diverged'];
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

/** The optimizer to step with, and the model the callbacks see (a stand-in without one). */
function loopModel<B>(o: StepLoopOptions<B>): { optimizer: tf.Optimizer; model: tf.LayersModel } {
  const optimizer = o.optimizer ?? o.model?.optimizer;
  if (!optimizer) {
    throw new DlError('INVALID_ARGUMENT', 'trainSteps needs an optimizer (or a compiled model)');
  }
  const saves = o.checkpoint || o.resume || o.resumeFrom;
  if (saves && !o.model) {
    throw new DlError('INVALID_ARGUMENT', 'trainSteps needs `model` to checkpoint or resume');
  }
  if (saves && o.model!.optimizer !== optimizer) {
    throw new DlError(
      'INVALID_ARGUMENT',
      'compile `model` with the optimizer trainSteps steps with, so checkpoints save its state',
    );
  }
  // setModel insists on a LayersModel; a loop without one still needs stopTraining/optimizer.
  const model = o.model ?? ({ optimizer, stopTraining: false } as unknown as tf.LayersModel);
  return { optimizer, model };
}

/** One gradient step on `batch`; returns its loss. */
async function step<B>(o: StepLoopOptions<B>, optimizer: tf.Optimizer, batch: B): Promise<number> {
  const loss = tf.tidy(() => {
    if (o.clipNorm === undefined) {
      return optimizer.minimize(() => o.loss(batch), true, o.variables) as tf.Scalar;
    }
    const { value, grads } = tf.variableGrads(() => o.loss(batch), o.variables);
    optimizer.applyGradients(clipByGlobalNorm(grads, o.clipNorm));
    return value;
  });
  const v = (await loss.data())[0];
  loss.dispose();
  return v;
}

/**
 * A training loop over custom steps, for what model.fit cannot express (multi-output
 * sequence models, stateful truncated BPTT, gradient clipping). Runs trainModel's
 * TrainingSession — progress, NaN guard, schedule, early stopping, best/last checkpoints,
 * resume, best-epoch restore, divergence recovery — so every package trains and reports alike.
 */
export async function trainSteps<B>(o: StepLoopOptions<B>): Promise<StepLoopResult> {
  checkEpochs(o.epochs);
  const { optimizer, model } = loopModel(o);
  model.stopTraining = false;
  const session = await TrainingSession.start(model, o, {
    monitor: 'loss',
    initialEpoch: o.initialEpoch,
  });
  const callbacks = session.callbacks;
  for (const c of callbacks) {
    (c as unknown as { model: unknown }).model = model;
    c.setParams({ epochs: o.epochs, ...(o.stepsPerEpoch ? { steps: o.stepsPerEpoch } : {}) });
  }
  const history: History = {};
  for (const c of callbacks) await c.onTrainBegin();
  for (let epoch = session.initialEpoch; epoch < o.epochs && !model.stopTraining; epoch++) {
    for (const c of callbacks) await c.onEpochBegin(epoch);
    let sum = 0;
    let count = 0;
    for await (const batch of o.batches(epoch)) {
      const loss = await step(o, optimizer, batch);
      sum += loss;
      // One index per batch, not per callback.
      for (const c of callbacks) await c.onBatchEnd(count, { loss });
      count++;
      if (model.stopTraining) break;
    }
    const logs: tf.Logs = { loss: count ? sum / count : Number.NaN };
    if (!model.stopTraining && o.evaluate) Object.assign(logs, await o.evaluate(epoch));
    for (const c of callbacks) await c.onEpochEnd(epoch, logs);
    appendHistory(history, logs as Record<string, number>);
  }
  for (const c of callbacks) await c.onTrainEnd();
  return { ...(await session.finish(history)), diverged: session.diverged };
}
