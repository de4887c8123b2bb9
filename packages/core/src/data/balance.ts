export interface ClassBalance {
  total: number;
  counts: number[];
  fractions: number[];
  /** Largest class count ÷ smallest non-empty class count (1 = balanced). */
  imbalanceRatio: number;
  /** Class indices with no samples. */
  empty: number[];
}

/** How the samples spread over the classes; shown before training and saved with the run. */
export function classBalance(labels: ArrayLike<number>, numClasses: number): ClassBalance {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const nonEmpty = counts.filter((c) => c > 0);
  return {
    total: labels.length,
    counts,
    fractions: counts.map((c) => (labels.length ? c / labels.length : 0)),
    imbalanceRatio: nonEmpty.length ? Math.max(...nonEmpty) / Math.min(...nonEmpty) : 0,
    empty: counts.flatMap((c, i) => (c === 0 ? [i] : [])),
  };
}

export function formatClassBalance(b: ClassBalance, names?: readonly string[]): string {
  const width = Math.max(5, ...(names ?? []).map((n) => n.length));
  const rows = b.counts.map((c, i) => {
    const bar = '█'.repeat(Math.round(b.fractions[i] * 40));
    return `${(names?.[i] ?? String(i)).padEnd(width)} ${String(c).padStart(7)} ${(b.fractions[i] * 100).toFixed(1).padStart(5)}% ${bar}`;
  });
  const notes = [`${b.total} samples, imbalance ratio ${b.imbalanceRatio.toFixed(2)}`];
  if (b.empty.length)
    notes.push(`no samples for ${b.empty.map((i) => names?.[i] ?? i).join(', ')}`);
  return [...rows, ...notes].join('\n');
}
