import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DlError, type DlErrorCode, Rng } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { loadWordVectors } from '../src/embeddings';
import { Vocabulary } from '../src/vocabulary';

// Time bounds: issue 13 asks for a hostile header to fail "within a second"; tests allow 5 s
// because this machine's 2 cores are shared by parallel test runs. Trusting the header
// instead means allocating ~1.6 GB first, which the memory bound catches.
const TIME_BOUND_MS = 5000;
const MB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'dl-textcnn-vec-limits-'));
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const vocab = new Vocabulary(['<pad>', '<unk>', 'good', 'film', 'zzz']);

/** word2vec binary: "count dim\n", then per word "word " + dim float32 LE (+ "\n" if `newline`). */
function word2vecBinary(rows: [string, number[]][], newline = true): Uint8Array {
  const dim = rows[0][1].length;
  const parts: Uint8Array[] = [new TextEncoder().encode(`${rows.length} ${dim}\n`)];
  for (const [word, values] of rows) {
    parts.push(new TextEncoder().encode(`${word} `));
    parts.push(new Uint8Array(Float32Array.from(values).buffer));
    if (newline) parts.push(new Uint8Array([0x0a]));
  }
  return Buffer.concat(parts);
}

/** The promise must reject with a DlError of `code`, fast and without a large allocation. */
async function expectCheapFailure(work: Promise<unknown>, code: DlErrorCode): Promise<DlError> {
  const before = process.memoryUsage();
  const started = performance.now();
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  const ms = performance.now() - started;
  const after = process.memoryUsage();
  expect(error, String(error)).toBeInstanceOf(DlError);
  expect((error as DlError).code, String(error)).toBe(code);
  expect(ms).toBeLessThan(TIME_BOUND_MS);
  expect(after.rss - before.rss).toBeLessThan(200 * MB);
  expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(200 * MB);
  return error as DlError;
}

describe('loadWordVectors input limits', () => {
  it('the header "20 100000000" fails at once, naming the file and the limit', async () => {
    const path = file('huge-dim.txt', '20 100000000\ngood 1 2 3\n');
    const e = await expectCheapFailure(loadWordVectors(path, vocab), 'LIMIT_EXCEEDED');
    expect(e.message).toBe(
      `${path}: the header (line 1) says 100000000 dimensions, above the limit of 10000`,
    );
  });

  it('a text header dim is checked against line 2 before the matrix is allocated', async () => {
    const path = file('lying-header.txt', '3 9000\ngood 1 2 3\n');
    const e = await expectCheapFailure(loadWordVectors(path, vocab), 'FILE_CORRUPT');
    expect(e.message).toMatch(/line 2: 3 values, but the header \(line 1\) says 9000/);
  });

  it('a header count must match the records: fewer (truncated) or more', async () => {
    const fewer = file('fewer.txt', '3 2\ngood 1 1\nfilm 2 2\n');
    await expect(loadWordVectors(fewer, vocab)).rejects.toThrow(
      /fewer\.txt: the header \(line 1\) says 3 words, the file has 2 \(truncated\?\)/,
    );
    const more = file('more.txt', '1 2\ngood 1 1\nfilm 2 2\n');
    await expect(loadWordVectors(more, vocab)).rejects.toThrow(
      /line 3 is word 2, but the header \(line 1\) says 1 words/,
    );
  });

  it('zero counts or dimensions in a header are FILE_CORRUPT', async () => {
    for (const header of ['0 3', '2 0']) {
      const path = file(`zero-${header.replace(' ', '-')}.txt`, `${header}\ngood 1 2 3\n`);
      await expect(loadWordVectors(path, vocab)).rejects.toMatchObject({ code: 'FILE_CORRUPT' });
    }
  });

  it('a GloVe line with more than 10,000 values is LIMIT_EXCEEDED', async () => {
    const path = file('wide.txt', `good ${Array(10_001).fill('0').join(' ')}\n`);
    const e = await expectCheapFailure(loadWordVectors(path, vocab), 'LIMIT_EXCEEDED');
    expect(e.message).toMatch(/line 1 has 10001 values, above the limit of 10000 dimensions/);
  });

  it('a line longer than 1 MiB (no line breaks) is refused without buffering the file', async () => {
    const path = file('one-line.txt', `good ${'1 '.repeat(1.5 * MB)}`);
    const e = await expectCheapFailure(loadWordVectors(path, vocab), 'LIMIT_EXCEEDED');
    expect(e.message).toMatch(/line 1 is longer than 1,048,576 bytes/);
  });
});

