import { isDlError } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { BOS_ID, EOS_ID, LmVocabulary, PAD_ID, UNK_ID } from '../src/vocabulary';

describe('LmVocabulary', () => {
  const sentences = [
    ['the', 'cat', 'sat'],
    ['the', 'dog', '<unk>', 'sat'],
    ['a', 'cat'],
  ];

  it('puts <pad> <unk> <s> </s> first, then words by count, ties in code-point order', () => {
    const v = LmVocabulary.fromSentences(sentences);
    // counts: the 2, cat 2, sat 2, dog 1, a 1 (PTB's literal <unk> is the <unk> id, not a word)
    expect(v.words).toEqual(['<pad>', '<unk>', '<s>', '</s>', 'cat', 'sat', 'the', 'a', 'dog']);
    expect([PAD_ID, UNK_ID, BOS_ID, EOS_ID]).toEqual([0, 1, 2, 3]);
    expect(v.id('the')).toBe(6);
    expect(v.id('<unk>')).toBe(UNK_ID);
    expect(v.id('zebra')).toBe(UNK_ID);
    expect(v.word(4)).toBe('cat');
  });

  it('caps the size (specials included), keeping the most frequent words', () => {
    const v = LmVocabulary.fromSentences(sentences, { maxSize: 6 });
    expect(v.words).toEqual(['<pad>', '<unk>', '<s>', '</s>', 'cat', 'sat']);
    expect(v.id('the')).toBe(UNK_ID);
    expect(LmVocabulary.fromSentences(sentences, { minCount: 2 }).size).toBe(7);
    expect(() => LmVocabulary.fromSentences(sentences, { maxSize: 4 })).toThrow(/≥ 5/);
  });

  it('round-trips through JSON and rejects a list without the specials or with duplicates', () => {
    const v = LmVocabulary.fromSentences(sentences);
    expect(new LmVocabulary(v.toJSON()).words).toEqual(v.words);
    try {
      new LmVocabulary(['<pad>', '<unk>', 'x']);
      expect.unreachable();
    } catch (e) {
      expect(isDlError(e, 'DATA_INVALID')).toBe(true);
      expect((e as Error).message).toMatch(/starts with <pad>, <unk>, <s>, <\/s>; entry 2 is 'x'/);
    }
    expect(() => new LmVocabulary(['<pad>', '<unk>', '<s>', '</s>', 'a', 'a'])).toThrow(/twice/);
    expect(() => v.word(99)).toThrow(/outside the vocabulary/);
  });
});
