import { checkClassIds, checkNonEmpty, checkNumClasses, checkSameLength, fail } from './validate';

export interface AccuracyOptions {
  /**
   * One weight per position, ≥ 0: a 0/1 mask (0 for padding) makes padded positions count for
   * nothing — neither as hits nor in the denominator.
   */
  weights?: ArrayLike<number>;
}

/**
 * Fraction of positions where the predicted class id equals the true class id; with `weights`,
 * the weighted fraction Σ wᵢ·[yTrueᵢ = yPredᵢ] / Σ wᵢ (masked accuracy over padded sequences).
 */
export function accuracy(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: AccuracyOptions = {},
): number {
  const where = 'accuracy';
  checkNonEmpty(where, 'yTrue', yTrue);
  checkSameLength(where, 'yTrue', yTrue, 'yPred', yPred);
  checkClassIds(where, 'yTrue', yTrue);
  checkClassIds(where, 'yPred', yPred);
  const { weights } = options;
  if (weights === undefined) {
    let correct = 0;
    for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
    return correct / yTrue.length;
  }
  checkSameLength(where, 'yTrue', yTrue, 'weights', weights);
  let hit = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights[i];
    if (!Number.isFinite(w) || w < 0) {
      fail(where, `weights[${i}] is ${w}; expected a finite weight >= 0 (1 = keep, 0 = mask)`);
    }
    total += w;
    if (yTrue[i] === yPred[i]) hit += w;
  }
  if (total === 0) fail(where, 'every position is masked (weights sum to 0); nothing to count');
  return hit / total;
}

/**
 * Scores per sample: either one row per sample (`number[][]`, `Float32Array[]`) or one flat
 * row-major buffer of `n * numClasses` values (what `tensor.dataSync()` returns).
 */
export type ClassScores = ArrayLike<number>[] | ArrayLike<number>;

/**
 * Fraction of samples whose true class is among the k highest-scored classes.
 *
 * Tie rule: classes are ranked by score, descending, and equal scores are ranked by class id,
 * ascending — the order a stable sort or `argMax` gives. The true class counts as a hit iff
 * (classes scoring strictly higher) + (classes scoring equal with a smaller id) < k. We chose
 * this over TF's `in_top_k` (which counts every tied class as a hit, so all-equal scores give
 * 100%) so that top-1 accuracy always equals `accuracy(yTrue, argMax(scores))`.
 *
 * @param numClasses required when `scores` is a flat buffer; checked against the rows otherwise.
 */
export function topKAccuracy(
  yTrue: ArrayLike<number>,
  scores: ClassScores,
  k: number,
  numClasses?: number,
): number {
  const where = 'topKAccuracy';
  checkNonEmpty(where, 'yTrue', yTrue);
  const rows = toRows(where, scores, yTrue.length, numClasses);
  const classes = rows[0].length;
  if (!Number.isInteger(k) || k < 1 || k > classes) {
    fail(where, `k must be an integer in [1, ${classes}] (the number of classes), found ${k}`);
  }
  checkClassIds(where, 'yTrue', yTrue, classes);
  let hits = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const t = yTrue[i];
    const target = row[t];
    let rank = 0; // classes ranked before the true class
    for (let c = 0; c < classes; c++) {
      const s = row[c];
      if (Number.isNaN(s)) fail(where, `scores for sample ${i}, class ${c} is NaN`);
      if (s > target || (s === target && c < t)) rank++;
    }
    if (rank < k) hits++;
  }
  return hits / rows.length;
}

function toRows(
  where: string,
  scores: ClassScores,
  n: number,
  numClasses: number | undefined,
): ArrayLike<number>[] {
  const flat = ArrayBuffer.isView(scores) || (scores.length > 0 && typeof scores[0] === 'number');
  if (flat) {
    const buf = scores as ArrayLike<number>;
    if (numClasses === undefined) {
      fail(where, 'scores is a flat buffer; pass numClasses so it can be split into rows');
    }
    checkNumClasses(where, numClasses);
    if (buf.length !== n * numClasses) {
      fail(
        where,
        `flat scores has ${buf.length} values; expected yTrue.length * numClasses = ${n} * ${numClasses} = ${n * numClasses}`,
      );
    }
    const rows: ArrayLike<number>[] = [];
    for (let i = 0; i < n; i++) rows.push(sliceOf(buf, i * numClasses, (i + 1) * numClasses));
    return rows;
  }
  const rows = scores as ArrayLike<number>[];
  checkSameLength(where, 'yTrue', { length: n }, 'scores', rows);
  const width = numClasses ?? rows[0].length;
  checkNumClasses(where, width);
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].length !== width) {
      fail(
        where,
        `scores row ${i} has ${rows[i].length} values; expected ${width} (one per class)`,
      );
    }
  }
  return rows;
}

function sliceOf(buf: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  // Typed arrays get a zero-copy view; plain arrays a copy of the row.
  if (ArrayBuffer.isView(buf)) return (buf as Float32Array).subarray(start, end);
  return Array.prototype.slice.call(buf, start, end) as number[];
}
