import { join } from 'node:path';
import type { DlMetaInput } from '../artifacts/model-dir';
import { saveModelDir } from '../artifacts/model-dir';
import { saveOptimizerState } from '../artifacts/optimizer-state';
import * as tf from '../tf';
import { type LrSchedule, setLearningRate } from './schedules';

export type MonitorMode = 'min' | 'max';

/** 'min' for losses and error rates, 'max' for accuracies and scores. */
export function monitorMode(monitor: string): MonitorMode {
  return /loss|error|perplexity|cer|wer/i.test(monitor) ? 'min' : 'max';
}

const better = (mode: MonitorMode, a: number, b: number, minDelta = 0) =>
  mode === 'min' ? a < b - minDelta : a > b + minDelta;

/** Sets the learning rate at each epoch start and records it as `lr` in the logs. */
export class LrScheduleCallback extends tf.Callback {
  private lr = Number.NaN;
  constructor(private readonly schedule: LrSchedule) {
    super();
  }
  override async onEpochBegin(epoch: number): Promise<void> {
    this.lr = this.schedule(epoch);
    setLearningRate((this.model as tf.LayersModel).optimizer, this.lr);
  }
  override async onEpochEnd(_epoch: number, logs?: tf.Logs): Promise<void> {
    if (logs) logs.lr = this.lr;
  }
}

/**
 * Stops training at the first non-finite loss. Training up to there is kept: the checkpoint
 * callback never writes a diverged epoch, so the last good checkpoint stays on disk.
 */
export class NanGuardCallback extends tf.Callback {
  diverged: { epoch: number; batch: number; loss: number } | null = null;
  private epoch = 0;
  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }
  override async onBatchEnd(batch: number, logs?: tf.Logs): Promise<void> {
    const loss = logs?.loss;
    if (typeof loss === 'number' && !Number.isFinite(loss) && !this.diverged) {
      this.diverged = { epoch: this.epoch, batch, loss };
      (this.model as tf.LayersModel).stopTraining = true;
    }
  }
  override async onEpochEnd(_epoch: number, logs?: tf.Logs): Promise<void> {
    const bad = Object.entries(logs ?? {}).find(
      ([, v]) => typeof v === 'number' && !Number.isFinite(v),
    );
    if (bad && !this.diverged) {
      this.diverged = { epoch: this.epoch, batch: -1, loss: bad[1] as number };
      (this.model as tf.LayersModel).stopTraining = true;
    }
  }
}

export interface EarlyStoppingOptions {
  monitor?: string;
  patience: number;
  minDelta?: number;
  mode?: MonitorMode;
}

/** Stops when `monitor` has not improved by minDelta for `patience` epochs. */
export class EarlyStoppingCallback extends tf.Callback {
  stoppedEpoch: number | null = null;
  private best = Number.NaN;
  private wait = 0;
  private readonly mode: MonitorMode;
  constructor(private readonly o: EarlyStoppingOptions & { monitor: string }) {
    super();
    this.mode = o.mode ?? monitorMode(o.monitor);
  }
  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    const v = logs?.[this.o.monitor];
    if (typeof v !== 'number' || !Number.isFinite(v)) return;
    if (Number.isNaN(this.best) || better(this.mode, v, this.best, this.o.minDelta ?? 0)) {
      this.best = v;
      this.wait = 0;
    } else if (++this.wait >= this.o.patience) {
      this.stoppedEpoch = epoch;
      (this.model as tf.LayersModel).stopTraining = true;
    }
  }
}

export interface CheckpointOptions {
  /** Directory receiving best/ and last/ model directories and history.json. */
  dir: string;
  monitor: string;
  mode?: MonitorMode;
  meta: DlMetaInput;
  /** Previous epochs' history when resuming, so saved histories are whole. */
  history?: Record<string, number[]>;
}

/**
 * Saves `last` (weights, optimizer state, history: everything needed to resume) after every
 * finite epoch and `best` whenever the monitored value improves. Each save is atomic.
 */
export class CheckpointCallback extends tf.Callback {
  bestEpoch: number | null = null;
  bestValue = Number.NaN;
  lastEpoch: number | null = null;
  readonly history: Record<string, number[]>;
  private readonly mode: MonitorMode;
  constructor(private readonly o: CheckpointOptions) {
    super();
    this.mode = o.mode ?? monitorMode(o.monitor);
    this.history = structuredClone(o.history ?? {});
  }
  get lastDir(): string {
    return join(this.o.dir, 'last');
  }
  get bestDir(): string {
    return join(this.o.dir, 'best');
  }
  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    const values = Object.entries(logs ?? {}).filter(([, v]) => typeof v === 'number') as [
      string,
      number,
    ][];
    if (values.some(([, v]) => !Number.isFinite(v))) return; // never checkpoint a diverged epoch
    for (const [k, v] of values) (this.history[k] ??= []).push(v);
    const model = this.model as tf.LayersModel;
    const meta = (extra: Record<string, unknown>) => ({
      ...this.o.meta,
      extra: { ...this.o.meta.extra, epoch, history: this.history, ...extra },
    });
    await saveModelDir(model, this.lastDir, meta({ checkpoint: 'last' }));
    await saveOptimizerState(model.optimizer, this.lastDir);
    this.lastEpoch = epoch;
    const v = logs?.[this.o.monitor];
    if (
      typeof v === 'number' &&
      (Number.isNaN(this.bestValue) || better(this.mode, v, this.bestValue))
    ) {
      this.bestValue = v;
      this.bestEpoch = epoch;
      await saveModelDir(
        model,
        this.bestDir,
        meta({ checkpoint: 'best', monitor: this.o.monitor, value: v }),
      );
    }
  }
}
