/**
 * The n-gram vocabulary of the linear baselines (TF-IDF + LR, NB-SVM): every unigram (and
 * bigram) of the training sentences seen in at least `minDf` of them, then at most
 * `maxFeatures` of those, the most frequent first. What each rule dropped is counted, so that a
 * cap never cuts silently.
 */

/** What the term rules kept and dropped. */
export interface TermSelection {
  /** Distinct n-grams of the training sentences. */
  candidates: number;
  /** Dropped for being in fewer than minDf sentences. */
  belowMinDf: number;
  /** Dropped by the maxFeatures cap (the least frequent; ties: the later in code-point order). */
  overCap: number;
  /** Terms kept: candidates − belowMinDf − overCap. */
  kept: number;
}

export interface SelectedTerms {
  /** In code-point order. */
  terms: string[];
  /** Training sentences holding each term. */
  df: number[];
  selection: TermSelection;
}

/** Unigrams and (optionally) bigrams joined by a space. */
export function ngrams(tokens: readonly string[], maxNgram: 1 | 2): string[] {
  const out = [...tokens];
  if (maxNgram === 2)
    for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The terms of `documents` under the minDf and maxFeatures rules, with what they dropped. */
export function selectTerms(
  documents: readonly (readonly string[])[],
  o: { maxNgram: 1 | 2; minDf: number; maxFeatures: number },
): SelectedTerms {
  const counts = new Map<string, number>();
  for (const doc of documents)
    for (const t of new Set(ngrams(doc, o.maxNgram))) counts.set(t, (counts.get(t) ?? 0) + 1);
  const frequent = [...counts].filter(([, d]) => d >= o.minDf);
  const kept = frequent
    .sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))
    .slice(0, o.maxFeatures)
    .sort((a, b) => byCodePoint(a[0], b[0]));
  return {
    terms: kept.map(([t]) => t),
    df: kept.map(([, d]) => d),
    selection: {
      candidates: counts.size,
      belowMinDf: counts.size - frequent.length,
      overCap: frequent.length - kept.length,
      kept: kept.length,
    },
  };
}

/** "kept 9,000 of 12,000 n-grams (2,000 below minDf 2, 1,000 over the cap of 9,000)". */
export function describeSelection(s: TermSelection, minDf: number, maxFeatures: number): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const dropped = [
    ...(s.belowMinDf ? [`${n(s.belowMinDf)} in fewer than minDf ${minDf} sentences`] : []),
    ...(s.overCap ? [`${n(s.overCap)} over the maxFeatures cap of ${n(maxFeatures)}`] : []),
  ];
  return `${n(s.kept)} of ${n(s.candidates)} n-grams${dropped.length ? ` (dropped ${dropped.join(', ')})` : ''}`;
}
