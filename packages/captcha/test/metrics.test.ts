import { describe, expect, it } from 'vitest';
import { captchaMetrics, wilsonInterval } from '../src/metrics';

describe('wilsonInterval', () => {
  it('matches the closed form: 8 of 10 → [0.490, 0.943]; 10 of 10 reaches 1', () => {
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
    const [lo10, hi10] = wilsonInterval(10, 10);
    expect(hi10).toBeCloseTo(1, 12);
    expect(lo10).toBeCloseTo(0.7225, 3);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

describe('captchaMetrics', () => {
  it('whole-captcha, per-position and per-character accuracy, CER and confusions', () => {
    const truth = ['abc', 'abd', 'bbc', 'cab'];
    const read = ['abc', 'abc', 'bbc', 'ca'];
    const m = captchaMetrics(truth, read);
    expect(m.accuracy).toBe(0.5);
    expect(m.count).toBe(4);
    // position 3: c ✓, d→c ✗, c ✓, b missing ✗
    expect(m.perPosition).toEqual([1, 1, 0.5]);
    // d read wrong once of once; b wrong once (the missing one) of 5
    expect(m.perCharacter.d).toBe(0);
    expect(m.perCharacter.b).toBeCloseTo(4 / 5, 10);
    // edits: 1 (d→c) + 1 (dropped b) over 12 characters
    expect(m.cer).toBeCloseTo(2 / 12, 10);
    // only same-length readings give substitutions
    expect(m.confusions).toEqual([{ truth: 'd', predicted: 'c', count: 1 }]);
    expect(m.accuracyInterval[0]).toBeLessThan(0.5);
    expect(m.accuracyInterval[1]).toBeGreaterThan(0.5);
    expect(() => captchaMetrics(['a'], [])).toThrow(/as many predictions as truths/);
  });
});
