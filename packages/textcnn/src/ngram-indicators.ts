import type { SelectedTerms, TermSelection } from './terms';
import { ngrams } from './terms';
import type { SparseRow } from './tfidf';

/**
 * Binarised n-gram features (NB-SVM's x̂): which of the kept terms a sentence holds, each once.
 */
export class NgramIndicators {
  readonly terms: readonly string[];
  readonly maxNgram: 1 | 2;
  /** What minDf and maxFeatures kept and dropped (absent when loaded back from dl.json). */
  readonly selection?: TermSelection;
  private readonly index: Map<string, number>;

  constructor(terms: readonly string[], maxNgram: 1 | 2, selection?: TermSelection) {
    this.terms = [...terms];
    this.maxNgram = maxNgram;
    if (selection) this.selection = selection;
    this.index = new Map(this.terms.map((t, i) => [t, i]));
  }

  static of(selected: SelectedTerms, maxNgram: 1 | 2): NgramIndicators {
    return new NgramIndicators(selected.terms, maxNgram, selected.selection);
  }

  get size(): number {
    return this.terms.length;
  }

  /** The indices of the terms `tokens` hold, ascending, each once. */
  indicators(tokens: readonly string[]): Int32Array {
    const found = new Set<number>();
    for (const t of ngrams(tokens, this.maxNgram)) {
      const i = this.index.get(t);
      if (i !== undefined) found.add(i);
    }
    return Int32Array.from(found).sort();
  }

  /** The indicators as a sparse row of ones. */
  transform(tokens: readonly string[]): SparseRow {
    const indices = this.indicators(tokens);
    return { indices, values: new Float32Array(indices.length).fill(1) };
  }
}
