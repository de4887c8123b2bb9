import type { TensorData } from '../data/tensors';
import { DlError } from '../errors';
import { Rng, withSeededRandom } from '../random/rng';
import type * as tf from '../tf';
import type { History } from './history';
import {
  type CheckpointSettings,
  checkEpochs,
  type LoopControlOptions,
  TrainingSession,
  type TrainResult,
} from './session';

export type { StopReason, TrainResult } from './session';

type Batches = tf.data.Dataset<tf.TensorContainer>;

export interface TrainOptions extends LoopControlOptions {
  /** A compiled model. */
  model: tf.LayersModel;
  train: TensorData | Batches;
  validation?: TensorData | Batches;
  /** For in-memory data; datasets are already batched. */
  batchSize?: number;
  /** Seeds model.fit's shuffling and dropout (see withSeededRandom). */
  seed?: number;
  shuffle?: boolean;
  /**
   * Keep best/ and last/ under `dir`; `meta` goes into their dl.json. With `restoreBest` the
   * model ends with the best epoch's weights rather than the last epoch's.
   */
  checkpoint?: CheckpointSettings;
}

const isDataset = (d: TensorData | Batches): d is Batches =>
  typeof (d as Batches).iterator === 'function';

/**
 * The training loop every @dl package uses, over model.fit / fitDataset: progress display,
 * learning-rate schedule, best/last checkpoints (atomic), early stopping, a NaN guard that
 * stops and falls back to the last good checkpoint, resume with optimizer state, history
 * (all of it TrainingSession's, which trainSteps runs too).
 */
export async function trainModel(o: TrainOptions): Promise<TrainResult> {
  checkEpochs(o.epochs);
  const model = o.model;
  if (!model.optimizer) throw new DlError('MODEL_INVALID', 'trainModel needs a compiled model');
  const session = await TrainingSession.start(model, o, {
    monitor: o.validation ? 'val_loss' : 'loss',
  });
  const rng = new Rng(o.seed ?? 0).fork('fit');
  const run = () => fit(o, session);
  const fitted = await (o.seed === undefined ? run() : withSeededRandom(rng, run));
  return session.finish(fitted.history as History);
}

function fit(o: TrainOptions, session: TrainingSession): Promise<tf.History> {
  const common = {
    epochs: o.epochs,
    initialEpoch: session.initialEpoch,
    callbacks: session.callbacks,
    verbose: 0 as const,
  };
  if (isDataset(o.train)) {
    if (o.validation && !isDataset(o.validation)) {
      throw new DlError(
        'INVALID_ARGUMENT',
        'with a streamed training set, validation must be a dataset too',
      );
    }
    return o.model.fitDataset(o.train, { ...common, validationData: o.validation });
  }
  if (o.validation && isDataset(o.validation)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      'with in-memory training data, validation must be in memory too',
    );
  }
  return o.model.fit(o.train.x, o.train.y, {
    ...common,
    batchSize: o.batchSize ?? 32,
    shuffle: o.shuffle ?? true,
    validationData: o.validation ? [o.validation.x, o.validation.y] : undefined,
  });
}
