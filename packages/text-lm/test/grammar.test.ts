import { Rng } from '@dl/core';
import { describe, expect, it } from 'vitest';
import {
  defaultGrammar,
  type Grammar,
  grammarEntropy,
  grammarLogProbs,
  sampleGrammar,
  synthLmCorpus,
} from '../src/grammar';

/** A: "a" (p ½, back to A) or </s> (p ½). */
const coin: Grammar = {
  start: 'A',
  states: [
    {
      name: 'A',
      emit: [
        { word: 'a', p: 0.5, next: 'A' },
        { word: '</s>', p: 0.5 },
      ],
    },
  ],
};

/** A: "x" (p 1) → B; B: "y" (p ¼, back to B) or </s> (p ¾). */
const twoState: Grammar = {
  start: 'A',
  states: [
    { name: 'A', emit: [{ word: 'x', p: 1, next: 'B' }] },
    {
      name: 'B',
      emit: [
        { word: 'y', p: 0.25, next: 'B' },
        { word: '</s>', p: 0.75 },
      ],
    },
  ],
};

describe('grammar entropy, exactly', () => {
  it('coin: every token is a fair coin flip — ln 2 nats, 1 bit, perplexity 2', () => {
    const h = grammarEntropy(coin);
    // Visits of A per sentence: 1 + ½ + ¼ + … = 2 tokens (its words and the </s>).
    expect(h.visits.A).toBeCloseTo(2, 12);
    expect(h.tokensPerSentence).toBeCloseTo(2, 12);
    expect(h.nats).toBeCloseTo(Math.LN2, 12);
    expect(h.bits).toBeCloseTo(1, 12);
    expect(h.perplexity).toBeCloseTo(2, 12);
  });

  it('two states: (4/3 visits of B × H(¼, ¾)) / (7/3 tokens)', () => {
    const h = grammarEntropy(twoState);
    const hB = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)); // 0.562335 nats
    expect(h.visits).toEqual({ A: 1, B: expect.closeTo(4 / 3, 12) });
    expect(h.tokensPerSentence).toBeCloseTo(7 / 3, 12);
    expect(h.nats).toBeCloseTo(((4 / 3) * hB) / (7 / 3), 12);
    expect(h.nats).toBeCloseTo(0.321334, 6);
  });

  it('true log-probabilities of a sentence follow the automaton; impossible words are −∞', () => {
    const lp = grammarLogProbs(twoState, ['x', 'y', 'y']);
    expect(Array.from(lp)).toEqual([0, Math.log(0.25), Math.log(0.25), Math.log(0.75)]);
    expect(grammarLogProbs(twoState, ['y'])[0]).toBe(Number.NEGATIVE_INFINITY);
    expect(grammarLogProbs(coin, [])[0]).toBeCloseTo(Math.log(0.5), 12);
  });

  it('the sample mean NLL converges to the entropy rate', () => {
    const g = defaultGrammar();
    const sentences = sampleGrammar(g, 20_000, new Rng(3));
    let sum = 0;
    let n = 0;
    for (const s of sentences) {
      for (const lp of grammarLogProbs(g, s)) {
        sum -= lp;
        n++;
      }
    }
    const h = grammarEntropy(g);
    expect(Number.isFinite(sum)).toBe(true);
    expect(sum / n).toBeCloseTo(h.nats, 1);
    expect(n / sentences.length).toBeCloseTo(h.tokensPerSentence, 0);
  });

  it('rejects a grammar that is not deterministic, not normalised or never ends', () => {
    const bad = (states: Grammar['states']) => () => grammarEntropy({ start: 'A', states });
    expect(
      bad([
        {
          name: 'A',
          emit: [
            { word: 'a', p: 0.5, next: 'A' },
            { word: 'a', p: 0.5, next: 'A' },
          ],
        },
      ]),
    ).toThrow(/emits 'a' twice: the grammar must be deterministic/);
    expect(bad([{ name: 'A', emit: [{ word: 'a', p: 0.4, next: 'A' }] }])).toThrow(/sum to 0.4/);
    expect(bad([{ name: 'A', emit: [{ word: 'a', p: 1, next: 'A' }] }])).toThrow(/never end/);
    expect(bad([{ name: 'A', emit: [{ word: 'a', p: 1, next: 'Z' }] }])).toThrow(
      /unknown state 'Z'/,
    );
  });
});

describe('synthetic corpus', () => {
  it('dozens of word types, several states; the generator knows its own test perplexity', () => {
    const d = synthLmCorpus({ train: 500, validation: 50, test: 200, seed: 2 });
    const words = new Set(d.train.sentences.flat());
    expect(words.size).toBeGreaterThanOrEqual(40);
    expect(defaultGrammar().states.length).toBeGreaterThanOrEqual(8);
    expect(d.truth.testPerplexity).toBeGreaterThan(5);
    expect(d.truth.testPerplexity).toBeLessThan(9);
    expect(d.truth.entropy.perplexity).toBeCloseTo(6.81, 2);
    expect(d.truth.testTargets).toBe(d.test.sentences.reduce((n, s) => n + s.length + 1, 0));
    const again = synthLmCorpus({ train: 500, validation: 50, test: 200, seed: 2 });
    expect(again.train.sentences).toEqual(d.train.sentences);
    expect(again.fingerprint).toBe(d.fingerprint);
  });
});
