import { describe, expect, it } from 'vitest';
import { decodeCtc, decodeHeads } from '../src/decode';

const log = Math.log;
/** One CTC step over classes a, b and the blank (last). */
const step = (pa: number, pb: number) => [log(pa), log(pb), log(1 - pa - pb)];

describe('decodeHeads', () => {
  it('reads the most probable symbol of each head', () => {
    // two heads, one captcha: head 1 says b (0.7), head 2 says a (0.6)
    const [read] = decodeHeads([[[0.3, 0.7]], [[0.6, 0.4]]], 'ab');
    expect(read.text).toBe('ba');
    expect(read.perCharacter).toEqual([0.7, 0.6]);
    expect(read.confidence).toBeCloseTo(0.42, 12);
  });
});

describe('decodeCtc', () => {
  it('greedy: collapses a path; variable length returns what greedy reads', () => {
    const seq = [step(0.8, 0.1), step(0.8, 0.1), step(0.05, 0.05), step(0.1, 0.8)];
    const [read] = decodeCtc([seq], { charset: 'ab', length: null });
    expect(read.text).toBe('ab');
    expect(read.confidence).toBeCloseTo(0.8 * 0.8 * 0.9 * 0.8, 10);
    expect(read.perCharacter[0]).toBeCloseTo(0.8, 10);
  });

  it('a fixed-length model falls back to the beam search of exactly that length', () => {
    // greedy reads "a" (one symbol); the best 2-symbol reading is "ab" (b peaks at 0.4 at t=2)
    const seq = [step(0.9, 0.05), step(0.1, 0.4), step(0.05, 0.05)];
    expect(decodeCtc([seq], { charset: 'ab', length: null })[0].text).toBe('a');
    const [fixed] = decodeCtc([seq], { charset: 'ab', length: 2 });
    expect(fixed.text).toBe('ab');
    expect(fixed.text).toHaveLength(2);
  });
});
