import { characterErrorRate, DlError } from '@dl/core';
import type { CaptchaMetrics, ConfusedPair } from './task';

/**
 * 95% Wilson score interval of `successes` out of `n` (better than the normal approximation
 * near 0 or 1 and for small n, the usual case for captcha test sets).
 */
export function wilsonInterval(successes: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Whole-captcha, per-position and per-character accuracy, CER and the most confused pairs. */
export function captchaMetrics(
  truth: readonly string[],
  predicted: readonly string[],
): CaptchaMetrics {
  if (truth.length === 0 || truth.length !== predicted.length) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `captchaMetrics needs as many predictions as truths (≥ 1), got ${truth.length} and ${predicted.length}`,
    );
  }
  let exact = 0;
  const positions: { right: number; total: number }[] = [];
  const perChar = new Map<string, { right: number; total: number }>();
  const confusions = new Map<string, number>();
  truth.forEach((t, i) => {
    const want = [...t];
    const got = [...predicted[i]];
    if (t === predicted[i]) exact++;
    want.forEach((c, j) => {
      positions[j] ??= { right: 0, total: 0 };
      const ok = got[j] === c;
      positions[j].total++;
      if (ok) positions[j].right++;
      const entry = perChar.get(c) ?? { right: 0, total: 0 };
      entry.total++;
      if (ok) entry.right++;
      perChar.set(c, entry);
      // Substitutions only where both strings have the same length (positions align).
      if (!ok && got.length === want.length) {
        const key = `${c}\u0000${got[j]}`;
        confusions.set(key, (confusions.get(key) ?? 0) + 1);
      }
    });
  });
  const pairs: ConfusedPair[] = [...confusions]
    .map(([key, count]) => {
      const [a, b] = key.split('\u0000');
      return { truth: a, predicted: b, count };
    })
    .sort((x, y) => y.count - x.count || x.truth.localeCompare(y.truth))
    .slice(0, 10);
  return {
    accuracy: exact / truth.length,
    accuracyInterval: wilsonInterval(exact, truth.length),
    count: truth.length,
    perPosition: positions.map((p) => p.right / p.total),
    perCharacter: Object.fromEntries(
      [...perChar].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => [c, v.right / v.total]),
    ),
    cer: characterErrorRate([...truth], [...predicted]),
    confusions: pairs,
  };
}

/** The numbers of dl.json's `metrics` (the full record goes to `extra.evaluation`). */
export function summaryMetrics(m: CaptchaMetrics): Record<string, number> {
  return {
    accuracy: m.accuracy,
    accuracyLow: m.accuracyInterval[0],
    accuracyHigh: m.accuracyInterval[1],
    cer: m.cer,
    count: m.count,
  };
}
