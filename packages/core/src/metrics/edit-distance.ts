import { checkNonEmpty, checkSameLength, fail } from './validate';

/**
 * Levenshtein distance: the fewest insertions, deletions and substitutions (each cost 1) that
 * turn `a` into `b`. Works on any sequence compared with `===`: token arrays, id arrays, or
 * strings (UTF-16 code units; use `characterErrorRate` for code points). O(|a|·|b|) time,
 * O(|b|) memory.
 */
export function levenshtein<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // prev[j] = distance between a[0..i) and b[0..j); one row is enough.
  let prev = new Array<number>(b.length + 1);
  let curr = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const substitution = prev[j - 1] + (ai === b[j - 1] ? 0 : 1);
      curr[j] = Math.min(substitution, prev[j] + 1, curr[j - 1] + 1);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length];
}

/**
 * Corpus character error rate: total edit distance / total reference characters, so long
 * references weigh more than short ones (not a mean of per-line rates). Characters are Unicode
 * code points, so an emoji or astral-plane letter counts once. Can exceed 1 when hypotheses
 * are longer than references.
 */
export function characterErrorRate(references: string[], hypotheses: string[]): number {
  const where = 'characterErrorRate';
  checkCorpus(where, references, hypotheses, 'string');
  return errorRate(
    where,
    references.map((r) => Array.from(r)),
    hypotheses.map((h) => Array.from(h)),
  );
}

/**
 * Corpus word error rate on tokenised text: total token edit distance / total reference
 * tokens. Tokenise both sides the same way (e.g. `s.split(/\s+/)`).
 */
export function wordErrorRate(references: string[][], hypotheses: string[][]): number {
  const where = 'wordErrorRate';
  checkCorpus(where, references, hypotheses, 'array');
  return errorRate(where, references, hypotheses);
}

function checkCorpus(
  where: string,
  references: unknown[],
  hypotheses: unknown[],
  kind: 'string' | 'array',
): void {
  checkNonEmpty(where, 'references', references);
  checkSameLength(where, 'references', references, 'hypotheses', hypotheses);
  const ok = (x: unknown) => (kind === 'string' ? typeof x === 'string' : Array.isArray(x));
  const expected = kind === 'string' ? 'a string' : 'an array of tokens';
  for (const [name, list] of [
    ['references', references],
    ['hypotheses', hypotheses],
  ] as const) {
    list.forEach((x, i) => {
      if (!ok(x)) fail(where, `${name}[${i}] is ${typeof x}; expected ${expected}`);
    });
  }
}

function errorRate<T>(where: string, references: T[][], hypotheses: T[][]): number {
  let edits = 0;
  let length = 0;
  for (let i = 0; i < references.length; i++) {
    edits += levenshtein(references[i], hypotheses[i]);
    length += references[i].length;
  }
  if (length === 0) fail(where, 'all references are empty; the error rate is undefined');
  return edits / length;
}
