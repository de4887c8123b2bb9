import * as tf from '../tf';
import { numericLogs } from './callbacks';

import type { Sink } from './sink';

/**
 * 'auto': a bar on a TTY, plain lines otherwise; 'json': one JSON object a line (for programs
 * reading stderr while stdout carries a --json result); 'silent': nothing.
 */
export type ProgressMode = 'auto' | 'bar' | 'plain' | 'json' | 'silent';

/** How often 'json' mode reports progress inside an epoch (epoch ends are always reported). */
const JSON_UPDATE_MS = 1000;

const round = (v: number, digits = 3) => Number(v.toFixed(digits));

/** The metrics of a batch or epoch's logs, without tfjs's bookkeeping keys. */
async function metricsOf(logs?: tf.Logs): Promise<Record<string, number>> {
  const { batch: _batch, size: _size, ...metrics } = await numericLogs(logs);
  return metrics;
}

const fmtTime = (s: number) => {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(1)}s`;
};

const fmtLogs = (logs: Record<string, number>) =>
  Object.entries(logs)
    .filter(([k]) => k !== 'batch' && k !== 'size')
    .map(
      ([k, v]) =>
        `${k} ${typeof v === 'number' ? (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2)) : v}`,
    )
    .join('  ');

/**
 * Training progress: on a TTY a redrawn bar with ETA and live metrics; otherwise one plain
 * line per epoch (log files, CI); in 'json' one line per epoch,
 * `{"event":"epoch","epoch":3,"epochs":20,"loss":…,"val_loss":…,"elapsedS":…,"etaS":…}`, and
 * at most one `{"event":"batch",…}` update a second within an epoch; nothing in 'silent'.
 */
export class ProgressCallback extends tf.Callback {
  private readonly mode: Exclude<ProgressMode, 'auto'>;
  private readonly out: Sink;
  private readonly totalEpochs: number;
  private readonly firstEpoch: number;
  private epochStart = 0;
  private runStart = 0;
  private lastDraw = 0;
  private epoch = 0;

  constructor(options: { mode?: ProgressMode; out?: Sink; epochs: number; initialEpoch?: number }) {
    super();
    this.out = options.out ?? process.stderr;
    const mode = options.mode ?? 'auto';
    this.mode = mode === 'auto' ? (this.out.isTTY ? 'bar' : 'plain') : mode;
    this.totalEpochs = options.epochs;
    this.firstEpoch = options.initialEpoch ?? 0;
  }

  override async onTrainBegin(): Promise<void> {
    this.runStart = performance.now();
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
    this.epochStart = performance.now();
  }

  private stepsPerEpoch(): number {
    return (
      (this.params?.steps as number | undefined) ??
      Math.ceil(
        ((this.params?.samples as number) ?? 0) / ((this.params?.batchSize as number) ?? 32),
      )
    );
  }

  private writeJson(event: Record<string, unknown>): void {
    this.out.write(`${JSON.stringify(event)}\n`);
  }

  override async onBatchEnd(batch: number, logs?: tf.Logs): Promise<void> {
    if (this.mode !== 'bar' && this.mode !== 'json') return;
    const now = performance.now();
    if (now - this.lastDraw < (this.mode === 'json' ? JSON_UPDATE_MS : 100)) return;
    this.lastDraw = now;
    const steps = this.stepsPerEpoch();
    const done = batch + 1;
    if (this.mode === 'json') {
      this.writeJson({
        event: 'batch',
        epoch: this.epoch + 1,
        epochs: this.totalEpochs,
        batch: done,
        ...(steps ? { batches: steps } : {}),
        ...(await metricsOf(logs)),
        elapsedS: round((now - this.runStart) / 1000),
      });
      return;
    }
    const frac = steps ? Math.min(1, done / steps) : 0;
    const width = 24;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const epochEta = frac > 0 ? ((now - this.epochStart) / 1000) * (1 / frac - 1) : Number.NaN;
    this.out.write(
      `\r\x1b[2Kepoch ${this.epoch + 1}/${this.totalEpochs} ${bar} ${Math.round(frac * 100)}% ${done}/${steps || '?'} ETA ${fmtTime(epochEta)}  ${fmtLogs(await numericLogs(logs))}`,
    );
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    if (this.mode === 'silent') return;
    const now = performance.now();
    const epochSec = (now - this.epochStart) / 1000;
    const doneEpochs = epoch + 1 - this.firstEpoch;
    const left = this.totalEpochs - epoch - 1;
    const eta = (((now - this.runStart) / 1000) * left) / Math.max(1, doneEpochs);
    if (this.mode === 'json') {
      this.writeJson({
        event: 'epoch',
        epoch: epoch + 1,
        epochs: this.totalEpochs,
        ...(await metricsOf(logs)),
        epochS: round(epochSec),
        elapsedS: round((now - this.runStart) / 1000),
        etaS: round(eta),
      });
      return;
    }
    const prefix = this.mode === 'bar' ? '\r\x1b[2K' : '';
    this.out.write(
      `${prefix}epoch ${epoch + 1}/${this.totalEpochs}  ${fmtLogs(await numericLogs(logs))}  (${fmtTime(epochSec)}${left > 0 ? `, ETA ${fmtTime(eta)}` : ''})\n`,
    );
  }
}
