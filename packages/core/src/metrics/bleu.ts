import { checkNonEmpty, checkSameLength, fail } from './validate';

/**
 * NLTK `SmoothingFunction` methods (Chen & Cherry 2014):
 * - `method0`: none. Any zero n-gram precision makes BLEU 0.
 * - `method1`: a zero-count numerator becomes `epsilon` (default 0.1).
 * - `method4`: the i-th zero-count numerator (i = 1, 2, …) becomes
 *   `ln(hypLength) / (2^i · k)` (default k = 5), hypLength being the corpus hypothesis length.
 */
export type BleuSmoothing = 'method0' | 'method1' | 'method4';

export interface BleuOptions {
  /** Highest n-gram order N; BLEU-N uses weights 1/N. Default 4. */
  maxOrder?: number;
  smoothing?: BleuSmoothing;
  /** method1's added count. Default 0.1, as NLTK. */
  epsilon?: number;
  /** method4's k. Default 5, as NLTK. */
  k?: number;
}

export interface BleuResult {
  /** BLEU-N for N = maxOrder. */
  bleu: number;
  /** `cumulative[n - 1]` is BLEU-n (weights 1/n on orders 1..n), so BLEU-1..4 come in one pass. */
  cumulative: number[];
  /** Pooled modified n-gram precisions `matches / totals`, n = 1..N, before smoothing. */
  precisions: number[];
  /** Clipped n-gram matches summed over the corpus, n = 1..N. */
  matches: number[];
  /** Hypothesis n-gram counts summed over the corpus, each sentence counting at least 1. */
  totals: number[];
  brevityPenalty: number;
  /** Total hypothesis tokens (c). */
  hypLength: number;
  /** Total closest-reference tokens (r). */
  refLength: number;
}

/**
 * Corpus BLEU exactly as NLTK's `corpus_bleu` with uniform weights: modified n-gram precision
 * (hypothesis counts clipped by the max count in any one reference), numerators and
 * denominators pooled over the corpus before dividing, brevity penalty `exp(1 - r/c)` when
 * c <= r, with r the sum of each hypothesis' closest reference length (ties to the shorter),
 * and the geometric mean of the precisions.
 *
 * NLTK quirks reproduced on purpose, so scores match it: a sentence shorter than n still adds 1
 * to the order-n denominator (NLTK's `max(1, count)`), and BLEU is 0 whenever no unigram
 * matches, whatever the smoothing; a precision still 0 after smoothing (`method4` leaves them when
 * the corpus is one token long) is left out of the geometric mean, as NLTK 3.8's
 * `if p_i > 0` does, so such a corpus scores its brevity penalty. One difference: with
 * `method0` NLTK substitutes the smallest float for a zero precision and returns ~1e-77 rather
 * than 0.
 *
 * Input is tokenised: `references[i]` is the list of reference token arrays for
 * `hypotheses[i]` (same order as NLTK: references first).
 */
