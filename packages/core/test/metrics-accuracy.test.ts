import { describe, expect, it } from 'vitest';
import { accuracy, topKAccuracy } from '../src/metrics';
import { expectInvalid } from './helpers/expect-invalid';

describe('accuracy', () => {
  it('counts exact class matches', () => {
    // positions 0, 2, 3 match, position 1 does not: 3 / 4
    expect(accuracy([0, 1, 2, 1], [0, 2, 2, 1])).toBe(0.75);
    expect(accuracy(new Int32Array([0, 1, 2, 1]), new Float32Array([0, 2, 2, 1]))).toBe(0.75);
  });

  it('masked: weight-0 positions (padding) count neither as hits nor in the denominator', () => {
    // positions 0..5; the mask drops 3 and 5, padding the model "predicted" right.
    // unmasked: 0, 2, 3, 5 hit → 4 / 6; masked: 0 hit, 1 miss, 2 hit, 4 miss → 2 / 4.
    const yTrue = [5, 6, 7, 0, 8, 0];
    const yPred = [5, 1, 7, 0, 2, 0];
    const mask = [1, 1, 1, 0, 1, 0];
    expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 12);
    expect(accuracy(yTrue, yPred, { weights: mask })).toBe(0.5);
    expect(accuracy([1, 1, 0], [1, 0, 0], { weights: [1, 1, 0] })).toBe(0.5);
    expect(accuracy([1, 1, 0], [1, 0, 0], { weights: [3, 1, 0] })).toBe(0.75);
    expectInvalid(() => accuracy([1], [1], { weights: [0] }), /every position is masked/);
    expectInvalid(() => accuracy([1, 2], [1, 2], { weights: [1] }), /weights has 1/);
    expectInvalid(() => accuracy([1], [1], { weights: [-1] }), /weights\[0\] is -1/);
  });

  it('rejects mismatched, empty and non-class-id input', () => {
    expectInvalid(() => accuracy([0, 1], [0]), /yTrue has 2 items but yPred has 1/);
    expectInvalid(() => accuracy([], []), /yTrue is empty/);
    expectInvalid(() => accuracy([0, 1], [0, 0.7]), /yPred\[1\] is 0\.7; expected an integer/);
    expectInvalid(() => accuracy([-1, 1], [0, 1]), /yTrue\[0\] is -1; expected a class id/);
  });
});

describe('topKAccuracy', () => {
  // 3 samples × 4 classes, true = [2, 3, 1]
  //   s0 [0.1, 0.5, 0.3, 0.1], true 2: only class 1 (0.5) is higher            -> rank 1
  //   s1 [0.4, 0.3, 0.2, 0.1], true 3: classes 0, 1, 2 are higher              -> rank 3
  //   s2 [0.2, 0.2, 0.5, 0.1], true 1: class 2 higher, class 0 ties with a
  //      smaller id so it ranks first too                                       -> rank 2
  // hit iff rank < k: k=1 -> 0/3, k=2 -> 1/3 (s0), k=3 -> 2/3 (s0, s2), k=4 -> 3/3
  const yTrue = [2, 3, 1];
  const rows = [
    [0.1, 0.5, 0.3, 0.1],
    [0.4, 0.3, 0.2, 0.1],
    [0.2, 0.2, 0.5, 0.1],
  ];
  const expected = [0, 1 / 3, 2 / 3, 1];

  it('ranks by score with ties going to the smaller class id', () => {
    for (let k = 1; k <= 4; k++) expect(topKAccuracy(yTrue, rows, k)).toBeCloseTo(expected[k - 1]);
  });

  it('reads a flat row-major buffer given numClasses', () => {
    const flat = new Float32Array(rows.flat());
    for (let k = 1; k <= 4; k++) {
      expect(topKAccuracy(yTrue, flat, k, 4)).toBeCloseTo(expected[k - 1]);
    }
  });

  it('with all scores equal, only the smallest ids are in the top k', () => {
    const equal = [
      [0.25, 0.25, 0.25, 0.25],
      [0.25, 0.25, 0.25, 0.25],
    ];
    // true 0 has rank 0 (hit at k=1); true 3 has rank 3 (three equal scores with smaller ids)
    expect(topKAccuracy([0, 3], equal, 1)).toBe(0.5);
    expect(topKAccuracy([0, 3], equal, 3)).toBe(0.5);
    expect(topKAccuracy([0, 3], equal, 4)).toBe(1);
  });

  it('top-1 equals accuracy of the first argmax', () => {
    // argmax (first maximum) of the rows: s0 -> 1, s1 -> 0, s2 -> 2
    expect(topKAccuracy([1, 0, 1], rows, 1)).toBe(accuracy([1, 0, 1], [1, 0, 2]));
  });

  it('rejects bad k, shapes and ids', () => {
    expectInvalid(() => topKAccuracy(yTrue, rows, 0), /k must be an integer in \[1, 4\]/);
    expectInvalid(() => topKAccuracy(yTrue, rows, 5), /k must be an integer in \[1, 4\]/);
    expectInvalid(() => topKAccuracy(yTrue, new Float32Array(12), 1), /pass numClasses/);
    expectInvalid(
      () => topKAccuracy(yTrue, new Float32Array(11), 1, 4),
      /11 values; expected yTrue.length \* numClasses = 3 \* 4 = 12/,
    );
    expectInvalid(() => topKAccuracy([0, 1], rows, 1), /yTrue has 2 items but scores has 3/);
    expectInvalid(() => topKAccuracy(yTrue, [rows[0], [0.1], rows[2]], 1), /row 1 has 1 values/);
    expectInvalid(() => topKAccuracy([4, 0, 0], rows, 1), /yTrue\[0\] is 4; expected a class id/);
    expectInvalid(() => topKAccuracy([0], [[0.1, Number.NaN]], 1), /NaN/);
  });
});
