import { describe, expect, it } from 'vitest';
import { cleanText, tokenize } from '../src/tokenize';
import { Vocabulary } from '../src/vocabulary';

describe('tokenize (Kim 2014 clean_str)', () => {
  it.each([
    [
      "It's not the movie's fault, isn't it?",
      ['it', "'s", 'not', 'the', 'movie', "'s", 'fault', ',', 'is', "n't", 'it', '?'],
    ],
    [
      "We've seen it; they're great, I'd say we'll go!",
      [
        'we',
        "'ve",
        'seen',
        'it',
        'they',
        "'re",
        'great',
        ',',
        'i',
        "'d",
        'say',
        'we',
        "'ll",
        'go',
        '!',
      ],
    ],
    ['  A (very)   GOOD film...\t"really"  ', ['a', '(', 'very', ')', 'good', 'film', 'really']],
    ['simplistic , silly and tedious . ', ['simplistic', ',', 'silly', 'and', 'tedious']],
    ['Café au lait—2 stars', ['café', 'au', 'lait', '2', 'stars']],
    ['FREE entry!! Txt WIN to 87121', ['free', 'entry', '!', '!', 'txt', 'win', 'to', '87121']],
    ['', []],
    ['...', []],
  ])('%j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });

  it('cleanText collapses whitespace and lower-cases', () => {
    expect(cleanText("Don't  STOP\n\nme")).toBe("do n't stop me");
  });
});

describe('Vocabulary', () => {
  const sentences = [
    ['good', 'film', 'good'],
    ['bad', 'film'],
    ['good', 'plot', 'zebra'],
  ];

  it('puts <pad>=0, <unk>=1, then words by count (ties in code-point order)', () => {
    const v = Vocabulary.fromTokens(sentences);
    expect(v.words).toEqual(['<pad>', '<unk>', 'good', 'film', 'bad', 'plot', 'zebra']);
    expect(v.id('film')).toBe(3);
    expect(v.id('unseen')).toBe(1);
  });

  it('honours min count and the size cap', () => {
    expect(Vocabulary.fromTokens(sentences, { minCount: 2 }).words).toEqual([
      '<pad>',
      '<unk>',
      'good',
      'film',
    ]);
    expect(Vocabulary.fromTokens(sentences, { maxSize: 3 }).words).toEqual([
      '<pad>',
      '<unk>',
      'good',
    ]);
  });

  it('pads with 0 and truncates to maxLen (default 70)', () => {
    const v = Vocabulary.fromTokens(sentences);
    expect(Array.from(v.encode(['good', 'nope', 'film'], 5))).toEqual([2, 1, 3, 0, 0]);
    expect(Array.from(v.encode(['good', 'film', 'bad'], 2))).toEqual([2, 3]);
    expect(v.encode(['good'])).toHaveLength(70);
    expect(Array.from(v.encodeAll([['bad'], ['plot', 'good']], 2))).toEqual([4, 0, 5, 2]);
  });

  it('round-trips through JSON and rejects a malformed word list', () => {
    const v = Vocabulary.fromTokens(sentences);
    expect(new Vocabulary(JSON.parse(JSON.stringify(v))).words).toEqual(v.words);
    expect(() => new Vocabulary(['a', 'b'])).toThrow(/must start with '<pad>', '<unk>'/);
    expect(() => new Vocabulary(['<pad>', '<unk>', 'x', 'x'])).toThrow(/'x' appears twice/);
  });
});
