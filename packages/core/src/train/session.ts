import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../artifacts/atomic';
import { type DlMeta, type DlMetaInput, loadModelDir } from '../artifacts/model-dir';
import { DlError } from '../errors';
import type * as tf from '../tf';
import {
  CheckpointCallback,
  EarlyStoppingCallback,
  type EarlyStoppingOptions,
  LrScheduleCallback,
  type MonitorMode,
  NanGuardCallback,
} from './callbacks';
import { appendHistory, type History } from './history';
import { ProgressCallback, type ProgressMode } from './progress';
import { type ResumePoint, resumeFromCheckpoint, sameRunCheck } from './resume';
import type { LrSchedule } from './schedules';
import type { Sink } from './sink';

/** Keep best/ and last/ (with optimizer state) under `dir`; `meta` goes into their dl.json. */
export interface CheckpointSettings {
  dir: string;
  meta: DlMetaInput;
  /** The value that picks the best epoch; default val_loss with validation data, else loss. */
  monitor?: string;
  /** Default: 'min' for losses, error rates and perplexities, 'max' otherwise. */
  mode?: MonitorMode;
  /** End with the best epoch's weights rather than the last epoch's (also after divergence). */
  restoreBest?: boolean;
  /**
   * What a checkpoint must share with this run to be resumed (sameRunCheck's options); default:
   * seed, data fingerprint, labels, vocabulary, preprocessing and every key of `meta.extra`.
   */
  sameRun?: { extra?: string[]; except?: string[] };
}

/** What both training loops (trainModel over model.fit, trainSteps over custom steps) share. */
export interface LoopControlOptions {
  epochs: number;
  schedule?: LrSchedule;
  earlyStopping?: EarlyStoppingOptions;
  checkpoint?: CheckpointSettings;
  /**
   * A `last/` checkpoint directory to continue from (weights, optimizer state, epoch, history,
   * best value). With `checkpoint.meta`, the checkpoint must be of the same run (sameRunCheck).
   */
  resumeFrom?: string;
  /** Continue from this run's own `checkpoint.dir`/last (what `resumeFrom` names explicitly). */
  resume?: boolean;
  /** A further check of the checkpoint before anything is loaded from it; throw to refuse it. */
  validateResume?: (saved: DlMeta, initialEpoch: number, dir: string) => void;
  progress?: ProgressMode;
  progressOut?: Sink;
  /** Run after the built-in callbacks (NaN guard, schedule, early stopping, checkpoints, progress). */
  callbacks?: tf.Callback[];
}

export type StopReason = 'completed' | 'early-stopping' | 'diverged';

export interface TrainResult {
  history: History;
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

/** Both loops refuse the same bad epoch counts with the same words. */
export function checkEpochs(epochs: number): void {
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new DlError('INVALID_ARGUMENT', `epochs must be a positive integer, got ${epochs}`);
  }
}

const restoreFrom = async (model: tf.LayersModel, dir: string) => {
  const { model: saved } = await loadModelDir(dir);
  model.setWeights(saved.getWeights());
  saved.dispose();
};

/**
 * One training run's control, whichever loop drives the steps: resuming from a checkpoint, the
 * callbacks every epoch runs (NaN guard, learning-rate schedule, early stopping, best/last
 * checkpoints, progress), and the ending — stop reason, restoring the best or the last good
 * weights, history.json and the message. trainModel hands `callbacks` to model.fit; trainSteps
 * calls them from its own loop. `model` is the one checkpoints save and resuming loads into.
 */
export class TrainingSession {
  readonly callbacks: tf.Callback[];
  private readonly nanGuard = new NanGuardCallback();
  private readonly early: EarlyStoppingCallback | null;
  private readonly checkpoint: CheckpointCallback | null;

  private constructor(
    private readonly model: tf.LayersModel,
    private readonly o: LoopControlOptions,
    readonly monitor: string,
    /** The first epoch to train (0-based): after the resumed ones. */
    readonly initialEpoch: number,
    private readonly resumed: (ResumePoint & { dir: string }) | null,
  ) {
    const history = resumed?.history ?? {};
    this.early = o.earlyStopping
      ? new EarlyStoppingCallback({
          ...o.earlyStopping,
          monitor: o.earlyStopping.monitor ?? monitor,
        })
      : null;
    this.checkpoint = o.checkpoint
      ? new CheckpointCallback({
          ...o.checkpoint,
          monitor,
          history,
          best: resumed?.best ?? null,
          skip: () => this.nanGuard.diverged !== null,
        })
      : null;
    this.callbacks = [
      this.nanGuard,
      ...(o.schedule ? [new LrScheduleCallback(o.schedule)] : []),
      ...(this.early ? [this.early] : []),
      ...(this.checkpoint ? [this.checkpoint] : []),
      new ProgressCallback({
        mode: o.progress,
        out: o.progressOut,
        epochs: o.epochs,
        initialEpoch,
      }),
      ...(o.callbacks ?? []),
    ];
  }

