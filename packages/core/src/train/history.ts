/** Training history: metric name → one value per epoch. */
export type History = Record<string, number[]>;

/** Appends each named value (one epoch's, or several epochs') to the history. */
export function appendHistory(
  history: History,
  values: Record<string, number | number[]>,
): History {
  for (const [k, v] of Object.entries(values)) {
    if (!history[k]) history[k] = [];
    history[k].push(...(Array.isArray(v) ? v : [v]));
  }
  return history;
}
