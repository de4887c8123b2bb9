import { describe, expect, it } from 'vitest';
import { characterErrorRate, levenshtein, sequenceAccuracy, wordErrorRate } from '../src/metrics';
import { expectInvalid } from './helpers/expect-invalid';

describe('levenshtein', () => {
  it('matches known distances', () => {
    // kitten -> sitten (k->s) -> sittin (e->i) -> sitting (+g)
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('sitting', 'kitten')).toBe(3);
    // flaw -> law (-f) -> lawn (+n)
    expect(levenshtein('flaw', 'lawn')).toBe(2);
    // intention/execution: the textbook example, 5 with unit substitution cost
    expect(levenshtein('intention', 'execution')).toBe(5);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('abc', '')).toBe(3);
    expect(levenshtein('abc', 'abc')).toBe(0);
  });

  it('works on token and id arrays', () => {
    // the cat sat -> the bat sat (cat->bat) -> the bat sat down (+down)
    expect(levenshtein(['the', 'cat', 'sat'], ['the', 'bat', 'sat', 'down'])).toBe(2);
    expect(levenshtein(new Int32Array([1, 2, 3]), new Int32Array([1, 3]))).toBe(1);
  });
});

describe('characterErrorRate', () => {
  it('is total edits over total reference characters', () => {
    // edits 3 (kitten/sitting) + 1 (c->d) = 4; ref chars 6 + 3 = 9 -> 4/9
    // (the mean of per-line rates would be (3/6 + 1/3)/2 = 5/12)
    expect(characterErrorRate(['kitten', 'abc'], ['sitting', 'abd'])).toBeCloseTo(4 / 9, 12);
  });

  it('counts code points, and can exceed 1', () => {
    // '😀a' is 2 code points (3 UTF-16 units); deleting the emoji is 1 edit -> 1/2
    expect(characterErrorRate(['😀a'], ['a'])).toBe(0.5);
    // 'a' -> 'abc' needs 2 insertions over 1 reference char -> 2
    expect(characterErrorRate(['a'], ['abc'])).toBe(2);
  });

  it('rejects bad corpora', () => {
    expectInvalid(() => characterErrorRate([], []), /references is empty/);
    expectInvalid(() => characterErrorRate(['a'], ['a', 'b']), /1 items but hypotheses has 2/);
    expectInvalid(() => characterErrorRate(['', ''], ['a', 'b']), /all references are empty/);
    expectInvalid(
      () => characterErrorRate(['a'], [['a']] as unknown as string[]),
      /hypotheses\[0\] is object; expected a string/,
    );
  });
});

describe('wordErrorRate', () => {
  it('is total token edits over total reference tokens', () => {
    // the cat sat on the mat -> the cat sit on mat: sat->sit, delete 'the' = 2 edits / 6
    // second line: 1 deletion / 2 tokens; corpus (2 + 1) / (6 + 2) = 3/8
    const refs = ['the cat sat on the mat'.split(' '), ['hello', 'world']];
    const hyps = ['the cat sit on mat'.split(' '), ['hello']];
    expect(wordErrorRate(refs.slice(0, 1), hyps.slice(0, 1))).toBeCloseTo(1 / 3, 12);
    expect(wordErrorRate(refs, hyps)).toBe(3 / 8);
  });

  it('rejects untokenised text', () => {
    expectInvalid(
      () => wordErrorRate(['a b'] as unknown as string[][], [['a']]),
      /references\[0\] is string; expected an array of tokens/,
    );
  });
});

describe('sequenceAccuracy', () => {
  it('counts whole-sequence exact matches', () => {
    // seq 0 equal; seq 1 differs in the last item; seq 2 is one item short -> 1/3
    expect(
      sequenceAccuracy(
        [
          [1, 2, 3],
          [4, 5],
          [6, 7],
        ],
        [[1, 2, 3], [4, 6], [6]],
      ),
    ).toBeCloseTo(1 / 3, 12);
    expect(sequenceAccuracy(['AB12', 'XY9'], ['AB12', 'XY8'])).toBe(0.5);
  });

  it('removes the padding token from both sides', () => {
    const yTrue = [
      [1, 2, 0, 0],
      [3, 4, 5, 0],
      [6, 0, 0, 0],
    ];
    const yPred = [
      [1, 0, 2, 0], // [1, 2] = [1, 2]                       match
      [3, 4, 0, 0], // [3, 4] vs [3, 4, 5]                   miss
      [6, 0, 7, 0], // [6, 7] vs [6]: a token where the truth pads is wrong, miss
    ];
    expect(sequenceAccuracy(yTrue, yPred, { padToken: 0 })).toBeCloseTo(1 / 3, 12);
    // without padToken seq 0 differs at positions 1 and 2 too -> 0/3
    expect(sequenceAccuracy(yTrue, yPred)).toBe(0);
    expect(sequenceAccuracy(['AB1_', 'C__'], ['AB1', 'C_'], { padToken: '_' })).toBe(1);
  });

  it('rejects empty and mismatched input', () => {
    expectInvalid(() => sequenceAccuracy([], []), /yTrue is empty/);
    expectInvalid(() => sequenceAccuracy([[1]], [[1], [2]]), /1 items but yPred has 2/);
  });
});
