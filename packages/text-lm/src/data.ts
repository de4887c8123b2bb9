import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DlError, dataFingerprint } from '@dl/core';

/** One split of a corpus: the words of each non-blank line, and where that line was. */
export interface TextSplit {
  /** Tokens of each sentence (one non-blank line), without `<s>` / `</s>`. */
  sentences: string[][];
  /** 1-based line number of each sentence in `file` (for messages). */
  lines: number[];
  /** The file it was read from; null for generated data. */
  file: string | null;
}

export interface LmDataset {
  train: TextSplit;
  validation: TextSplit;
  test: TextSplit;
  source: 'ptb' | 'synthetic';
  fingerprint: string;
}

/** The three files of a Penn Treebank directory (Mikolov's preprocessed PTB). */
export const PTB_FILES = {
  train: 'ptb.train.txt',
  validation: 'ptb.valid.txt',
  test: 'ptb.test.txt',
} as const;
/** Also accepted: the WikiText-style names. */
const PLAIN_FILES = { train: 'train.txt', validation: 'valid.txt', test: 'test.txt' } as const;

type SplitName = keyof typeof PTB_FILES;

/**
 * Byte offset of the first byte that is not part of a well-formed UTF-8 sequence (overlong
 * forms, surrogates and code points past U+10FFFF included), or -1 when all of it is UTF-8.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');

/**
 * Reads a text file that must be UTF-8 (PTB is ASCII). Any other encoding is an error that
 * names the file and the byte offset: silently decoding Latin-1 would make different words of
 * the same bytes, and their ids would not match the vocabulary.
 */
export async function readUtf8File(
  path: string,
  what: string,
): Promise<{ text: string; bytes: Uint8Array }> {
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `expected the ${what} (a text file); this is a directory`,
        {
          path,
        },
      );
    }
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof DlError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new DlError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_CORRUPT',
      code === 'ENOENT' ? `${what} not found` : `cannot read the ${what} (${(e as Error).message})`,
      { path, cause: e },
    );
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), bytes };
  } catch (cause) {
    const at = firstInvalidUtf8(bytes);
    const where =
      at >= 0
        ? ` at byte offset ${at} (line ${countLines(bytes, at)}: bytes ${hex(bytes.subarray(at, at + 4))})`
        : '';
    throw new DlError(
      'FILE_CORRUPT',
      `the ${what} is not valid UTF-8${where}; expected UTF-8 (or ASCII) text, one sentence per line — convert it first (e.g. iconv -f latin1 -t utf-8)`,
      { path, cause },
    );
  }
}

function countLines(bytes: Uint8Array, end: number): number {
  let n = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

/** One sentence per non-blank line, words split on whitespace (PTB's format). */
export function parseSentences(text: string, file: string | null = null): TextSplit {
  const sentences: string[][] = [];
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    const tokens = line.trim().split(/\s+/u);
    if (tokens.length === 1 && tokens[0] === '') return;
    sentences.push(tokens);
    lines.push(i + 1);
  });
  return { sentences, lines, file };
}

/** Reads one file of sentences (a split, or text to evaluate or score). */
export async function loadTextSplit(path: string, what = 'sentence file'): Promise<TextSplit> {
  const { text, bytes } = await readUtf8File(path, what);
  const split = parseSentences(text, path);
  if (split.sentences.length === 0) {
    throw new DlError(
      'DATA_INVALID',
      bytes.length === 0
        ? `the ${what} is empty (0 bytes); expected one sentence per line, words separated by spaces`
        : `the ${what} has ${bytes.length} bytes but only blank lines; expected one sentence per line, words separated by spaces`,
      { path },
    );
  }
  return split;
}

function splitFile(dir: string, split: SplitName, present: readonly string[]): string {
  for (const name of [PTB_FILES[split], PLAIN_FILES[split]]) {
    if (present.includes(name)) return join(dir, name);
  }
  const shown = present.filter((n) => !n.startsWith('.')).slice(0, 12);
  throw new DlError(
    'FILE_NOT_FOUND',
    `${PTB_FILES[split]} (the ${split === 'train' ? 'training' : split} split) is missing: a Penn Treebank directory holds ${Object.values(PTB_FILES).join(', ')}; found ${shown.length ? shown.join(', ') : 'no files'}${present.length > shown.length ? ', …' : ''}`,
    { path: join(dir, PTB_FILES[split]) },
  );
}

/**
 * Reads a Penn Treebank directory as Mikolov distributes it (`ptb.train.txt`, `ptb.valid.txt`,
 * `ptb.test.txt`; `train.txt`/`valid.txt`/`test.txt` also work): one sentence per line, words
 * separated by spaces, rare words already written `<unk>`, numbers `N`.
 */
export async function loadLmDataset(dir: string): Promise<LmDataset> {
  if (!existsSync(dir)) {
    throw new DlError('FILE_NOT_FOUND', 'data directory does not exist', { path: dir });
  }
  if (!statSync(dir).isDirectory()) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `expected a directory holding ${Object.values(PTB_FILES).join(', ')}; this is a file`,
      { path: dir },
    );
  }
  const present = (await readdir(dir)).sort();
  const files = {
    train: splitFile(dir, 'train', present),
    validation: splitFile(dir, 'validation', present),
    test: splitFile(dir, 'test', present),
  };
  const parts: string[] = [];
  const read = async (split: SplitName) => {
    const s = await loadTextSplit(
      files[split],
      split === 'train' ? 'training split' : `${split} split`,
    );
    parts.push(basename(files[split]), String(s.sentences.length), s.sentences.join('\n'));
    return s;
  };
  const train = await read('train');
  const validation = await read('validation');
  const test = await read('test');
  return { train, validation, test, source: 'ptb', fingerprint: dataFingerprint(parts) };
}

/** @deprecated Use loadLmDataset; removed in the next minor. */
export const loadPtbDataset = loadLmDataset;
