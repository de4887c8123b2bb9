import { DlError } from '@dl/core';

/** Accuracy of one group (a speaker, a digit) of an evaluation. */
export interface GroupAccuracy {
  key: string;
  correct: number;
  total: number;
  accuracy: number;
}

/**
 * Accuracy per group, sorted by key: `keys[i]` is sample i's group (speaker or digit),
 * `correct[i]` whether it was recognised. Per-speaker rows show which voices a model fails on —
 * the seed's 0.444 hid exactly that.
 */
export function accuracyByGroup(
  keys: readonly (string | number)[],
  correct: readonly boolean[],
): GroupAccuracy[] {
  if (keys.length !== correct.length) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${keys.length} group keys but ${correct.length} results`,
    );
  }
  const groups = new Map<string, { correct: number; total: number }>();
  keys.forEach((k, i) => {
    const g = groups.get(String(k)) ?? { correct: 0, total: 0 };
    g.total++;
    if (correct[i]) g.correct++;
    groups.set(String(k), g);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([key, g]) => ({ key, ...g, accuracy: g.correct / g.total }));
}

/** Recordings per group (speaker × digit counts, say) for describing a data set. */
export function countBy<T>(
  items: readonly T[],
  key: (item: T) => string | number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = String(key(item));
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** A plain-text table of group accuracies, worst first, for the CLI and logs. */
export function formatGroupAccuracy(title: string, rows: readonly GroupAccuracy[]): string {
  const width = Math.max(title.length, ...rows.map((r) => r.key.length));
  const lines = [...rows]
    .sort((a, b) => a.accuracy - b.accuracy || a.key.localeCompare(b.key))
    .map(
      (r) =>
        `${r.key.padEnd(width)}  ${(100 * r.accuracy).toFixed(1).padStart(5)}%  ${String(r.correct).padStart(4)}/${r.total}`,
    );
  return [`${title.padEnd(width)}  accuracy`, ...lines].join('\n');
}
