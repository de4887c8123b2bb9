import { DlError } from '@dl/core';
import { TFIDF_DEFAULTS } from './defaults';

export interface TfidfOptions {
  /** 1 = unigrams, 2 = unigrams and bigrams (default). */
  maxNgram?: 1 | 2;
  /** Terms in fewer training documents are dropped; default 1. */
  minDf?: number;
  /** Keep the most frequent terms (by document frequency); default 50,000. */
  maxFeatures?: number;
}

export interface SparseRow {
  indices: Int32Array;
  values: Float32Array;
}

/** Unigrams and (optionally) bigrams joined by a space. */
export function ngrams(tokens: readonly string[], maxNgram: 1 | 2): string[] {
  const out = [...tokens];
  if (maxNgram === 2)
    for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

/**
 * TF-IDF as scikit-learn's TfidfVectorizer defaults: raw term counts × smooth idf
 * (ln((1 + n) / (1 + df)) + 1), each row scaled to unit L2 norm.
 */
export class TfidfVectorizer {
  readonly terms: readonly string[];
  readonly idf: Float32Array;
  readonly maxNgram: 1 | 2;
  private readonly index: Map<string, number>;

  constructor(terms: readonly string[], idf: ArrayLike<number>, maxNgram: 1 | 2) {
    if (terms.length !== idf.length) {
      throw new DlError(
        'MODEL_INVALID',
        `${terms.length} TF-IDF terms but ${idf.length} idf weights`,
      );
    }
    this.terms = [...terms];
    this.idf = Float32Array.from(idf);
    this.maxNgram = maxNgram;
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
    const df = new Map<string, number>();
    for (const doc of documents)
      for (const t of new Set(ngrams(doc, maxNgram))) df.set(t, (df.get(t) ?? 0) + 1);
    const kept = [...df]
      .filter(([, d]) => d >= minDf)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxFeatures);
    kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const n = documents.length;
    return new TfidfVectorizer(
      kept.map(([t]) => t),
      kept.map(([, d]) => Math.log((1 + n) / (1 + d)) + 1),
      maxNgram,
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
