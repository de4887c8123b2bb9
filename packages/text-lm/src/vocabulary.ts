import { DlError } from '@dl/core';

export const PAD = '<pad>';
export const UNK = '<unk>';
export const BOS = '<s>';
export const EOS = '</s>';
export const PAD_ID = 0;
export const UNK_ID = 1;
export const BOS_ID = 2;
export const EOS_ID = 3;
const SPECIALS = [PAD, UNK, BOS, EOS] as const;

/**
 * Default size cap, the 4 special tokens included. Penn Treebank's training split has 10,000
 * word types with `<unk>`: they all fit.
 */
export const DEFAULT_MAX_VOCAB = 10_004;

export interface LmVocabularyOptions {
  /** At most this many entries, the 4 special tokens included; the most frequent words stay. */
  maxSize?: number;
  /** Words seen fewer times in the training split become `<unk>`; default 1. */
  minCount?: number;
}

/**
 * Word ↔ id for language models. Ids 0–3 are `<pad>`, `<unk>`, `<s>`, `</s>`; the rest are the
 * training split's words by descending count, ties in code-point order, so a corpus always gives
 * the same ids. PTB writes rare words as a literal `<unk>`, which is the `<unk>` id here.
 * Built from the training split only, so held-out words it lacks are scored as `<unk>`.
 */
export class LmVocabulary {
  readonly words: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(words: readonly string[]) {
    SPECIALS.forEach((s, i) => {
      if (words[i] !== s) {
        throw new DlError(
          'DATA_INVALID',
          `a language-model vocabulary starts with ${SPECIALS.join(', ')}; entry ${i} is '${words[i]}'`,
        );
      }
    });
    const ids = new Map<string, number>();
    words.forEach((w, i) => {
      if (ids.has(w)) {
        throw new DlError('DATA_INVALID', `word '${w}' appears twice in the vocabulary`);
      }
      ids.set(w, i);
    });
    this.words = [...words];
    this.ids = ids;
  }

  static fromSentences(
    sentences: Iterable<readonly string[]>,
    options: LmVocabularyOptions = {},
  ): LmVocabulary {
    const { maxSize = DEFAULT_MAX_VOCAB, minCount = 1 } = options;
    if (!Number.isInteger(maxSize) || maxSize < SPECIALS.length + 1) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `the vocabulary size cap must be an integer ≥ ${SPECIALS.length + 1} (4 special tokens and a word), got ${maxSize}`,
      );
    }
    const counts = new Map<string, number>();
    for (const tokens of sentences) {
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    for (const s of SPECIALS) counts.delete(s);
    const kept = [...counts]
      .filter(([, c]) => c >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxSize - SPECIALS.length)
      .map(([w]) => w);
    return new LmVocabulary([...SPECIALS, ...kept]);
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

  word(id: number): string {
    const w = this.words[id];
    if (w === undefined) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `token id ${id} is outside the vocabulary (0…${this.size - 1})`,
      );
    }
    return w;
  }

  toJSON(): string[] {
    return [...this.words];
  }
}
