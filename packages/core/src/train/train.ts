import { join } from 'node:path';
import { writeFileAtomic } from '../artifacts/atomic';
import { type DlMetaInput, loadModelDir } from '../artifacts/model-dir';
import type { TensorData } from '../data/tensors';
import { DlError } from '../errors';
import { Rng, withSeededRandom } from '../random/rng';
import type * as tf from '../tf';
import {
  CheckpointCallback,
  EarlyStoppingCallback,
  type EarlyStoppingOptions,
  LrScheduleCallback,
  type MonitorMode,
  NanGuardCallback,
} from './callbacks';
import { appendHistory } from './history';
import { ProgressCallback, type ProgressMode } from './progress';
import { type ResumePoint, resumeFromCheckpoint, sameRunCheck } from './resume';
import type { LrSchedule } from './schedules';

type Batches = tf.data.Dataset<tf.TensorContainer>;

export interface TrainOptions {
  /** A compiled model. */
  model: tf.LayersModel;
  train: TensorData | Batches;
  validation?: TensorData | Batches;
  epochs: number;
  /** For in-memory data; datasets are already batched. */
  batchSize?: number;
  /** Seeds model.fit's shuffling and dropout (see withSeededRandom). */
  seed?: number;
  shuffle?: boolean;
  schedule?: LrSchedule;
  earlyStopping?: EarlyStoppingOptions;
  /**
   * Keep best/ and last/ under `dir`; `meta` goes into their dl.json. With `restoreBest` the
   * model ends with the best epoch's weights rather than the last epoch's.
   */
  checkpoint?: {
    dir: string;
    meta: DlMetaInput;
    monitor?: string;
    mode?: MonitorMode;
    restoreBest?: boolean;
  };
  /**
   * A `last/` checkpoint directory to continue from (weights, optimizer state, epoch, history,
   * best value). With `checkpoint.meta`, the checkpoint must be of the same run (sameRunCheck).
   */
  resumeFrom?: string;
  /** Continue from this run's own `checkpoint.dir`/last (what `resumeFrom` names explicitly). */
  resume?: boolean;
  progress?: ProgressMode;
  progressOut?: { write(s: string): unknown; isTTY?: boolean };
  callbacks?: tf.Callback[];
}

export type StopReason = 'completed' | 'early-stopping' | 'diverged';

export interface TrainResult {
  history: Record<string, number[]>;
  /** Epochs completed, counting resumed ones. */
  epochs: number;
  stopReason: StopReason;
  /**
   * Human-readable account of how training ended (divergence, early stop, where checkpoints
   * are); a resumed run's starts with "resumed after epoch N".
   */
  message: string;
  bestEpoch?: number;
  bestValue?: number;
}

const isDataset = (d: TensorData | Batches): d is Batches =>
  typeof (d as Batches).iterator === 'function';

/**
 * The training loop every @dl package uses, over model.fit / fitDataset: progress display,
 * learning-rate schedule, best/last checkpoints (atomic), early stopping, a NaN guard that
 * stops and falls back to the last good checkpoint, resume with optimizer state, history.
 */
