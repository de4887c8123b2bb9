import { DlError } from '@dl/core';
import { TEXTCNN_DEFAULTS } from './defaults';

export const PAD = '<pad>';
export const UNK = '<unk>';
export const PAD_ID = 0;
export const UNK_ID = 1;
/** Kim's sentences are at most 56 tokens (MR); the course seed padded to 70. */
export const DEFAULT_MAX_LEN = TEXTCNN_DEFAULTS.maxLen;

export interface VocabularyOptions {
  /** Words seen fewer times are left out (mapped to <unk>); default 1. */
  minCount?: number;
  /** At most this many entries including <pad> and <unk>; the most frequent words are kept. */
  maxSize?: number;
}

/**
 * Word ↔ id. Id 0 is <pad> and 1 is <unk>; the rest are the training split's words by
 * descending count, ties in code-point order so the same corpus always gives the same ids.
 * Built from the training split only: words first seen in validation/test must be <unk>, or
 * held-out scores are optimistic.
 */
export class Vocabulary {
  readonly words: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(words: readonly string[]) {
    if (words[PAD_ID] !== PAD || words[UNK_ID] !== UNK) {
      throw new DlError(
        'DATA_INVALID',
        `a vocabulary must start with '${PAD}', '${UNK}'; found '${words[0]}', '${words[1]}'`,
      );
    }
    const ids = new Map<string, number>();
    words.forEach((w, i) => {
      if (ids.has(w))
        throw new DlError('DATA_INVALID', `word '${w}' appears twice in the vocabulary`);
      ids.set(w, i);
    });
    this.words = [...words];
    this.ids = ids;
  }

  static fromTokens(
    sentences: Iterable<readonly string[]>,
    options: VocabularyOptions = {},
  ): Vocabulary {
    const { minCount = 1, maxSize = Number.POSITIVE_INFINITY } = options;
    if (maxSize < 2) throw new DlError('INVALID_ARGUMENT', `maxSize must be ≥ 2, got ${maxSize}`);
    const counts = new Map<string, number>();
    for (const tokens of sentences) {
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    counts.delete(PAD);
    counts.delete(UNK);
    const kept = [...counts]
      .filter(([, c]) => c >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxSize - 2)
      .map(([w]) => w);
    return new Vocabulary([PAD, UNK, ...kept]);
  }

  get size(): number {
    return this.words.length;
  }

  id(word: string): number {
    return this.ids.get(word) ?? UNK_ID;
  }

  has(word: string): boolean {
    return this.ids.has(word);
  }

  /** Token ids, truncated (the end is dropped) or right-padded with <pad> to `maxLen`. */
  encode(tokens: readonly string[], maxLen = DEFAULT_MAX_LEN): Int32Array {
    const out = new Int32Array(maxLen); // zero-filled: <pad>
    const n = Math.min(tokens.length, maxLen);
    for (let i = 0; i < n; i++) out[i] = this.id(tokens[i]);
    return out;
  }

  /** A [sentences × maxLen] id matrix, row-major, ready for tf.tensor2d(…, 'int32'). */
  encodeAll(sentences: readonly (readonly string[])[], maxLen = DEFAULT_MAX_LEN): Int32Array {
    const out = new Int32Array(sentences.length * maxLen);
    sentences.forEach((tokens, i) => out.set(this.encode(tokens, maxLen), i * maxLen));
    return out;
  }

  toJSON(): string[] {
    return [...this.words];
  }
}
