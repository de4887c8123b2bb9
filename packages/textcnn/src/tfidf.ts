import { DlError } from '@dl/core';
import { TFIDF_DEFAULTS } from './defaults';
import { ngrams, selectTerms, type TermSelection } from './terms';

export interface TfidfOptions {
  /** 1 = unigrams, 2 = unigrams and bigrams (default). */
  maxNgram?: 1 | 2;
  /** Terms in fewer training documents are dropped; default 1. */
  minDf?: number;
  /** Keep at most this many terms, the most frequent (by document frequency); default 500,000. */
  maxFeatures?: number;
}

export interface SparseRow {
  indices: Int32Array;
  values: Float32Array;
}

/**
 * TF-IDF as scikit-learn's TfidfVectorizer defaults: raw term counts × smooth idf
 * (ln((1 + n) / (1 + df)) + 1), each row scaled to unit L2 norm.
 */
export class TfidfVectorizer {
  readonly terms: readonly string[];
  readonly idf: Float32Array;
  readonly maxNgram: 1 | 2;
  /** What fit's minDf and maxFeatures kept and dropped (absent on a vectorizer loaded back). */
  readonly selection?: TermSelection;
  private readonly index: Map<string, number>;

  constructor(
    terms: readonly string[],
    idf: ArrayLike<number>,
    maxNgram: 1 | 2,
    selection?: TermSelection,
  ) {
    if (terms.length !== idf.length) {
      throw new DlError(
        'MODEL_INVALID',
        `${terms.length} TF-IDF terms but ${idf.length} idf weights`,
      );
    }
    this.terms = [...terms];
    this.idf = Float32Array.from(idf);
    this.maxNgram = maxNgram;
    if (selection) this.selection = selection;
    this.index = new Map(this.terms.map((t, i) => [t, i]));
  }

  static fit(
    documents: readonly (readonly string[])[],
    options: TfidfOptions = {},
  ): TfidfVectorizer {
    const {
      maxNgram = TFIDF_DEFAULTS.maxNgram,
      minDf = TFIDF_DEFAULTS.minDf,
      maxFeatures = TFIDF_DEFAULTS.maxFeatures,
    } = options;
    if (!documents.length)
      throw new DlError('DATA_INVALID', 'TF-IDF needs at least one training sentence');
    const n = documents.length;
    const { terms, df, selection } = selectTerms(documents, { maxNgram, minDf, maxFeatures });
    return new TfidfVectorizer(
      terms,
      df.map((d) => Math.log((1 + n) / (1 + d)) + 1),
      maxNgram,
      selection,
    );
  }

  get size(): number {
    return this.terms.length;
  }

  transform(tokens: readonly string[]): SparseRow {
    const counts = new Map<number, number>();
    for (const t of ngrams(tokens, this.maxNgram)) {
      const i = this.index.get(t);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const values = Float32Array.from(indices, (i) => counts.get(i)! * this.idf[i]);
    let norm = 0;
    for (const v of values) norm += v * v;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { indices, values };
  }

  /** Row-major [documents × terms], for a tf model's input. */
  transformDense(documents: readonly (readonly string[])[]): Float32Array {
    const out = new Float32Array(documents.length * this.size);
    documents.forEach((doc, r) => {
      const { indices, values } = this.transform(doc);
      indices.forEach((i, k) => {
        out[r * this.size + i] = values[k];
      });
    });
    return out;
  }
}
