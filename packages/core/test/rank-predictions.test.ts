import { describe, expect, it } from 'vitest';
import { rankPredictions } from '../src';

describe('rankPredictions', () => {
  it('ranks each row, best first, keeping k', () => {
    const [p, q] = rankPredictions(
      [
        [0.1, 0.7, 0.2],
        [0.5, 0.2, 0.3],
      ],
      ['a', 'b', 'c'],
      2,
    );
    expect(p).toEqual({
      label: 'b',
      probability: 0.7,
      top: [
        { label: 'b', probability: 0.7 },
        { label: 'c', probability: 0.2 },
      ],
    });
    expect(q.label).toBe('a');
    expect(q.top.map((t) => t.label)).toEqual(['a', 'c']);
  });

  it('rejects rows that do not match the labels', () => {
    expect(() => rankPredictions([[0.5, 0.5]], ['a', 'b', 'c'])).toThrow(/2 scores for 3 labels/);
  });
});
