import { describe, expect, it } from 'vitest';
import { corpusBleu, sentenceBleu } from '../src/metrics';
import { expectInvalid } from './helpers/expect-invalid';

const tok = (s: string) => s.split(' ');

describe('corpusBleu: modified precision', () => {
  // NLTK's doc example: 'the' is clipped by its max count in any one reference.
  const refs = [tok('the cat is on the mat'), tok('there is a cat on the mat')];
  const hyp = tok('the the the the the the the');
  // unigrams: 'the' ×7 in the hypothesis; ref 1 has 2, ref 2 has 1 -> clip at 2 -> 2/7
  // bigrams:  'the the' ×6, in no reference -> 0/6; trigrams 0/5; 4-grams 0/4
  // lengths:  c = 7; references 6 and 7, closest is 7 -> r = 7; c <= r -> BP = exp(1 - 7/7) = 1

  it('clips counts to the max reference count (2/7)', () => {
    const r = sentenceBleu(refs, hyp);
    expect(r.matches).toEqual([2, 0, 0, 0]);
    expect(r.totals).toEqual([7, 6, 5, 4]);
    expect(r.precisions[0]).toBeCloseTo(2 / 7, 15);
    expect(r.brevityPenalty).toBe(1);
    expect([r.hypLength, r.refLength]).toEqual([7, 7]);
    // BLEU-1 = BP · p1 = 2/7; any BLEU-n with n >= 2 has a zero precision -> 0 without smoothing
    expect(r.cumulative[0]).toBeCloseTo(2 / 7, 15);
    expect(r.cumulative.slice(1)).toEqual([0, 0, 0]);
    expect(r.bleu).toBe(0);
  });

  it('method1 replaces zero numerators by epsilon = 0.1', () => {
    const r = sentenceBleu(refs, hyp, { smoothing: 'method1' });
    // BLEU-2 = (2/7 · 0.1/6)^(1/2) = (1/210)^(1/2)
    expect(r.cumulative[1]).toBeCloseTo(Math.sqrt(1 / 210), 12);
    // BLEU-4 = (2/7 · 0.1/6 · 0.1/5 · 0.1/4)^(1/4) = (0.002/840)^(1/4) = (1/420000)^(1/4) ≈ 0.0393
    expect(r.bleu).toBeCloseTo((1 / 420000) ** 0.25, 12);
    // a custom epsilon 0.5: BLEU-2 = (2/7 · 0.5/6)^(1/2) = (1/42)^(1/2)
    expect(
      sentenceBleu(refs, hyp, { smoothing: 'method1', epsilon: 0.5 }).cumulative[1],
    ).toBeCloseTo(Math.sqrt(1 / 42), 12);
  });

  it('method4 gives the i-th zero order ln(c) / (2^i · k) matches, k = 5', () => {
    // c = 7: order 2 -> ln7/10 over 6, order 3 -> ln7/20 over 5, order 4 -> ln7/40 over 4
    // BLEU-4 = (2/7 · ln7/60 · ln7/100 · ln7/160)^(1/4) = (2/7 · ln³7 / 960000)^(1/4)
    const r = sentenceBleu(refs, hyp, { smoothing: 'method4' });
    expect(r.bleu).toBeCloseTo((((2 / 7) * Math.log(7) ** 3) / 960000) ** 0.25, 12);
    // BLEU-2 = (2/7 · ln7/60)^(1/2)
    expect(r.cumulative[1]).toBeCloseTo(Math.sqrt(((2 / 7) * Math.log(7)) / 60), 12);
  });

  it('clips per reference, not by the sum over references', () => {
    // hyp 'the cat the cat'; refs 'the cat sat', 'the the cat'
    // unigrams: the ×2 (max over refs max(1, 2) = 2), cat ×2 (max(1, 1) = 1) -> 3/4
    //           (summing the references would allow cat ×2 -> 4/4)
    // bigrams:  'the cat' ×2 (max 1), 'cat the' ×1 (max 0) -> 1/3
    // c = 4, r = 3 -> BP 1; BLEU-2 = (3/4 · 1/3)^(1/2) = 1/2
    const r = sentenceBleu([tok('the cat sat'), tok('the the cat')], tok('the cat the cat'), {
      maxOrder: 2,
    });
    expect(r.matches).toEqual([3, 1]);
    expect(r.totals).toEqual([4, 3]);
    expect(r.bleu).toBeCloseTo(0.5, 15);
  });

  it('reproduces the NLTK doctest sentence_bleu value 0.4118…', () => {
    const ref = tok(
      'It is a guide to action that ensures that the military will forever heed Party commands',
    );
    const hyp1 = tok(
      'It is a guide to action which ensures that the military always obeys the commands of the party',
    );
    // 1-grams 11/18: unmatched which, always, obeys, of, party (≠ Party) and 2 of the 3 'the'
    // 2-grams 8/17: It is, is a, a guide, guide to, to action, ensures that, that the, the military
    // 3-grams 6/16: It is a, is a guide, a guide to, guide to action, ensures that the,
    //               that the military
    // 4-grams 4/15: It is a guide, is a guide to, a guide to action, ensures that the military
    // c = 18 > r = 16 -> BP 1
    // BLEU = (11/18 · 8/17 · 6/16 · 4/15)^(1/4) = 0.028758^(1/4) ≈ 0.41180
    const r = sentenceBleu([ref], hyp1);
    expect(r.matches).toEqual([11, 8, 6, 4]);
    expect(r.totals).toEqual([18, 17, 16, 15]);
    expect(r.brevityPenalty).toBe(1);
    expect(r.bleu).toBeCloseTo(((11 / 18) * (8 / 17) * (6 / 16) * (4 / 15)) ** 0.25, 12);
    expect(r.bleu).toBeCloseTo(0.4118, 4);
  });
});