export function corpusBleu(
  references: string[][][],
  hypotheses: string[][],
  options: BleuOptions = {},
): BleuResult {
  const where = 'corpusBleu';
  const maxOrder = options.maxOrder ?? 4;
  const smoothing = options.smoothing ?? 'method0';
  const epsilon = options.epsilon ?? 0.1;
  const k = options.k ?? 5;
  if (!Number.isInteger(maxOrder) || maxOrder < 1) {
    fail(where, `maxOrder must be a positive integer, found ${maxOrder}`);
  }
  if (!['method0', 'method1', 'method4'].includes(smoothing)) {
    fail(where, `smoothing must be 'method0', 'method1' or 'method4', found '${smoothing}'`);
  }
  if (!(epsilon > 0 && Number.isFinite(epsilon))) {
    fail(where, `epsilon must be > 0, found ${epsilon}`);
  }
  if (!(k > 0 && Number.isFinite(k))) fail(where, `k must be > 0, found ${k}`);
  checkNonEmpty(where, 'hypotheses', hypotheses);
  checkSameLength(where, 'references', references, 'hypotheses', hypotheses);

  const matches = new Array<number>(maxOrder).fill(0);
  const totals = new Array<number>(maxOrder).fill(0);
  let hypLength = 0;
  let refLength = 0;
  for (let s = 0; s < hypotheses.length; s++) {
    const hyp = hypotheses[s];
    const refs = references[s];
    checkTokens(where, `hypotheses[${s}]`, hyp);
    if (!Array.isArray(refs) || refs.length === 0) {
      fail(where, `references[${s}] has no reference; expected at least one token array`);
    }
    for (let j = 0; j < refs.length; j++) checkTokens(where, `references[${s}][${j}]`, refs[j]);
    for (let n = 1; n <= maxOrder; n++) {
      const hypCounts = countNgrams(hyp, n);
      const maxRefCounts = new Map<string, number>();
      for (const ref of refs) {
        for (const [gram, count] of countNgrams(ref, n)) {
          if (hypCounts.has(gram) && count > (maxRefCounts.get(gram) ?? 0)) {
            maxRefCounts.set(gram, count);
          }
        }
      }
      let clipped = 0;
      let count = 0;
      for (const [gram, c] of hypCounts) {
        clipped += Math.min(c, maxRefCounts.get(gram) ?? 0);
        count += c;
      }
      matches[n - 1] += clipped;
      totals[n - 1] += Math.max(1, count);
    }
    hypLength += hyp.length;
    refLength += closestRefLength(refs, hyp.length);
  }

  const brevityPenalty = brevityPenaltyOf(refLength, hypLength);
  const precisions = matches.map((m, i) => m / totals[i]);
  const smoothed = smooth(matches, totals, smoothing, epsilon, k, hypLength);
  const cumulative: number[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    cumulative.push(
      geometricBleu(matches[0], smoothed.slice(0, n), brevityPenalty, smoothing !== 'method0'),
    );
  }
  return {
    bleu: cumulative[maxOrder - 1],
    cumulative,
    precisions,
    matches,
    totals,
    brevityPenalty,
    hypLength,
    refLength,
  };
}

/** BLEU of one hypothesis: `corpusBleu([references], [hypothesis])`, as NLTK's `sentence_bleu`. */
export function sentenceBleu(
  references: string[][],
  hypothesis: string[],
  options: BleuOptions = {},
): BleuResult {
  return corpusBleu([references], [hypothesis], options);
}

function checkTokens(where: string, name: string, tokens: unknown): void {
  if (!Array.isArray(tokens)) {
    fail(
      where,
      `${name} is ${typeof tokens}; expected an array of tokens (split sentences into words first)`,
    );
  }
}

/** n-gram counts; the key is exact for any token text (JSON of the token slice). */
function countNgrams(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? tokens[i] : JSON.stringify(tokens.slice(i, i + n));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function closestRefLength(refs: string[][], hypLen: number): number {
  let best = refs[0].length;
  for (const ref of refs) {
    const d = Math.abs(ref.length - hypLen);
    const bestD = Math.abs(best - hypLen);
    if (d < bestD || (d === bestD && ref.length < best)) best = ref.length;
  }
  return best;
}

function brevityPenaltyOf(refLength: number, hypLength: number): number {
  if (hypLength > refLength) return 1;
  if (hypLength === 0) return 0;
  return Math.exp(1 - refLength / hypLength);
}

/** Smoothed precisions; a 0 left in the result means "this order has no match". */
function smooth(
  matches: number[],
  totals: number[],
  smoothing: BleuSmoothing,
  epsilon: number,
  k: number,
  hypLength: number,
): number[] {
  let zeroIndex = 1; // method4's counter over zero-match orders, NLTK's `incvnt`
  return matches.map((m, i) => {
    if (m !== 0) return m / totals[i];
    if (smoothing === 'method1') return epsilon / totals[i];
    if (smoothing === 'method4' && hypLength > 1) {
      const numerator = Math.log(hypLength) / (2 ** zeroIndex * k);
      zeroIndex++;
      return numerator / totals[i];
    }
    return 0;
  });
}

function geometricBleu(
  unigramMatches: number,
  precisions: number[],
  bp: number,
  skipZeros: boolean,
): number {
  // NLTK returns 0 before smoothing when nothing matches at all.
  if (unigramMatches === 0) return 0;
  // Unsmoothed, a zero precision zeroes BLEU; smoothed, NLTK 3.8 drops the order from the sum.
  if (!skipZeros && precisions.some((p) => p === 0)) return 0;
  const weight = 1 / precisions.length; // NLTK's uniform weights, applied the same way
  let logSum = 0;
  for (const p of precisions) if (p > 0) logSum += weight * Math.log(p);
  return bp * Math.exp(logSum);
}
