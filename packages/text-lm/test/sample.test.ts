import { Rng } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { sampleToken, samplingDistribution } from '../src/sample';

// softmax([ln 4, ln 3, ln 2, ln 1, −∞-ish]) = [0.4, 0.3, 0.2, 0.1, ~0]
const logits = [Math.log(4), Math.log(3), Math.log(2), 0, -50];

describe('sampling distribution', () => {
  it('temperature 1: the softmax, most likely first', () => {
    const d = samplingDistribution(logits);
    expect(Array.from(d.ids)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(d.probs.slice(0, 4))).toEqual(
      [0.4, 0.3, 0.2, 0.1].map((p) => expect.closeTo(p, 9)),
    );
  });

  it('top-k keeps the k most likely, renormalised; top-p the smallest set with mass ≥ p', () => {
    const k = samplingDistribution(logits, { topK: 2 });
    expect(Array.from(k.ids)).toEqual([0, 1]);
    expect(Array.from(k.probs)).toEqual([4 / 7, 3 / 7].map((p) => expect.closeTo(p, 9)));
    // 0.4 < 0.65, 0.4 + 0.3 = 0.7 ≥ 0.65 → {0, 1}
    expect(Array.from(samplingDistribution(logits, { topP: 0.65 }).ids)).toEqual([0, 1]);
    expect(Array.from(samplingDistribution(logits, { topP: 0.7 }).ids)).toEqual([0, 1]);
    expect(Array.from(samplingDistribution(logits, { topP: 0.71 }).ids)).toEqual([0, 1, 2]);
    expect(Array.from(samplingDistribution(logits, { topP: 0.1 }).ids)).toEqual([0]);
  });

  it('temperature: 0 is greedy, 0.5 squares the odds, excluded ids never appear', () => {
    expect(Array.from(samplingDistribution(logits, { temperature: 0 }).ids)).toEqual([0]);
    const sharp = samplingDistribution(logits, { temperature: 0.5, topK: 2 });
    expect(sharp.probs[0] / sharp.probs[1]).toBeCloseTo(16 / 9, 9);
    const d = samplingDistribution(logits, {}, new Set([0]));
    expect(d.ids[0]).toBe(1);
    expect(Array.from(d.probs.slice(0, 3))).toEqual(
      [0.5, 1 / 3, 1 / 6].map((p) => expect.closeTo(p, 6)),
    );
  });

  it('draws follow the distribution and the seed: same seed, same draws', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 4000 }, () => sampleToken(logits, { topK: 3 }, rng));
    };
    const a = draw(11);
    expect(draw(11)).toEqual(a);
    expect(draw(12)).not.toEqual(a);
    const freq = [0, 1, 2, 3].map((id) => a.filter((x) => x === id).length / a.length);
    expect(freq[0]).toBeCloseTo(4 / 9, 1);
    expect(freq[1]).toBeCloseTo(3 / 9, 1);
    expect(freq[2]).toBeCloseTo(2 / 9, 1);
    expect(freq[3]).toBe(0);
  });

  it('rejects bad options', () => {
    expect(() => samplingDistribution(logits, { temperature: -1 })).toThrow(
      /temperature must be ≥ 0/,
    );
    expect(() => samplingDistribution(logits, { topK: 1.5 })).toThrow(/topK must be an integer/);
    expect(() => samplingDistribution(logits, { topP: 0 })).toThrow(/topP must be in \(0, 1\]/);
  });
});
