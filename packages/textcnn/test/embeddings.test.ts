import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWordVectors } from '../src/embeddings';
import { Vocabulary } from '../src/vocabulary';

const dir = mkdtempSync(join(tmpdir(), 'dl-textcnn-vec-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const vocab = new Vocabulary(['<pad>', '<unk>', 'good', 'film', 'zzz']);

describe('loadWordVectors', () => {
  it('reads GloVe text, keeps vocabulary words only and reports coverage', async () => {
    const path = file(
      'glove.txt',
      'the 0.1 0.2 0.3\ngood 1 2 3\nbad -1 -2 -3\nfilm 0.5 -0.5 0.25\n',
    );
    const r = await loadWordVectors(path, vocab, { seed: 7 });
    expect(r.dim).toBe(3);
    expect(Array.from(r.matrix.subarray(6, 9))).toEqual([1, 2, 3]);
    expect(Array.from(r.matrix.subarray(9, 12))).toEqual([0.5, -0.5, 0.25]);
    expect(Array.from(r.matrix.subarray(0, 3))).toEqual([0, 0, 0]); // <pad>
    for (const v of [...r.matrix.subarray(3, 6), ...r.matrix.subarray(12, 15)]) {
      expect(Math.abs(v)).toBeLessThanOrEqual(0.25);
      expect(v).not.toBe(0);
    }
    expect(r.coverage).toEqual({ found: 2, total: 3, ratio: 2 / 3 });
    const again = await loadWordVectors(path, vocab, { seed: 7 });
    expect(again.matrix).toEqual(r.matrix); // OOV draws are seeded
  });

  it('reads word2vec text with its "count dim" header', async () => {
    const path = file('w2v.txt', '2 2\nzzz 0.5 0.5\ngood 1 1\n');
    const r = await loadWordVectors(path, vocab);
    expect(r.dim).toBe(2);
    expect(Array.from(r.matrix.subarray(8, 10))).toEqual([0.5, 0.5]);
    expect(r.coverage.found).toBe(2);
  });

  it('names the file and line of an inconsistent dimension', async () => {
    const path = file('bad-dim.txt', 'good 1 2 3\nfilm 1 2\n');
    await expect(loadWordVectors(path, vocab)).rejects.toThrow(
      /bad-dim\.txt: inconsistent dimension on line 2: 2 values, but line 1 has 3/,
    );
    const w2v = file('bad-header.txt', '2 3\ngood 1 2\n');
    await expect(loadWordVectors(w2v, vocab)).rejects.toThrow(
      /line 2: 2 values, but the header \(line 1\) says 3/,
    );
  });

  it('rejects empty, missing and non-numeric files', async () => {
    await expect(loadWordVectors(file('empty.txt', '\n\n'), vocab)).rejects.toThrow(
      /empty\.txt: the word-vector file is empty/,
    );
    await expect(loadWordVectors(join(dir, 'nope.txt'), vocab)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    await expect(loadWordVectors(file('nan.txt', 'good 1 x 3\n'), vocab)).rejects.toThrow(
      /line 1: value 2 of 'good' is 'x'/,
    );
  });
});