export async function trainModel(o: TrainOptions): Promise<TrainResult> {
  if (!Number.isInteger(o.epochs) || o.epochs < 1) {
    throw new DlError('INVALID_ARGUMENT', `epochs must be a positive integer, got ${o.epochs}`);
  }
  const model = o.model;
  if (!model.optimizer) throw new DlError('MODEL_INVALID', 'trainModel needs a compiled model');
  const monitor =
    o.checkpoint?.monitor ?? o.earlyStopping?.monitor ?? (o.validation ? 'val_loss' : 'loss');

  let initialEpoch = 0;
  let history: Record<string, number[]> = {};
  let best: ResumePoint['best'] = null;
  if (o.resume && !o.checkpoint) {
    throw new DlError('INVALID_ARGUMENT', 'resume needs a checkpoint directory to resume from');
  }
  const resumeFrom = o.resumeFrom ?? (o.resume ? join(o.checkpoint!.dir, 'last') : undefined);
  if (resumeFrom) {
    // With checkpoint metadata to compare, a checkpoint of another run is refused.
    const validate = o.checkpoint?.meta ? sameRunCheck(o.checkpoint.meta) : undefined;
    ({ initialEpoch, history, best } = await resumeFromCheckpoint(model, resumeFrom, monitor, {
      validate,
    }));
    if (initialEpoch >= o.epochs) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `checkpoint already has ${initialEpoch} epochs; ask for more than that to resume`,
        { path: resumeFrom },
      );
    }
  }

  const nanGuard = new NanGuardCallback();
  const callbacks: tf.Callback[] = [nanGuard];
  if (o.schedule) callbacks.push(new LrScheduleCallback(o.schedule));
  const early = o.earlyStopping
    ? new EarlyStoppingCallback({ ...o.earlyStopping, monitor: o.earlyStopping.monitor ?? monitor })
    : null;
  if (early) callbacks.push(early);
  const checkpoint = o.checkpoint
    ? new CheckpointCallback({
        ...o.checkpoint,
        monitor,
        history,
        best,
        skip: () => nanGuard.diverged !== null,
      })
    : null;
  if (checkpoint) callbacks.push(checkpoint);
  callbacks.push(
    new ProgressCallback({ mode: o.progress, out: o.progressOut, epochs: o.epochs, initialEpoch }),
    ...(o.callbacks ?? []),
  );

  const rng = new Rng(o.seed ?? 0).fork('fit');
  const run = async (): Promise<tf.History> => {
    if (isDataset(o.train)) {
      if (o.validation && !isDataset(o.validation)) {
        throw new DlError(
          'INVALID_ARGUMENT',
          'with a streamed training set, validation must be a dataset too',
        );
      }
      return model.fitDataset(o.train, {
        epochs: o.epochs,
        initialEpoch,
        validationData: o.validation as Batches | undefined,
        callbacks,
        verbose: 0,
      });
    }
    if (o.validation && isDataset(o.validation)) {
      throw new DlError(
        'INVALID_ARGUMENT',
        'with in-memory training data, validation must be in memory too',
      );
    }
    return model.fit(o.train.x, o.train.y, {
      epochs: o.epochs,
      initialEpoch,
      batchSize: o.batchSize ?? 32,
      shuffle: o.shuffle ?? true,
      validationData: o.validation ? [o.validation.x, o.validation.y] : undefined,
      callbacks,
      verbose: 0,
    });
  };
  const fitted = await (o.seed === undefined ? run() : withSeededRandom(rng, run));

  const merged = appendHistory(
    structuredClone(history),
    fitted.history as Record<string, number[]>,
  );
  const epochs = Object.values(merged)[0]?.length ?? 0;

  let stopReason: StopReason = 'completed';
  // A resumed run says so: how many epochs came from the checkpoint, how many were trained now.
  const resumed = resumeFrom ? `resumed after epoch ${initialEpoch}` : '';
  let message = resumed
    ? `${resumed}, trained ${epochs - initialEpoch} more epoch(s)`
    : `trained ${epochs} epoch(s)`;
  if (nanGuard.diverged) {
    stopReason = 'diverged';
    const d = nanGuard.diverged;
    const where = `epoch ${d.epoch + 1}${d.batch >= 0 ? `, batch ${d.batch + 1}` : ''}`;
    if (checkpoint?.lastEpoch != null) {
      const { model: good } = await loadModelDir(checkpoint.lastDir);
      model.setWeights(good.getWeights());
      good.dispose();
      message = `${d.what} at ${where}; training stopped. Weights restored from the last good checkpoint ${checkpoint.lastDir} (epoch ${checkpoint.lastEpoch + 1})`;
    } else {
      message = `${d.what} at ${where}; training stopped. No checkpoint was configured or completed, so the model's weights are the diverged ones — lower the learning rate or enable checkpoints`;
    }
  } else if (early?.stoppedEpoch != null) {
    stopReason = 'early-stopping';
    message = `early stopping at epoch ${early.stoppedEpoch + 1}: ${monitor} did not improve for ${o.earlyStopping!.patience} epoch(s)`;
  }
  if (resumed && stopReason !== 'completed') message = `${resumed}; ${message}`;
  if (
    checkpoint &&
    o.checkpoint?.restoreBest &&
    stopReason !== 'diverged' &&
    checkpoint.bestEpoch != null
  ) {
    const { model: best } = await loadModelDir(checkpoint.bestDir);
    model.setWeights(best.getWeights());
    best.dispose();
    message += `; weights of the best epoch (${checkpoint.bestEpoch + 1}) restored`;
  }
  if (checkpoint) {
    await writeFileAtomic(`${o.checkpoint!.dir}/history.json`, `${JSON.stringify(merged)}\n`);
    if (checkpoint.bestEpoch != null) {
      message += `; best ${monitor} ${checkpoint.bestValue.toFixed(4)} at epoch ${checkpoint.bestEpoch + 1} saved in ${checkpoint.bestDir}`;
    }
  }
  return {
    history: merged,
    epochs,
    stopReason,
    message,
    bestEpoch: checkpoint?.bestEpoch ?? undefined,
    bestValue: checkpoint?.bestEpoch != null ? checkpoint.bestValue : undefined,
  };
}