describe('corpusBleu: brevity penalty', () => {
  // hyp 'the cat sat' (c = 3) vs ref 'the cat sat on the mat' (r = 6)
  // precisions 3/3, 2/2, 1/1; 4-grams: none in a 3-token hypothesis, but NLTK still counts
  // a denominator of max(1, 0) = 1 -> 0/1
  // BP = exp(1 - r/c) = exp(1 - 6/3) = e^-1
  const refs = [[tok('the cat sat on the mat')]];
  const hyps = [tok('the cat sat')];

  it('applies exp(1 - r/c) when the hypothesis is shorter', () => {
    const r = corpusBleu(refs, hyps);
    expect(r.totals).toEqual([3, 2, 1, 1]);
    expect(r.matches).toEqual([3, 2, 1, 0]);
    expect(r.brevityPenalty).toBeCloseTo(Math.exp(-1), 15);
    // BLEU-1..3 = e^-1 · 1; BLEU-4 has p4 = 0 -> 0
    expect(r.cumulative[0]).toBeCloseTo(Math.exp(-1), 15);
    expect(r.cumulative[2]).toBeCloseTo(Math.exp(-1), 15);
    expect(r.bleu).toBe(0);
  });

  it('smooths the empty 4-gram order', () => {
    // method1: p4 = 0.1/1 -> BLEU-4 = e^-1 · (1·1·1·0.1)^(1/4) ≈ 0.3679 · 0.5623 ≈ 0.2069
    expect(corpusBleu(refs, hyps, { smoothing: 'method1' }).bleu).toBeCloseTo(
      Math.exp(-1) * 0.1 ** 0.25,
      12,
    );
    // method4: c = 3, p4 = (ln3 / (2·5)) / 1 -> BLEU-4 = e^-1 · (ln3/10)^(1/4)
    expect(corpusBleu(refs, hyps, { smoothing: 'method4' }).bleu).toBeCloseTo(
      Math.exp(-1) * (Math.log(3) / 10) ** 0.25,
      12,
    );
  });

  it('method4 on a one-token corpus scores its brevity penalty, as NLTK 3.8 does', () => {
    // One hypothesis of one token: method4 needs ln(c) with c = 1 and leaves the empty orders at
    // 0; NLTK 3.8 drops them from the mean (`if p_i > 0`), so BLEU = BP · p1^(1/4) = BP.
    // NLTK 3.8: corpus_bleu([[['the','cat']]], [['the']], smoothing_function=method4) = e^-1;
    // [[['the','cat','sat']]] vs [['cat']] = e^-2; [[['the']]] vs [['the']] = 1.
    expect(sentenceBleu([tok('the cat')], tok('the'), { smoothing: 'method4' }).bleu).toBeCloseTo(
      Math.exp(-1),
      15,
    );
    expect(
      sentenceBleu([tok('the cat sat')], tok('cat'), { smoothing: 'method4' }).bleu,
    ).toBeCloseTo(Math.exp(-2), 15);
    expect(sentenceBleu([tok('the')], tok('the'), { smoothing: 'method4' }).bleu).toBe(1);
    // Unsmoothed, the empty orders still zero it (NLTK: ~1e-77).
    expect(sentenceBleu([tok('the cat')], tok('the')).bleu).toBe(0);
  });

  it('takes the closest reference length, ties going to the shorter', () => {
    // c = 4; references of 3 and 5 tokens are both 1 away -> r = 3 < c -> BP = 1
    // (ties to the longer would give r = 5, BP = exp(1 - 5/4) = e^-0.25)
    const hyp = tok('a b c d');
    for (const refs2 of [
      [tok('a b c'), tok('a b c d e')],
      [tok('a b c d e'), tok('a b c')],
    ]) {
      const r = sentenceBleu(refs2, hyp, { maxOrder: 1 });
      expect(r.refLength).toBe(3);
      expect(r.brevityPenalty).toBe(1);
    }
    // references 2 and 5 for c = 4: 5 is closer -> r = 5, BP = exp(1 - 5/4) = e^-0.25;
    // unigrams a, b, c, d all in the 5-token reference -> BLEU-1 = e^-0.25 · 4/4
    const r = sentenceBleu([tok('a b'), tok('a b c d e')], hyp, { maxOrder: 1 });
    expect(r.refLength).toBe(5);
    expect(r.bleu).toBeCloseTo(Math.exp(-0.25), 15);
  });
});

