import { DlError } from '@dl/core';

/** One confidence bin of a reliability diagram. */
export interface CalibrationBin {
  /** Bin range of the top probability, [lower, upper). */
  lower: number;
  upper: number;
  count: number;
  /** Mean top probability of the predictions in the bin. */
  confidence: number;
  /** Fraction of them that were right. */
  accuracy: number;
}

export interface Calibration {
  /** Expected calibration error: Σ (count/n)·|accuracy − confidence| over the bins. */
  ece: number;
  /** The largest |accuracy − confidence| of a non-empty bin. */
  mce: number;
  bins: CalibrationBin[];
}

/**
 * Calibration of a classifier (Guo et al. 2017): predictions binned by their top probability
 * into `bins` equal-width bins; ECE weights each bin's gap between accuracy and mean
 * confidence by its share of the predictions. A two-class head trained on a thousand images
 * is easily over-confident: ECE says by how much.
 */
export function calibration(
  probabilities: readonly (readonly number[])[],
  truth: ArrayLike<number>,
  bins = 15,
): Calibration {
  if (probabilities.length !== truth.length || probabilities.length === 0) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `calibration needs as many probability rows as labels (≥ 1), got ${probabilities.length} and ${truth.length}`,
    );
  }
  if (!Number.isInteger(bins) || bins < 1) {
    throw new DlError('INVALID_ARGUMENT', `bins must be a positive integer, got ${bins}`);
  }
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const right = new Array<number>(bins).fill(0);
  probabilities.forEach((p, i) => {
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    const b = Math.min(bins - 1, Math.floor(p[best] * bins));
    count[b]++;
    conf[b] += p[best];
    if (best === truth[i]) right[b]++;
  });
  const n = probabilities.length;
  let ece = 0;
  let mce = 0;
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b];
    const bin = {
      lower: b / bins,
      upper: (b + 1) / bins,
      count: c,
      confidence: c ? conf[b] / c : 0,
      accuracy: c ? right[b] / c : 0,
    };
    if (c) {
      const gap = Math.abs(bin.accuracy - bin.confidence);
      ece += (c / n) * gap;
      mce = Math.max(mce, gap);
    }
    out.push(bin);
  }
  return { ece, mce, bins: out };
}