describe('loadWordVectors word2vec binary', () => {
  const rows: [string, number[]][] = [
    ['zzz', [0.5, -0.25, 1.5]],
    ['the', [9, 9, 9]],
    ['good', [1, 2, 3]],
  ];

  it.each([true, false])('reads records (newline after each: %s)', async (newline) => {
    const path = file(`w2v-${newline}.bin`, word2vecBinary(rows, newline));
    const r = await loadWordVectors(path, vocab, { seed: 3 });
    expect(r.dim).toBe(3);
    expect(Array.from(r.matrix.subarray(6, 9))).toEqual([1, 2, 3]); // good
    expect(Array.from(r.matrix.subarray(12, 15))).toEqual([0.5, -0.25, 1.5]); // zzz
    expect(Array.from(r.matrix.subarray(0, 3))).toEqual([0, 0, 0]); // <pad>
    expect(r.coverage).toEqual({ found: 2, total: 3, ratio: 2 / 3 });
  });

  it('a header whose count × dim cannot fit in the file fails before allocating', async () => {
    const bytes = word2vecBinary(rows);
    const lying = Buffer.concat([new TextEncoder().encode('1000000 5000\n'), bytes.subarray(4)]);
    const path = file('lying.bin', lying);
    const e = await expectCheapFailure(loadWordVectors(path, vocab), 'FILE_CORRUPT');
    expect(e.message).toMatch(
      /lying\.bin: the header \(line 1\) says 1000000 words × 5000 float32 values, which take at least 20002000000 bytes/,
    );
  });

  it('a record cut short is FILE_CORRUPT naming the record', async () => {
    const bytes = word2vecBinary(rows);
    const path = file('cut.bin', bytes.subarray(0, bytes.length - 6));
    // The size check passes (3 records of ≥ 14 bytes fit); the third record is 6 bytes short.
    await expect(loadWordVectors(path, vocab)).rejects.toThrow(
      /cut\.bin: record 3 \('good', byte \d+\): expected 12 bytes of 3 float32 values, found 7/,
    );
  });
});

/** Mutations of a vectors file (bytes), each with a description for failure messages. */
function mutate(bytes: Uint8Array, rng: Rng): { what: string; bytes: Uint8Array } {
  const kind = rng.int(5);
  const out = Buffer.from(bytes);
  if (kind === 0) {
    for (let i = 0; i < 1 + rng.int(6); i++) out[rng.int(out.length)] ^= 1 << rng.int(8);
    return { what: 'bit flips', bytes: out };
  }
  if (kind === 1) {
    const length = rng.int(out.length);
    return { what: `truncated to ${length}`, bytes: out.subarray(0, length) };
  }
  if (kind === 2) {
    // Header numbers overwritten: huge, zero, or off by one.
    const values = ['0', '1', '99999999', '100000000', '4294967295', '3', '10001'];
    const [a, b] = [values[rng.int(values.length)], values[rng.int(values.length)]];
    const text = out.toString('latin1');
    const headed = /^\d+ \d+\n/.test(text)
      ? text.replace(/^\d+ \d+/, `${a} ${b}`)
      : `${a} ${b}\n${text}`;
    return { what: `header "${a} ${b}"`, bytes: Buffer.from(headed, 'latin1') };
  }
  if (kind === 3) {
    const start = rng.int(out.length);
    const end = start + rng.int(Math.min(64, out.length - start) + 1);
    return {
      what: `bytes ${start}..${end} duplicated`,
      bytes: Buffer.concat([out.subarray(0, end), out.subarray(start)]),
    };
  }
  const at = rng.int(out.length);
  const garbage = Buffer.from(Array.from({ length: 1 + rng.int(32) }, () => rng.int(256)));
  return {
    what: `garbage at ${at}`,
    bytes: Buffer.concat([out.subarray(0, at), garbage, out.subarray(at)]),
  };
}

describe('loadWordVectors fuzz', () => {
  it('~150 seeded mutants of GloVe, word2vec text and binary files parse or give a DlError', async () => {
    const rng = new Rng(13);
    const text = 'good 0.1 -0.2 0.3 0.4\nfilm 1 2 3 4\nthe 5 6 7 8\nzzz -1 -2 -3 -4\n';
    const bases = {
      glove: new TextEncoder().encode(text),
      w2vText: new TextEncoder().encode(`4 4\n${text}`),
      w2vBinary: word2vecBinary([
        ['good', [0.1, -0.2, 0.3, 0.4]],
        ['film', [1, 2, 3, 4]],
        ['the', [5, 6, 7, 8]],
      ]),
    };
    const failures: string[] = [];
    let cases = 0;
    let parsed = 0;
    for (const [name, bytes] of Object.entries(bases)) {
      for (let i = 0; i < 50; i++) {
        const mutant = mutate(bytes, rng);
        const path = file(`fuzz-${name}-${i}.vec`, mutant.bytes);
        const started = performance.now();
        const buffersBefore = process.memoryUsage().arrayBuffers;
        cases++;
        try {
          const r = await loadWordVectors(path, vocab);
          if (r.matrix.length !== vocab.size * r.dim) throw new Error('matrix size ≠ vocab × dim');
          parsed++;
        } catch (e) {
          const ok = e instanceof DlError && e.message.includes(path);
          if (!ok)
            failures.push(`${name}#${i} (${mutant.what}): ${e instanceof Error ? e.stack : e}`);
        }
        const ms = performance.now() - started;
        if (ms > TIME_BOUND_MS) failures.push(`${name}#${i} (${mutant.what}): ${ms.toFixed(0)} ms`);
        // A header trusted for the matrix size shows here even while its pages are untouched.
        const grown = process.memoryUsage().arrayBuffers - buffersBefore;
        if (grown > 200 * MB) failures.push(`${name}#${i} (${mutant.what}): +${grown / MB} MB`);
      }
    }
    expect(failures).toEqual([]);
    expect(cases).toBe(150);
    // Both outcomes occur: the mutations neither all miss nor all destroy the files.
    expect(parsed).toBeGreaterThan(10);
    expect(cases - parsed).toBeGreaterThan(50);
  }, 120_000);
});
