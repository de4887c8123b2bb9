import { checkPositiveInt, fail } from './validate';

/**
 * The first `keep` rows of the orthonormal DCT-II matrix of size n (scipy `dct(type=2,
 * norm='ortho')`): D[k][j] = s_k·cos(πk(2j+1)/(2n)), s_0 = √(1/n), s_k = √(2/n).
 */
export function dctMatrix(n: number, keep = n): Float64Array {
  checkPositiveInt('DCT size', n);
  checkPositiveInt('DCT coefficients kept', keep);
  if (keep > n) fail(`cannot keep ${keep} DCT coefficients of a length-${n} transform`);
  const m = new Float64Array(keep * n);
  for (let k = 0; k < keep; k++) {
    const s = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    for (let j = 0; j < n; j++) m[k * n + j] = s * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
  }
  return m;
}

/** Orthonormal DCT-II of a vector, first `keep` coefficients. */
export function dct2(x: ArrayLike<number>, keep = x.length): Float64Array {
  const n = x.length;
  const m = dctMatrix(n, keep);
  const out = new Float64Array(keep);
  for (let k = 0; k < keep; k++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += m[k * n + j] * x[j];
    out[k] = s;
  }
  return out;
}

/** DCT-II ortho along the rows axis of a `[rows, frames]` matrix (librosa `dct(S, axis=-2)`), keeping `keep` rows. */
export function dctRows(
  data: ArrayLike<number>,
  rows: number,
  frames: number,
  keep: number,
): Float64Array {
  if (data.length !== rows * frames)
    fail(`matrix has ${data.length} values, expected ${rows}×${frames}`);
  const m = dctMatrix(rows, keep);
  const out = new Float64Array(keep * frames);
  for (let k = 0; k < keep; k++) {
    for (let j = 0; j < rows; j++) {
      const c = m[k * rows + j];
      const src = j * frames;
      const dst = k * frames;
      for (let t = 0; t < frames; t++) out[dst + t] += c * data[src + t];
    }
  }
  return out;
}
