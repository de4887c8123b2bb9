import { Rng } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { parseSentences } from '../src/data';
import { encodeSplit, paddedBatches, paddedRows, streamBatches } from '../src/sequences';
import { LmVocabulary } from '../src/vocabulary';

// ids: <pad>0 <unk>1 <s>2 </s>3, then a4 b5 c6 d7 (counts 3, 2, 1, 1)
const split = parseSentences('a b c\na\nb a d');
const vocab = LmVocabulary.fromSentences(split.sentences);
const enc = encodeSplit(split, vocab);

describe('stream regime (truncated BPTT layout)', () => {
  it('one stream </s> a b c </s> a </s> b a d </s>: every word and </s> a target exactly once', () => {
    expect(vocab.words.slice(4)).toEqual(['a', 'b', 'c', 'd']);
    // stream: 3 4 5 6 3 4 3 5 4 7 3 → 10 targets; 2 rows of 5; windows of 2 steps → 3 windows.
    const w = streamBatches(enc, 2, 2);
    expect(w).toHaveLength(3);
    // time-major: index t·batch + b. Row 0 = stream[0..5), row 1 = stream[5..10).
    expect(Array.from(w[0].inputs)).toEqual([3, 4, 4, 3]);
    expect(Array.from(w[0].targets)).toEqual([4, 3, 5, 5]);
    expect(Array.from(w[1].inputs)).toEqual([5, 5, 6, 4]);
    expect(Array.from(w[1].targets)).toEqual([6, 4, 3, 7]);
    // Window 2 has one real step per row; the second is padding (mask 0).
    expect(Array.from(w[2].inputs)).toEqual([3, 7, 0, 0]);
    expect(Array.from(w[2].targets)).toEqual([4, 3, 0, 0]);
    expect(Array.from(w[2].mask)).toEqual([1, 1, 0, 0]);
    const scored = w.reduce((n, b) => n + b.mask.reduce((a, m) => a + m, 0), 0);
    expect(scored).toBe(enc.targets);
    expect(enc.targets).toBe(10);
  });

  it('each row continues the previous window of the same row', () => {
    const w = streamBatches(enc, 2, 2);
    // Row 0 reads 3 4 | 5 6 | 3: the input of each window's first step is the target of the
    // previous window's last step.
    for (let k = 1; k < w.length; k++) {
      for (let b = 0; b < 2; b++) {
        if (!w[k].mask[b]) continue;
        expect(w[k].inputs[b]).toBe(w[k - 1].targets[1 * 2 + b]);
      }
    }
  });

  it('batch 1 is the plain stream', () => {
    const w = streamBatches(enc, 1, 4);
    expect(w.flatMap((b) => Array.from(b.inputs).filter((_, i) => b.mask[i]))).toEqual([
      3, 4, 5, 6, 3, 4, 3, 5, 4, 7,
    ]);
  });
});

describe('padded regime (the seed)', () => {
  it('<s> w… → w… </s>, padded with id 0 and mask 0', () => {
    const r = paddedRows(enc, 5);
    expect(r.rows).toBe(3);
    expect(Array.from(r.inputs.subarray(0, 5))).toEqual([2, 4, 5, 6, 0]);
    expect(Array.from(r.targets.subarray(0, 5))).toEqual([4, 5, 6, 3, 0]);
    expect(Array.from(r.mask.subarray(0, 5))).toEqual([1, 1, 1, 1, 0]);
    expect(Array.from(r.targets.subarray(5, 10))).toEqual([4, 3, 0, 0, 0]);
  });

  it('a sentence longer than the window continues in the next row: no target is dropped', () => {
    const r = paddedRows(enc, 2);
    // "a b c" → targets a b c </s>: 2 rows; "a" → a </s>: 1 row; "b a d" → 2 rows.
    expect(r.rows).toBe(5);
    expect(Array.from(r.inputs.subarray(0, 4))).toEqual([2, 4, 5, 6]);
    expect(Array.from(r.targets.subarray(0, 4))).toEqual([4, 5, 6, 3]);
    expect(r.mask.reduce((a, m) => a + m, 0)).toBe(enc.targets);
  });

  it('batches are time-major, shuffled by a seeded permutation, the last one smaller', () => {
    const r = paddedRows(enc, 5);
    const ordered = [...paddedBatches(r, 2)];
    expect(ordered.map((b) => b.batch)).toEqual([2, 1]);
    expect(Array.from(ordered[0].inputs.subarray(0, 4))).toEqual([2, 2, 4, 4]); // t=0, t=1 of rows 0, 1
    const a = [...paddedBatches(r, 2, new Rng(7))].map((b) => Array.from(b.inputs));
    const b = [...paddedBatches(r, 2, new Rng(7))].map((b) => Array.from(b.inputs));
    expect(a).toEqual(b);
  });
});
