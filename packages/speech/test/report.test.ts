import { describe, expect, it } from 'vitest';
import { accuracyByGroup, countBy, formatGroupAccuracy } from '../src/report';

describe('per-group reports', () => {
  it('computes accuracy per speaker, sorted naturally', () => {
    const rows = accuracyByGroup(
      ['theo', 'george', 'theo', 'george', 'theo'],
      [true, false, true, true, false],
    );
    expect(rows).toEqual([
      { key: 'george', correct: 1, total: 2, accuracy: 0.5 },
      { key: 'theo', correct: 2, total: 3, accuracy: 2 / 3 },
    ]);
    expect(accuracyByGroup([10, 9, 2], [true, true, false]).map((r) => r.key)).toEqual([
      '2',
      '9',
      '10',
    ]);
    expect(() => accuracyByGroup(['a'], [])).toThrow(/1 group keys but 0 results/);
  });

  it('counts and formats (worst first)', () => {
    expect(countBy(['a', 'b', 'a'], (s) => s)).toEqual({ a: 2, b: 1 });
    const text = formatGroupAccuracy('speaker', [
      { key: 'george', correct: 9, total: 10, accuracy: 0.9 },
      { key: 'jo', correct: 5, total: 10, accuracy: 0.5 },
    ]);
    expect(text.split('\n')).toEqual([
      'speaker  accuracy',
      'jo        50.0%     5/10',
      'george    90.0%     9/10',
    ]);
  });
});