  /**
   * Checks the options and, when resuming, loads the checkpoint into `model`. `monitor` is the
   * loop's default for what picks the best epoch; `initialEpoch` where a fresh run starts.
   */
  static async start(
    model: tf.LayersModel,
    o: LoopControlOptions,
    defaults: { monitor: string; initialEpoch?: number },
  ): Promise<TrainingSession> {
    checkEpochs(o.epochs);
    const monitor = o.checkpoint?.monitor ?? o.earlyStopping?.monitor ?? defaults.monitor;
    if (o.resume && !o.checkpoint) {
      throw new DlError('INVALID_ARGUMENT', 'resume needs a checkpoint directory to resume from');
    }
    const dir = o.resumeFrom ?? (o.resume ? join(o.checkpoint!.dir, 'last') : undefined);
    if (!dir) return new TrainingSession(model, o, monitor, defaults.initialEpoch ?? 0, null);
    const meta = o.checkpoint?.meta;
    const point = await resumeFromCheckpoint(model, dir, monitor, {
      validate: (saved, initialEpoch) => {
        // With checkpoint metadata to compare, a checkpoint of another run is refused.
        if (meta) sameRunCheck(meta, o.checkpoint?.sameRun)(saved, initialEpoch, dir);
        o.validateResume?.(saved, initialEpoch, dir);
      },
    });
    if (point.initialEpoch >= o.epochs) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `checkpoint already has ${point.initialEpoch} epochs; ask for more than that to resume`,
        { path: dir },
      );
    }
    return new TrainingSession(model, o, monitor, point.initialEpoch, { ...point, dir });
  }

  /** Where the NaN guard stopped training, if it did. */
  get diverged(): NanGuardCallback['diverged'] {
    return this.nanGuard.diverged;
  }

  /**
   * Ends the run given the history of the epochs trained now: restores weights as the options
   * and the outcome ask, saves history.json beside the checkpoints and says what happened.
   */
  async finish(trained: History): Promise<TrainResult> {
    const history = appendHistory(structuredClone(this.resumed?.history ?? {}), trained);
    const epochs = Object.values(history)[0]?.length ?? 0;
    // A resumed run says so: how many epochs came from the checkpoint, how many were trained now.
    const resumed = this.resumed ? `resumed after epoch ${this.initialEpoch}` : '';
    let message = resumed
      ? `${resumed}, trained ${epochs - this.initialEpoch} more epoch(s)`
      : `trained ${epochs} epoch(s)`;
    let stopReason: StopReason = 'completed';
    const ckpt = this.checkpoint;
    const best = ckpt?.bestEpoch != null && this.o.checkpoint?.restoreBest ? ckpt.bestEpoch : null;
    if (this.nanGuard.diverged) {
      stopReason = 'diverged';
      message = await this.recoverFromDivergence(best);
    } else if (this.early?.stoppedEpoch != null) {
      stopReason = 'early-stopping';
      message = `early stopping at epoch ${this.early.stoppedEpoch + 1}: ${this.monitor} did not improve for ${this.o.earlyStopping!.patience} epoch(s)`;
    }
    if (resumed && stopReason !== 'completed') message = `${resumed}; ${message}`;
    if (ckpt && best !== null && stopReason !== 'diverged') {
      await restoreFrom(this.model, ckpt.bestDir);
      message += `; weights of the best epoch (${best + 1}) restored`;
    }
    if (ckpt) {
      await writeFileAtomic(
        join(this.o.checkpoint!.dir, 'history.json'),
        `${JSON.stringify(history)}\n`,
      );
      if (ckpt.bestEpoch != null) {
        message += `; best ${this.monitor} ${ckpt.bestValue.toFixed(4)} at epoch ${ckpt.bestEpoch + 1} saved in ${ckpt.bestDir}`;
      }
    }
    return {
      history,
      epochs,
      stopReason,
      message,
      bestEpoch: ckpt?.bestEpoch ?? undefined,
      bestValue: ckpt?.bestEpoch != null ? ckpt.bestValue : undefined,
    };
  }

  /**
   * The diverged weights are never kept when a checkpoint can replace them: the best epoch's
   * (with restoreBest), else the last good epoch's — saved by this run or the resumed one.
   */
  private async recoverFromDivergence(best: number | null): Promise<string> {
    const d = this.nanGuard.diverged!;
    const where = `epoch ${d.epoch + 1}${d.batch >= 0 ? `, batch ${d.batch + 1}` : ''}`;
    const stopped = `${d.what} at ${where}; training stopped`;
    const ckpt = this.checkpoint;
    if (ckpt && best !== null) {
      await restoreFrom(this.model, ckpt.bestDir);
      return `${stopped}. Weights restored from the best checkpoint ${ckpt.bestDir} (epoch ${best + 1})`;
    }
    const resumedOwn = this.resumed && ckpt && resolve(this.resumed.dir) === resolve(ckpt.lastDir);
    const lastEpoch = ckpt?.lastEpoch ?? (resumedOwn ? this.initialEpoch - 1 : null);
    if (ckpt && lastEpoch !== null) {
      await restoreFrom(this.model, ckpt.lastDir);
      return `${stopped}. Weights restored from the last good checkpoint ${ckpt.lastDir} (epoch ${lastEpoch + 1})`;
    }
    return ckpt
      ? `${stopped}. No checkpoint was completed before it, so the model's weights are the diverged ones — lower the learning rate`
      : `${stopped}. No checkpoint was configured, so the model's weights are the diverged ones — lower the learning rate or enable checkpoints`;
  }
}
