import { DlError } from '../errors';
import type { Rng } from '../random/rng';

export interface SplitFractions {
  train: number;
  validation?: number;
  test?: number;
}

export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

function checkLabels(labels: ArrayLike<number>): void {
  if (labels.length === 0) throw new DlError('DATA_INVALID', 'cannot split an empty data set');
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isInteger(labels[i]) || labels[i] < 0) {
      throw new DlError('DATA_INVALID', `label ${i} is ${labels[i]}; expected a class index ≥ 0`);
    }
  }
}

/** Indices of each class, in order of first appearance of the class id. */
export function indicesByClass(labels: ArrayLike<number>): Map<number, number[]> {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]);
    if (list) list.push(i);
    else byClass.set(labels[i], [i]);
  }
  return new Map([...byClass].sort((a, b) => a[0] - b[0]));
}

/**
 * Stratified train/validation/test split of sample indices: each class is divided in the
 * given proportions (largest-remainder rounding), so rare classes appear in every split when
 * they have enough samples. Returns *indices*: inputs and labels are then gathered with the
 * same index array, which makes the face seed's bug (two independent shuffles for images and
 * labels) impossible.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  fractions: SplitFractions,
  rng: Rng,
): SplitIndices {
  checkLabels(labels);
  const f = [fractions.train, fractions.validation ?? 0, fractions.test ?? 0];
  const total = f[0] + f[1] + f[2];
  if (f.some((x) => !(x >= 0)) || Math.abs(total - 1) > 1e-9) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `split fractions must be ≥ 0 and sum to 1, got train ${f[0]}, validation ${f[1]}, test ${f[2]}`,
    );
  }
  const parts: number[][] = [[], [], []];
  for (const idx of indicesByClass(labels).values()) {
    rng.shuffle(idx);
    const exact = f.map((x) => x * idx.length);
    const counts = exact.map(Math.floor);
    let left = idx.length - counts.reduce((a, b) => a + b, 0);
    const order = [0, 1, 2].sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
    for (const k of order) {
      if (left === 0) break;
      if (f[k] > 0) {
        counts[k]++;
        left--;
      }
    }
    let at = 0;
    counts.forEach((c, k) => {
      parts[k].push(...idx.slice(at, at + c));
      at += c;
    });
  }
  const [train, validation, test] = parts.map((p) => rng.shuffle(Int32Array.from(p)));
  return { train, validation, test };
}
