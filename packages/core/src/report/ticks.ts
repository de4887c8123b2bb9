/**
 * Axis ticks at "nice" round numbers (1, 2 or 5 × 10^k apart), the classic Heckbert labelling:
 * readers compare curves against gridlines, and 0.2/0.4/0.6 is readable where 0.173/0.346 is not.
 */
export interface Ticks {
  /** Axis range, widened to whole steps so the data never touches the frame. */
  min: number;
  max: number;
  step: number;
  values: number[];
}

export function niceTicks(lo: number, hi: number, target = 5, integer = false): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (lo > hi) [lo, hi] = [hi, lo];
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    // A flat series (or a single epoch) still needs a visible range around it.
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  let step = niceNumber((hi - lo) / Math.max(1, target));
  if (integer) step = Math.max(1, Math.round(step));
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const values: number[] = [];
  const count = Math.round((max - min) / step);
  // Multiply rather than accumulate: repeated += 0.1 drifts to 0.30000000000000004.
  for (let i = 0; i <= count; i++) values.push(roundTo(min + i * step, step));
  return { min, max, step, values };
}

/** The 1/2/5 × 10^k number nearest to x. */
function niceNumber(x: number): number {
  const exp = Math.floor(Math.log10(x));
  const f = x / 10 ** exp;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * 10 ** exp;
}

function roundTo(v: number, step: number): number {
  const decimals = Math.min(12, Math.max(0, -Math.floor(Math.log10(step)) + 1));
  return Number(v.toFixed(decimals));
}
