import type { PersonAccuracy } from './task';

/** Accuracy of every person, in the order of `people`; people with no test image are left out. */
export function accuracyByPerson(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  people: readonly string[],
): PersonAccuracy[] {
  const correct = new Array<number>(people.length).fill(0);
  const total = new Array<number>(people.length).fill(0);
  for (let i = 0; i < truth.length; i++) {
    total[truth[i]]++;
    if (truth[i] === predicted[i]) correct[truth[i]]++;
  }
  return people.flatMap((person, k) =>
    total[k] === 0
      ? []
      : [{ person, correct: correct[k], total: total[k], accuracy: correct[k] / total[k] }],
  );
}

/** A per-person table, worst first: "person  correct/total  accuracy". */
export function formatPersonAccuracy(rows: readonly PersonAccuracy[]): string {
  const width = Math.max(6, ...rows.map((r) => r.person.length));
  const sorted = [...rows].sort(
    (a, b) => a.accuracy - b.accuracy || (a.person < b.person ? -1 : 1),
  );
  return [
    `${'person'.padEnd(width)}  correct  accuracy`,
    ...sorted.map(
      (r) =>
        `${r.person.padEnd(width)}  ${`${r.correct}/${r.total}`.padStart(7)}  ${r.accuracy.toFixed(3).padStart(8)}`,
    ),
  ].join('\n');
}
