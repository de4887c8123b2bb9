import { describe, expect, it } from 'vitest';
import { polarityCountAccuracy, synthSentiment } from '../src/synth';
import { tokenize } from '../src/tokenize';

describe('synthSentiment', () => {
  it('is seeded, balanced and mixes plain, negated and contrast sentences', () => {
    const a = synthSentiment({ count: 600, seed: 4 });
    expect(synthSentiment({ count: 600, seed: 4 }).texts).toEqual(a.texts);
    expect(a.labelNames).toEqual(['neg', 'pos']);
    const pos = Array.from(a.labels).filter((l) => l === 1).length;
    expect(pos / 600).toBeGreaterThan(0.4);
    expect(pos / 600).toBeLessThan(0.6);
    for (const kind of ['plain', 'negated', 'contrast'] as const) {
      expect(a.kinds.filter((k) => k === kind).length).toBeGreaterThan(100);
    }
    a.texts.forEach((t, i) => {
      if (a.kinds[i] === 'contrast') expect(t).toMatch(/ but /);
      if (a.kinds[i] === 'negated') expect(t).toMatch(/not|never|n't/);
    });
  });

  it('gives exact labels: negation flips, the clause after "but" decides', () => {
    const only = (kind: 'plain' | 'negated' | 'contrast') =>
      synthSentiment({
        count: 300,
        seed: 9,
        mix: { plain: 0, negated: 0, contrast: 0, [kind]: 1 },
      });
    expect(polarityCountAccuracy(only('plain').texts, only('plain').labels, tokenize)).toBe(1);
    expect(polarityCountAccuracy(only('negated').texts, only('negated').labels, tokenize)).toBe(0);
    const contrast = only('contrast');
    const acc = polarityCountAccuracy(contrast.texts, contrast.labels, tokenize);
    expect(acc).toBeLessThan(0.5); // ties, and negated second clauses count the wrong way
  });
});
