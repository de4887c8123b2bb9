import { characterErrorRate, DlError } from '@dl/core';
import { isStandardPlateText, type PlateReaderMetrics } from './task';

/** What evaluatePlateReader reports beside the headline metrics. */
export interface PlateReaderReport extends PlateReaderMetrics {
  /** Accuracy at each position (1st = province …), over plates that have that position. */
  perPosition: number[];
  /** The most frequent (true → read) character substitutions at aligned positions. */
  confusions: { truth: string; read: string; count: number }[];
  /** Province substitutions alone (position 1). */
  provinceConfusions: { truth: string; read: string; count: number }[];
  /** Plates that could not be read at all (an error) — counted as wrong. */
  unreadable: number;
}

/** The 95% Wilson score interval of k successes in n trials. */
export function wilsonInterval(k: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

function topPairs(counts: Map<string, number>, limit: number) {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([key, count]) => {
      const [truth, read] = key.split('\u0000');
      return { truth, read, count };
    });
}

/**
 * Scores plate readings against the truth. `readings[i]` is undefined for a plate that could
 * not be read (it counts as all characters wrong). Character accuracy compares position by
 * position (a reading of the wrong length loses the positions it misses or shifts); CER is
 * the edit distance over the true characters.
 * @internal
 */
export function plateReadingReport(
  truths: readonly string[],
  readings: readonly (string | undefined)[],
  options: { confusions?: number } = {},
): PlateReaderReport {
  if (truths.length === 0 || truths.length !== readings.length) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `need as many readings as plates (at least one); got ${readings.length} for ${truths.length}`,
    );
  }
  const longest = Math.max(...truths.map((t) => [...t].length));
  const right = new Array(longest).fill(0);
  const seen = new Array(longest).fill(0);
  const pairs = new Map<string, number>();
  const provinces = new Map<string, number>();
  let exact = 0;
  let correctChars = 0;
  let totalChars = 0;
  let invalid = 0;
  let unreadable = 0;
  truths.forEach((truth, i) => {
    const t = [...truth];
    const r = [...(readings[i] ?? '')];
    if (readings[i] === undefined) unreadable++;
    if (readings[i] === undefined || !isStandardPlateText(readings[i]!)) invalid++;
    if (readings[i] === truth) exact++;
    t.forEach((c, p) => {
      seen[p]++;
      totalChars++;
      if (r[p] === c) {
        right[p]++;
        correctChars++;
      } else if (r.length === t.length) {
        const key = `${c}\u0000${r[p]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
        if (p === 0) provinces.set(key, (provinces.get(key) ?? 0) + 1);
      }
    });
  });
  const n = truths.length;
  const limit = options.confusions ?? 10;
  return {
    exact: exact / n,
    exactInterval: wilsonInterval(exact, n),
    characterAccuracy: correctChars / totalChars,
    cer: characterErrorRate(
      [...truths],
      readings.map((r) => r ?? ''),
    ),
    invalid: invalid / n,
    plates: n,
    perPosition: right.map((k, p) => (seen[p] ? k / seen[p] : 0)),
    confusions: topPairs(pairs, limit),
    provinceConfusions: topPairs(provinces, limit),
    unreadable: unreadable / n,
  };
}