describe('corpusBleu: corpus pooling', () => {
  // A: hyp 'a b c d' = ref -> 1-grams 4/4, 2-grams 3/3, sentence BLEU-2 = 1
  // B: hyp 'x y' vs ref 'x z' -> 1-grams 1/2, 2-grams 0/1, sentence BLEU-2 = 0
  // corpus: p1 = (4 + 1)/(4 + 2) = 5/6, p2 = (3 + 0)/(3 + 1) = 3/4, c = r = 6 -> BP 1
  // BLEU-2 = (5/6 · 3/4)^(1/2) = (5/8)^(1/2) ≈ 0.7906, not the sentence mean (1 + 0)/2 = 0.5
  // BLEU-1 = 5/6, not the sentence mean (1 + 1/2)/2 = 3/4
  const refs = [[tok('a b c d')], [tok('x z')]];
  const hyps = [tok('a b c d'), tok('x y')];

  it('pools numerators and denominators before dividing', () => {
    const r = corpusBleu(refs, hyps, { maxOrder: 2 });
    expect(r.matches).toEqual([5, 3]);
    expect(r.totals).toEqual([6, 4]);
    expect([r.hypLength, r.refLength]).toEqual([6, 6]);
    expect(r.bleu).toBeCloseTo(Math.sqrt(5 / 8), 15);
    expect(r.cumulative[0]).toBeCloseTo(5 / 6, 15);
    const sentenceMean =
      (sentenceBleu(refs[0], hyps[0], { maxOrder: 2 }).bleu +
        sentenceBleu(refs[1], hyps[1], { maxOrder: 2 }).bleu) /
      2;
    expect(sentenceMean).toBe(0.5);
  });

  it('is 0 when no unigram matches, whatever the smoothing', () => {
    for (const smoothing of ['method0', 'method1', 'method4'] as const) {
      expect(corpusBleu([[['y']]], [['x']], { smoothing }).bleu).toBe(0);
    }
  });

  it('rejects malformed corpora and options', () => {
    expectInvalid(() => corpusBleu([], []), /hypotheses is empty/);
    expectInvalid(() => corpusBleu(refs, hyps.slice(1)), /references has 2 items but hyp/);
    expectInvalid(() => corpusBleu([[]], [['a']]), /references\[0\] has no reference/);
    expectInvalid(
      () => corpusBleu([['a b' as unknown as string[]]], [['a']]),
      /references\[0\]\[0\] is string; expected an array of tokens/,
    );
    expectInvalid(() => corpusBleu(refs, hyps, { maxOrder: 0 }), /maxOrder/);
    expectInvalid(
      () => corpusBleu(refs, hyps, { smoothing: 'method9' as 'method0' }),
      /smoothing must be/,
    );
  });
});
