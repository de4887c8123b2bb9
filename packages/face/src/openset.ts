import { DlError } from '@dl/core';

/** One point of a verification ROC: accept a pair when its distance is ≤ threshold. */
export interface RocPoint {
  threshold: number;
  /** True accept rate: genuine pairs (same person) accepted. */
  tar: number;
  /** False accept rate: impostor pairs (different people) accepted. */
  far: number;
}

function checkScores(genuine: readonly number[], impostor: readonly number[]): void {
  if (genuine.length === 0 || impostor.length === 0) {
    throw new DlError(
      'DATA_INVALID',
      `open-set scores need genuine and impostor distances, got ${genuine.length} and ${impostor.length}; validate on at least two people with two images each`,
    );
  }
}

const sorted = (v: readonly number[]) => Float64Array.from(v).sort();

/** How many of the ascending `values` are ≤ t (binary search). */
function countAtMost(values: Float64Array, t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The ROC of a distance: one point at every distinct distance seen (plus one that accepts
 * nothing), thresholds ascending, so TAR and FAR both rise along it.
 */
export function rocCurve(genuine: readonly number[], impostor: readonly number[]): RocPoint[] {
  checkScores(genuine, impostor);
  const g = sorted(genuine);
  const i = sorted(impostor);
  const thresholds = [...new Set([...g, ...i])].sort((a, b) => a - b);
  const first = Math.min(g[0], i[0]);
  return [first - 1e-9, ...thresholds].map((t) => ({
    threshold: t,
    tar: countAtMost(g, t) / g.length,
    far: countAtMost(i, t) / i.length,
  }));
}

/**
 * The threshold that accepts as many genuine pairs as possible while accepting at most a
 * fraction `far` of impostor pairs, and the TAR there: midway between the last impostor
 * distance it may accept and the first it may not. With n impostor pairs, FAR below 1/n cannot
 * be told from 0: the threshold then sits just below every impostor distance.
 */
export function tarAtFar(
  genuine: readonly number[],
  impostor: readonly number[],
  far: number,
): RocPoint {
  checkScores(genuine, impostor);
  if (!(far >= 0 && far < 1))
    throw new DlError('INVALID_ARGUMENT', `far must be in [0, 1), got ${far}`);
  const g = sorted(genuine);
  const i = sorted(impostor);
  const allowed = Math.floor(far * i.length + 1e-9);
  // accept below the first impostor beyond the allowance, midway from the last one within it
  // (ties at that distance are rejected together)
  const limit = i[allowed];
  let j = allowed - 1;
  while (j >= 0 && i[j] >= limit) j--;
  const threshold = j >= 0 ? (i[j] + limit) / 2 : limit - 1e-6;
  return {
    threshold,
    tar: countAtMost(g, threshold) / g.length,
    far: countAtMost(i, threshold) / i.length,
  };
}

/** All genuine and impostor distances among labelled descriptors (every unordered pair). */
export function pairDistances(items: readonly { person: string; descriptor: Float32Array }[]): {
  genuine: number[];
  impostor: number[];
} {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      const d = euclidean(items[a].descriptor, items[b].descriptor);
      (items[a].person === items[b].person ? genuine : impostor).push(d);
    }
  }
  return { genuine, impostor };
}

export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `descriptors differ in length: ${a.length} and ${b.length}`,
    );
  }
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}
