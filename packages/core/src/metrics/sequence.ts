import { checkNonEmpty, checkSameLength } from './validate';

export interface SequenceAccuracyOptions<T> {
  /**
   * A padding value removed from both sequences before comparing. Removed everywhere, not
   * just at the end, and from the prediction too: a prediction that emits a real token where
   * the truth has padding is wrong, which masking the truth's padded positions would hide.
   */
  padToken?: T;
}

/**
 * Fraction of sequences predicted exactly: same length and the same item at every position
 * (after removing `padToken`). The whole-plate / whole-captcha accuracy, stricter than
 * per-character accuracy.
 */
export function sequenceAccuracy<T>(
  yTrue: ArrayLike<T>[],
  yPred: ArrayLike<T>[],
  options: SequenceAccuracyOptions<T> = {},
): number {
  const where = 'sequenceAccuracy';
  checkNonEmpty(where, 'yTrue', yTrue);
  checkSameLength(where, 'yTrue', yTrue, 'yPred', yPred);
  const strip = (s: ArrayLike<T>): T[] => {
    const items = Array.from(s);
    return 'padToken' in options ? items.filter((x) => x !== options.padToken) : items;
  };
  let exact = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = strip(yTrue[i]);
    const p = strip(yPred[i]);
    if (t.length === p.length && t.every((x, j) => x === p[j])) exact++;
  }
  return exact / yTrue.length;
}
