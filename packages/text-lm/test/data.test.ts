import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DlErrorCode, isDlError } from '@dl/core';
import { afterAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8, loadPtbDataset, loadTextSplit, parseSentences } from '../src/data';
import { encodeSplit } from '../src/sequences';
import { LmVocabulary } from '../src/vocabulary';

const root = mkdtempSync(join(tmpdir(), 'dl-lm-data-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** Writes a PTB-style directory (lines start with a space, as Mikolov's files do). */
function ptbDir(name: string, files: Record<string, string | Uint8Array>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

const TRAIN = ' the cat sat on the mat \n a dog sat \n\n the <unk> ran N times \n';
const VALID = ' the dog sat \n';
const TEST = ' a cat ran \n';

async function expectDlError(p: Promise<unknown>, code: DlErrorCode, pattern: RegExp) {
  try {
    await p;
  } catch (e) {
    expect(isDlError(e, code), String(e)).toBe(true);
    expect((e as Error).message).toMatch(pattern);
    return e as Error;
  }
  throw new Error('expected a DlError');
}

describe('PTB loader', () => {
  it('reads ptb.train/valid/test.txt: one sentence per line, blank lines skipped, <unk> kept', async () => {
    const dir = ptbDir('ok', {
      'ptb.train.txt': TRAIN,
      'ptb.valid.txt': VALID,
      'ptb.test.txt': TEST,
    });
    const d = await loadPtbDataset(dir);
    expect(d.train.sentences).toEqual([
      ['the', 'cat', 'sat', 'on', 'the', 'mat'],
      ['a', 'dog', 'sat'],
      ['the', '<unk>', 'ran', 'N', 'times'],
    ]);
    expect(d.train.lines).toEqual([1, 2, 4]);
    expect(d.validation.sentences).toEqual([['the', 'dog', 'sat']]);
    expect(d.test.file).toBe(join(dir, 'ptb.test.txt'));
    expect(d.source).toBe('ptb');
    expect(d.fingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
    // Same content, same fingerprint; also accepts train.txt / valid.txt / test.txt.
    const plain = ptbDir('plain', { 'train.txt': TRAIN, 'valid.txt': VALID, 'test.txt': TEST });
    expect((await loadPtbDataset(plain)).train.sentences).toEqual(d.train.sentences);
  });

  it('names a missing split file, what a PTB directory holds and what it found', async () => {
    const dir = ptbDir('missing', {
      'ptb.train.txt': TRAIN,
      'ptb.test.txt': TEST,
      'notes.md': 'x',
    });
    const e = await expectDlError(
      loadPtbDataset(dir),
      'FILE_NOT_FOUND',
      /ptb\.valid\.txt \(the validation split\) is missing: a Penn Treebank directory holds ptb\.train\.txt, ptb\.valid\.txt, ptb\.test\.txt; found notes\.md, ptb\.test\.txt, ptb\.train\.txt/,
    );
    expect(e.message.startsWith(join(dir, 'ptb.valid.txt'))).toBe(true);
    await expectDlError(
      loadPtbDataset(join(root, 'nope')),
      'FILE_NOT_FOUND',
      /data directory does not exist/,
    );
    await expectDlError(
      loadPtbDataset(join(dir, 'ptb.train.txt')),
      'INVALID_ARGUMENT',
      /expected a directory holding ptb\.train\.txt, .*; this is a file/,
    );
  });

  it('an empty file or one of blank lines: says so, with the file', async () => {
    const empty = ptbDir('empty', {
      'ptb.train.txt': TRAIN,
      'ptb.valid.txt': '',
      'ptb.test.txt': TEST,
    });
    const e = await expectDlError(
      loadPtbDataset(empty),
      'DATA_INVALID',
      /the validation split is empty \(0 bytes\); expected one sentence per line/,
    );
    expect(e.message).toContain(join(empty, 'ptb.valid.txt'));
    const blank = ptbDir('blank', {
      'ptb.train.txt': ' \n\n  \n',
      'ptb.valid.txt': VALID,
      'ptb.test.txt': TEST,
    });
    await expectDlError(
      loadPtbDataset(blank),
      'DATA_INVALID',
      /training split has 6 bytes but only blank lines/,
    );
  });

  it('a non-UTF-8 file: names the file, the byte offset, the line and the bytes', async () => {
    // "café" in Latin-1: é is the single byte 0xE9, not valid UTF-8.
    const latin1 = Uint8Array.from([
      ...Buffer.from(' the cat \n the caf'),
      0xe9,
      ...Buffer.from(' sat \n'),
    ]);
    const dir = ptbDir('latin1', {
      'ptb.train.txt': TRAIN,
      'ptb.valid.txt': VALID,
      'ptb.test.txt': latin1,
    });
    const e = await expectDlError(
      loadPtbDataset(dir),
      'FILE_CORRUPT',
      /test split is not valid UTF-8 at byte offset 18 \(line 2: bytes 0xE9 0x20 0x73 0x61\); expected UTF-8/,
    );
    expect(e.message).toContain(join(dir, 'ptb.test.txt'));
    await expectDlError(
      loadTextSplit(join(root, 'none.txt')),
      'FILE_NOT_FOUND',
      /sentence file not found/,
    );
  });

  it('finds the first byte that is not well-formed UTF-8', () => {
    const at = (bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
    expect(at([...Buffer.from('plain ascii')])).toBe(-1);
    expect(at([...Buffer.from('é ✓ 😀')])).toBe(-1);
    expect(at([0x61, 0xe9, 0x62])).toBe(1); // lone Latin-1 byte
    expect(at([0x61, 0xc0, 0xaf])).toBe(1); // overlong '/'
    expect(at([0xed, 0xa0, 0x80])).toBe(0); // UTF-16 surrogate
    expect(at([0x61, 0x62, 0xe2, 0x9c])).toBe(2); // truncated at the end
    expect(at([0x80])).toBe(0); // continuation byte first
  });
});

describe('encoding against the training vocabulary', () => {
  const vocab = LmVocabulary.fromSentences(parseSentences(TRAIN).sentences);

  it('reports a line whose words are all out of vocabulary, and still scores it', () => {
    const split = {
      ...parseSentences(' the dog sat \n zebra quokka \n a cat \n', '/data/ptb.test.txt'),
    };
    const enc = encodeSplit(split, vocab, 'test split');
    expect(enc.oovOnlyLines).toEqual([{ line: 2, text: 'zebra quokka' }]);
    expect(enc.oovWords).toBe(2);
    expect(enc.targets).toBe(3 + 2 + 2 + 3); // every word, plus one </s> per sentence
    expect(enc.sentences[1]).toEqual(Int32Array.from([1, 1]));
    expect(enc.warnings[0]).toBe(
      '/data/ptb.test.txt: 1 sentence(s) have no in-vocabulary word: line 2 ("zebra quokka"); they are scored as <unk> tokens and </s>',
    );
    // PTB's literal <unk> is not counted as out-of-vocabulary.
    expect(encodeSplit(parseSentences('the <unk> sat'), vocab).oovWords).toBe(0);
  });

  it('a file with no in-vocabulary word at all is an error that says what to check', () => {
    try {
      encodeSplit(parseSentences('zebra quokka\nwombat', '/data/other.txt'), vocab, 'test split');
      expect.unreachable();
    } catch (e) {
      expect(isDlError(e, 'DATA_INVALID')).toBe(true);
      expect((e as Error).message).toBe(
        "/data/other.txt: no word of the test split is in the model's vocabulary (3 words, e.g. 'zebra', 'quokka', 'wombat'): every token would be <unk>. Is it the same language and tokenisation as the training split?",
      );
    }
  });
});
