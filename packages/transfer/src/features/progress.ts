import type { ProgressMode, Sink } from '@dl/core';

const fmtTime = (s: number) => {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(0)}s`;
};

/**
 * Progress of a feature extraction: images done, rate and ETA (from the images computed in
 * this run; cached ones cost nothing). A redrawn line on a TTY, a line every `everyMs`
 * otherwise, JSON lines in 'json' mode, nothing in 'silent'.
 */
export class FeatureProgress {
  private readonly mode: Exclude<ProgressMode, 'auto'>;
  private readonly start = Date.now();
  private last = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly cached: number,
    mode: ProgressMode = 'auto',
    private readonly out: Sink = process.stderr,
    private readonly everyMs = 10_000,
  ) {
    this.mode = mode === 'auto' ? (out.isTTY ? 'bar' : 'plain') : mode;
  }

  /** `done` counts cached and computed images. */
  update(done: number, final = false): void {
    if (this.mode === 'silent') return;
    const now = Date.now();
    if (!final && now - this.last < (this.mode === 'bar' ? 200 : this.everyMs)) return;
    this.last = now;
    const elapsed = (now - this.start) / 1000;
    const computed = done - this.cached;
    const rate = computed > 0 ? computed / elapsed : 0;
    const eta = rate > 0 ? (this.total - done) / rate : Number.NaN;
    if (this.mode === 'json') {
      const event = { event: 'features', backbone: this.label, done, total: this.total };
      const timing = {
        cached: this.cached,
        imagesPerS: +rate.toFixed(3),
        elapsedS: +elapsed.toFixed(1),
      };
      this.out.write(
        `${JSON.stringify({ ...event, ...timing, etaS: final ? 0 : +eta.toFixed(0) })}\n`,
      );
      return;
    }
    const pct = this.total ? Math.floor((100 * done) / this.total) : 100;
    const line =
      `features ${this.label}: ${done}/${this.total} (${pct}%)` +
      (this.cached ? `, ${this.cached} cached` : '') +
      `, ${rate.toFixed(2)} img/s, ${final ? `done in ${fmtTime(elapsed)}` : `ETA ${fmtTime(eta)}`}`;
    this.out.write(this.mode === 'bar' ? `\r${line}${final ? '\n' : ''}` : `${line}\n`);
  }
}
