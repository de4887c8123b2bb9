import { describe, expect, it } from 'vitest';
import { plateReadingReport, wilsonInterval } from '../src/ctc-reader/metrics';

describe('plateReadingReport', () => {
  it('counts exact plates, characters by position, CER, invalid and unreadable readings', () => {
    const truths = ['皖A12345', '皖A12345', '苏B00000', '粤BD12345'];
    const reads = ['皖A12345', '皖A12845', '苏B0000', undefined];
    const r = plateReadingReport(truths, reads);
    expect(r.exact).toBe(0.25);
    expect(r.plates).toBe(4);
    // Right at their position: 7 + 6 + 6 (the short reading matches its first six) + 0 = 19 of 29.
    expect(r.characterAccuracy).toBeCloseTo(19 / 29, 12);
    // Edits: 0 + 1 + 1 + 8 over 29 true characters.
    expect(r.cer).toBeCloseTo(10 / 29, 12);
    expect(r.invalid).toBe(0.5); // the six-character reading and the unreadable one
    expect(r.unreadable).toBe(0.25);
    expect(r.perPosition.slice(0, 4)).toEqual([0.75, 0.75, 0.75, 0.75]);
    expect(r.perPosition[4]).toBe(0.5); // the '3' read as '8'
    expect(r.perPosition[7]).toBe(0); // only the green plate has an eighth, unread
    // Substitutions are counted only between readings of the true length.
    expect(r.confusions).toEqual([{ truth: '3', read: '8', count: 1 }]);
    expect(r.provinceConfusions).toEqual([]);
  });

  it('lists province confusions apart', () => {
    const truths = ['皖A12345', '皖A12346', '沪A12345'];
    const r = plateReadingReport(truths, ['皖A12345', '苏A12846', '沪A12345']);
    expect(r.provinceConfusions).toEqual([{ truth: '皖', read: '苏', count: 1 }]);
    expect(r.confusions).toEqual([
      { truth: '3', read: '8', count: 1 },
      { truth: '皖', read: '苏', count: 1 },
    ]);
  });

  it('refuses mismatched lengths', () => {
    expect(() => plateReadingReport(['皖A12345'], [])).toThrow(/as many readings/);
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook values', () => {
    // 175 of 1000 (the segmenting reader's 17.5%): 0.1529 – 0.1995.
    const [lo, hi] = wilsonInterval(175, 1000);
    expect(lo).toBeCloseTo(0.1529, 3);
    expect(hi).toBeCloseTo(0.1995, 3);
    // All right in 20: the lower bound is 20 / (20 + z²) = 0.8389.
    expect(wilsonInterval(20, 20)[0]).toBeCloseTo(0.8389, 3);
    expect(wilsonInterval(20, 20)[1]).toBe(1);
  });
});
