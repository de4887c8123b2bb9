import { fail } from './validate';

export interface DeltaOptions {
  /** Odd window width ≥ 3, ≤ frames. librosa default 9. */
  width?: number;
  /** 1 (delta) or 2 (delta-delta). Default 1. */
  order?: 1 | 2;
}

/**
 * librosa.feature.delta with mode='interp', i.e. scipy `savgol_filter(x, width, polyorder=order,
 * deriv=order, mode='interp')` along time, for each row of a `[rows, frames]` matrix.
 *
 * Interior frames: the least-squares derivative over the centred window, j = −h … h (h = width÷2):
 *   order 1: Σ j·x[t+j] / Σ j²
 *   order 2: 2·Σ (j² − m)·x[t+j] / Σ (j² − m)²,  m = mean(j²)
 * Edges ('interp'): a degree-`order` polynomial fitted to the first/last `width` frames; since
 * deriv = polyorder its derivative is constant, which equals the value at frame h (resp.
 * frames − 1 − h). Like librosa, width must not exceed the number of frames.
 */
export function delta(
  data: ArrayLike<number>,
  rows: number,
  frames: number,
  opts: DeltaOptions = {},
): Float32Array {
  const width = opts.width ?? 9;
  const order = opts.order ?? 1;
  if (data.length !== rows * frames)
    fail(`matrix has ${data.length} values, expected ${rows}×${frames}`);
  if (!Number.isInteger(width) || width < 3 || width % 2 === 0) {
    fail(`delta width must be an odd integer ≥ 3, got ${width}`);
  }
  if (order !== 1 && order !== 2) fail(`delta order must be 1 or 2, got ${order}`);
  if (width > frames) fail(`delta width ${width} exceeds the ${frames} frames (mode 'interp')`);
  const h = (width - 1) / 2;
  const coef = new Float64Array(width);
  if (order === 1) {
    let den = 0;
    for (let j = -h; j <= h; j++) den += j * j;
    for (let j = -h; j <= h; j++) coef[j + h] = j / den;
  } else {
    let m = 0;
    for (let j = -h; j <= h; j++) m += j * j;
    m /= width;
    let den = 0;
    for (let j = -h; j <= h; j++) den += (j * j - m) ** 2;
    for (let j = -h; j <= h; j++) coef[j + h] = (2 * (j * j - m)) / den;
  }
  const out = new Float32Array(rows * frames);
  for (let r = 0; r < rows; r++) {
    const base = r * frames;
    for (let t = h; t < frames - h; t++) {
      let s = 0;
      for (let j = -h; j <= h; j++) s += coef[j + h] * data[base + t + j];
      out[base + t] = s;
    }
    for (let t = 0; t < h; t++) out[base + t] = out[base + h];
    for (let t = frames - h; t < frames; t++) out[base + t] = out[base + frames - 1 - h];
  }
  return out;
}
