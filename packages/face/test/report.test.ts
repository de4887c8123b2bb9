import { describe, expect, it } from 'vitest';
import { accuracyByPerson, formatPersonAccuracy } from '../src/report';

describe('per-person report', () => {
  it('counts each person’s correct answers, skipping people with no test image', () => {
    const rows = accuracyByPerson([0, 0, 0, 2, 2], [0, 1, 0, 2, 0], ['ada', 'bob', 'cy']);
    expect(rows).toEqual([
      { person: 'ada', correct: 2, total: 3, accuracy: 2 / 3 },
      { person: 'cy', correct: 1, total: 2, accuracy: 0.5 },
    ]);
    const text = formatPersonAccuracy(rows).split('\n');
    expect(text[0]).toMatch(/^person\s+correct\s+accuracy$/);
    // worst first
    expect(text[1]).toMatch(/^cy\s+1\/2\s+0\.500$/);
    expect(text[2]).toMatch(/^ada\s+2\/3\s+0\.667$/);
  });
});
