import { confusionMatrix } from './confusion';
import { fail } from './validate';

export interface PerClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Number of samples whose true class is this one. */
  support: number;
}

export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassificationMetrics {
  /** Indexed by class id. */
  perClass: PerClassMetrics[];
  /** Unweighted mean over classes: every class counts the same, however rare. */
  macro: AveragedMetrics;
  /** From tp/fp/fn pooled over classes; for single-label data all three equal accuracy. */
  micro: AveragedMetrics;
  /** Mean over classes weighted by support. */
  weighted: AveragedMetrics;
  accuracy: number;
  /** Total number of samples. */
  support: number;
  confusionMatrix: number[][];
}

export type F1Average = 'macro' | 'micro' | 'weighted';

/**
 * Zero-division convention (sklearn's default, `zero_division="warn"`, minus the warning): a
 * ratio whose denominator is 0 is 0. So a class never predicted has precision 0, a class absent
 * from yTrue has recall 0, and a class with no true positives has F1 0. We stay silent because the
 * per-class numbers make the cause visible and warnings in a training loop are noise.
 *
 * Every class in [0, numClasses) is included in the macro average, even one absent from both
 * yTrue and yPred (it contributes 0) — like sklearn with `labels=range(numClasses)`. sklearn
 * without `labels` would skip classes that appear nowhere.
 */
export function classificationMetrics(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses: number,
): ClassificationMetrics {
  return classificationMetricsFromConfusion(confusionMatrix(yTrue, yPred, numClasses));
}

/** The same metrics from a confusion matrix (rows = true, columns = predicted). */
export function classificationMetricsFromConfusion(matrix: number[][]): ClassificationMetrics {
  const where = 'classificationMetricsFromConfusion';
  const k = matrix.length;
  if (k === 0) fail(where, 'the confusion matrix is empty; expected numClasses rows');
  for (let t = 0; t < k; t++) {
    if (matrix[t].length !== k) {
      fail(where, `row ${t} has ${matrix[t].length} columns; expected a square ${k}×${k} matrix`);
    }
    for (const v of matrix[t]) {
      if (!Number.isInteger(v) || v < 0) {
        fail(where, `row ${t} holds ${v}; expected non-negative integer counts`);
      }
    }
  }
  const perClass: PerClassMetrics[] = [];
  let total = 0;
  let tpSum = 0;
  for (let c = 0; c < k; c++) {
    const tp = matrix[c][c];
    let support = 0; // row sum: tp + fn
    let predicted = 0; // column sum: tp + fp
    for (let j = 0; j < k; j++) {
      support += matrix[c][j];
      predicted += matrix[j][c];
    }
    const precision = safeDiv(tp, predicted);
    const recall = safeDiv(tp, support);
    // F1 from counts, 2tp / (2tp + fp + fn), as sklearn computes it: equal to 2PR / (P + R)
    // but with no rounding from the intermediate ratios, and 0 when the class is nowhere.
    const f1 = safeDiv(2 * tp, support + predicted);
    perClass.push({ precision, recall, f1, support });
    total += support;
    tpSum += tp;
  }
  if (total === 0) fail(where, 'the confusion matrix holds no samples');

  const macro = average(perClass, () => 1);
  const weighted = average(perClass, (m) => m.support);
  // Single-label: pooled fp = pooled fn = total - tp, so micro P = R = F1 = accuracy.
  const acc = tpSum / total;
  const micro = { precision: acc, recall: acc, f1: acc };
  return {
    perClass,
    macro,
    micro,
    weighted,
    accuracy: acc,
    support: total,
    confusionMatrix: matrix,
  };
}

/** F1 averaged over classes (`macro` by default); see `classificationMetrics` for conventions. */
export function f1Score(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses: number,
  average: F1Average = 'macro',
): number {
  if (!['macro', 'micro', 'weighted'].includes(average)) {
    fail('f1Score', `average must be 'macro', 'micro' or 'weighted', found '${average}'`);
  }
  return classificationMetrics(yTrue, yPred, numClasses)[average].f1;
}

function safeDiv(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/** Σ wᵢ·xᵢ / Σ wᵢ, the order numpy's `np.average` uses, so ties round the way sklearn's do. */
function average(
  perClass: PerClassMetrics[],
  weight: (m: PerClassMetrics) => number,
): AveragedMetrics {
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  let total = 0;
  for (const m of perClass) {
    const w = weight(m);
    precision += w * m.precision;
    recall += w * m.recall;
    f1 += w * m.f1;
    total += w;
  }
  return { precision: precision / total, recall: recall / total, f1: f1 / total };
}
