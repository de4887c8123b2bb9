import { describe, expect, it } from 'vitest';
import {
  classificationMetrics,
  classificationMetricsFromConfusion,
  classificationReport,
  confusionMatrix,
  f1Score,
  formatClassificationReport,
} from '../src/metrics';
import { formatFixed } from '../src/metrics/report';
import { expectInvalid } from './helpers/expect-invalid';

// 8 samples, 4 classes; class 3 appears in neither yTrue nor yPred.
const yTrue = [0, 0, 0, 1, 1, 2, 2, 2];
const yPred = [0, 0, 1, 1, 0, 2, 2, 1];
// rows = true, cols = predicted:
//   true 0 -> predicted 0, 0, 1     row [2, 1, 0, 0]
//   true 1 -> predicted 1, 0        row [1, 1, 0, 0]
//   true 2 -> predicted 2, 2, 1     row [0, 1, 2, 0]
//   true 3 -> nothing               row [0, 0, 0, 0]
const matrix = [
  [2, 1, 0, 0],
  [1, 1, 0, 0],
  [0, 1, 2, 0],
  [0, 0, 0, 0],
];
// per class: tp = diagonal, support = row sum, predicted = column sum, F1 = 2tp / (support + predicted)
//   0: tp 2, support 3, predicted 3  -> P 2/3, R 2/3, F1 4/6 = 2/3
//   1: tp 1, support 2, predicted 3  -> P 1/3, R 1/2, F1 2/5
//   2: tp 2, support 3, predicted 2  -> P 1,   R 2/3, F1 4/5
//   3: tp 0, support 0, predicted 0  -> P 0/0 := 0, R 0/0 := 0, F1 0/0 := 0
// accuracy = (2 + 1 + 2) / 8 = 5/8
// macro    P (2/3 + 1/3 + 1 + 0)/4 = 1/2;  R (2/3 + 1/2 + 2/3 + 0)/4 = (11/6)/4 = 11/24;
//          F1 (10/15 + 6/15 + 12/15 + 0)/4 = (28/15)/4 = 7/15
// weighted (supports 3, 2, 3, 0; total 8)
//          P (3·2/3 + 2·1/3 + 3·1)/8 = (17/3)/8 = 17/24;  R (2 + 1 + 2)/8 = 5/8;
//          F1 (3·2/3 + 2·2/5 + 3·4/5)/8 = (2 + 0.8 + 2.4)/8 = 0.65
// micro    pooled tp 5, fp 3, fn 3 -> P = R = F1 = 5/8
describe('confusionMatrix', () => {
  it('puts true classes on rows and predictions on columns', () => {
    expect(confusionMatrix(yTrue, yPred, 4)).toEqual(matrix);
  });

  it('rejects ids out of range, non-integers, mismatches and empty input', () => {
    expectInvalid(() => confusionMatrix([0, 4], [0, 1], 4), /yTrue\[1\] is 4; .*\[0, 3\]/);
    expectInvalid(() => confusionMatrix([0, 1], [0, 1.5], 4), /yPred\[1\] is 1\.5/);
    expectInvalid(() => confusionMatrix([0, 1], [0], 4), /2 items but yPred has 1/);
    expectInvalid(() => confusionMatrix([], [], 4), /yTrue is empty/);
    expectInvalid(() => confusionMatrix([0], [0], 0), /numClasses must be a positive integer/);
  });
});

