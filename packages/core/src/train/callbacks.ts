import { join } from 'node:path';
import type { DlMetaInput } from '../artifacts/model-dir';
import { saveModelDir } from '../artifacts/model-dir';
import { saveOptimizerState } from '../artifacts/optimizer-state';
import * as tf from '../tf';
import { appendHistory } from './history';
import { type LrSchedule, setLearningRate } from './schedules';

export type MonitorMode = 'min' | 'max';

/**
 * The logs tfjs hands to tf.Callback hooks hold scalar *tensors* that tfjs disposes itself
 * after the hooks run; read them into numbers without touching the originals.
 */
export async function numericLogs(logs?: tf.Logs): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(logs ?? {})) {
    const value = v as unknown;
    if (typeof value === 'number') out[k] = value;
    // Duck-typed: tfjs-layers and user code may hold Tensor classes from different module
    // copies (ESM vs CJS), so instanceof is unreliable.
    else if (typeof (value as tf.Tensor | null)?.data === 'function') {
      out[k] = (await (value as tf.Tensor).data())[0];
    }
  }
  return out;
}

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
 * Stops training at the first non-finite loss (checked every batch) or non-finite weight
 * (checked every epoch: a clipped loss such as softmax cross-entropy can stay finite while the
 * weights are already NaN). Training up to there is kept: the checkpoint callback never writes
 * a diverged epoch, so the last good checkpoint stays on disk.
 */
export class NanGuardCallback extends tf.Callback {
  diverged: { epoch: number; batch: number; what: string } | null = null;
  private epoch = 0;
  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }
  private stop(batch: number, what: string): void {
    this.diverged ??= { epoch: this.epoch, batch, what };
    (this.model as tf.LayersModel).stopTraining = true;
  }
  override async onBatchEnd(batch: number, logs?: tf.Logs): Promise<void> {
    const loss = (await numericLogs(logs)).loss;
    if (loss !== undefined && !Number.isFinite(loss)) this.stop(batch, `loss ${loss}`);
  }
  override async onEpochEnd(_epoch: number, logs?: tf.Logs): Promise<void> {
    if (this.diverged) return;
    const bad = Object.entries(await numericLogs(logs)).find(([, v]) => !Number.isFinite(v));
    if (bad) return this.stop(-1, `${bad[0]} ${bad[1]}`);
    const model = this.model as tf.LayersModel | undefined;
    for (const w of model?.weights ?? []) {
      const finite = tf.tidy(() => tf.all(tf.isFinite(w.read())).dataSync()[0]);
      if (!finite) return this.stop(-1, `non-finite weights (${w.name})`);
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
    const v = (await numericLogs(logs))[this.o.monitor];
    if (v === undefined || !Number.isFinite(v)) return;
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
  /** The best epoch before resuming: `best/` is replaced only by an improvement on it. */
  best?: { epoch: number; value: number } | null;
  /** True when the epoch must not be saved (the NaN guard found it diverged). */
  skip?: () => boolean;
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
    if (o.best) {
      this.bestEpoch = o.best.epoch;
      this.bestValue = o.best.value;
    }
  }
  get lastDir(): string {
    return join(this.o.dir, 'last');
  }
  get bestDir(): string {
    return join(this.o.dir, 'best');
  }
  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    if (this.o.skip?.()) return;
    const numbers = await numericLogs(logs);
    const values = Object.entries(numbers);
    if (values.some(([, v]) => !Number.isFinite(v))) return; // never checkpoint a diverged epoch
    appendHistory(this.history, numbers);
    const model = this.model as tf.LayersModel;
    const meta = (extra: Record<string, unknown>) => ({
      ...this.o.meta,
      extra: { ...this.o.meta.extra, epoch, history: this.history, ...extra },
    });
    await saveModelDir(model, this.lastDir, meta({ checkpoint: 'last' }));
    await saveOptimizerState(model.optimizer, this.lastDir);
    this.lastEpoch = epoch;
    const v = numbers[this.o.monitor];
    if (v !== undefined && (Number.isNaN(this.bestValue) || better(this.mode, v, this.bestValue))) {
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