describe('classificationMetrics', () => {
  const m = classificationMetrics(yTrue, yPred, 4);

  it('gives per-class precision, recall, F1 and support', () => {
    const expected = [
      { precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 },
      { precision: 1 / 3, recall: 1 / 2, f1: 2 / 5, support: 2 },
      { precision: 1, recall: 2 / 3, f1: 4 / 5, support: 3 },
      { precision: 0, recall: 0, f1: 0, support: 0 },
    ];
    m.perClass.forEach((row, c) => {
      expect(row.precision).toBeCloseTo(expected[c].precision, 12);
      expect(row.recall).toBeCloseTo(expected[c].recall, 12);
      expect(row.f1).toBeCloseTo(expected[c].f1, 12);
      expect(row.support).toBe(expected[c].support);
    });
    expect(m.accuracy).toBe(5 / 8);
    expect(m.support).toBe(8);
  });

  it('averages macro, weighted and micro', () => {
    expect(m.macro.precision).toBeCloseTo(1 / 2, 12);
    expect(m.macro.recall).toBeCloseTo(11 / 24, 12);
    expect(m.macro.f1).toBeCloseTo(7 / 15, 12);
    expect(m.weighted.precision).toBeCloseTo(17 / 24, 12);
    expect(m.weighted.recall).toBeCloseTo(5 / 8, 12);
    expect(m.weighted.f1).toBeCloseTo(0.65, 12);
    expect(m.micro).toEqual({ precision: 5 / 8, recall: 5 / 8, f1: 5 / 8 });
    expect(f1Score(yTrue, yPred, 4)).toBeCloseTo(7 / 15, 12);
    expect(f1Score(yTrue, yPred, 4, 'weighted')).toBeCloseTo(0.65, 12);
    expect(f1Score(yTrue, yPred, 4, 'micro')).toBe(5 / 8);
  });

  it('uses 0 for every zero division, silently (sklearn zero_division default)', () => {
    // yTrue [0, 1], yPred [0, 0]:
    //   class 0: tp 1, predicted 2, support 1 -> P 1/2, R 1, F1 2·1/(1 + 2) = 2/3
    //   class 1: tp 0, predicted 0 -> P 0/0 := 0; R 0/1 = 0; F1 0/(1 + 0) = 0
    //   class 2 (numClasses 3, never seen): P, R, F1 all 0/0 := 0, and it still counts
    //   in the macro mean: (2/3 + 0 + 0)/3 = 2/9, whereas numClasses 2 gives (2/3 + 0)/2 = 1/3
    const m3 = classificationMetrics([0, 1], [0, 0], 3);
    expect(m3.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(m3.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m3.perClass[0].f1).toBeCloseTo(2 / 3, 12);
    expect(m3.macro.f1).toBeCloseTo(2 / 9, 12);
    expect(f1Score([0, 1], [0, 0], 2)).toBeCloseTo(1 / 3, 12);
  });

  it('gives the same numbers from summed per-batch confusion matrices', () => {
    const a = confusionMatrix(yTrue.slice(0, 4), yPred.slice(0, 4), 4);
    const b = confusionMatrix(yTrue.slice(4), yPred.slice(4), 4);
    const summed = a.map((row, i) => row.map((v, j) => v + b[i][j]));
    expect(classificationMetricsFromConfusion(summed)).toEqual(m);
  });

  it('rejects malformed confusion matrices and averages', () => {
    expectInvalid(() => classificationMetricsFromConfusion([]), /empty/);
    expectInvalid(() => classificationMetricsFromConfusion([[1, 0], [1]]), /square 2×2/);
    expectInvalid(
      () =>
        classificationMetricsFromConfusion([
          [1, -1],
          [0, 1],
        ]),
      /non-negative/,
    );
    expectInvalid(
      () =>
        classificationMetricsFromConfusion([
          [0, 0],
          [0, 0],
        ]),
      /no samples/,
    );
    expectInvalid(() => f1Score([0], [0], 1, 'samples' as 'macro'), /average must be/);
  });
});

describe('classificationReport', () => {
  const labels = ['cat', 'dog', 'bird', 'fish'];

  it('returns a structured report with label names', () => {
    const r = classificationReport(yTrue, yPred, { labels });
    expect(r.classes.map((c) => c.label)).toEqual(labels);
    expect(r.classes[1].recall).toBe(0.5);
    expect(r.accuracy).toBe(5 / 8);
    expect(r.macroAvg.f1).toBeCloseTo(7 / 15, 12);
    expect(r.weightedAvg.support).toBe(8);
    expect(r.confusionMatrix).toEqual(matrix);
    // without labels or numClasses: largest id seen (2) + 1 = 3 classes, named by id
    const inferred = classificationReport(yTrue, yPred);
    expect(inferred.classes.map((c) => c.label)).toEqual(['0', '1', '2']);
  });

  it('formats like sklearn classification_report', () => {
    // width = max(longest label 4, len('weighted avg') 12, digits 2) = 12; each column is
    // ' ' + a 9-wide right-aligned field. Rounding as Python's format: 2/3 -> 0.67,
    // 11/24 = 0.4583 -> 0.46, 7/15 = 0.4667 -> 0.47, 17/24 = 0.7083 -> 0.71, and the exact
    // binary tie 5/8 = 0.625 -> 0.62 (half to even; JS toFixed would say 0.63).
    const expected = [
      '              precision    recall  f1-score   support',
      '',
      '         cat       0.67      0.67      0.67         3',
      '         dog       0.33      0.50      0.40         2',
      '        bird       1.00      0.67      0.80         3',
      '        fish       0.00      0.00      0.00         0',
      '',
      '    accuracy                           0.62         8',
      '   macro avg       0.50      0.46      0.47         8',
      'weighted avg       0.71      0.62      0.65         8',
      '',
    ].join('\n');
    expect(formatClassificationReport(classificationReport(yTrue, yPred, { labels }))).toBe(
      expected,
    );
  });

  it('rounds exact binary ties half to even, like Python', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(0.625, 2)).toBe('0.62');
    expect(formatFixed(0.875, 2)).toBe('0.88');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
    // 0.615 is stored as 0.61499999999999999112…, not a tie: both languages say 0.61
    expect(formatFixed(0.615, 2)).toBe('0.61');
    expect(formatFixed(2 / 3, 4)).toBe('0.6667');
  });

  it('rejects labels that do not cover the ids', () => {
    expectInvalid(
      () => classificationReport([0, 2], [0, 1], { labels: ['a', 'b'] }),
      /yTrue\[1\] is 2; expected a class id in \[0, 1\]/,
    );
    expectInvalid(
      () => classificationReport([0], [0], { labels: ['a'], numClasses: 2 }),
      /labels has 1 names but numClasses is 2/,
    );
  });
});
