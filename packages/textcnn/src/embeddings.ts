import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DlError, Rng } from '@dl/core';
import { PAD_ID, UNK_ID, type Vocabulary } from './vocabulary';

export interface WordVectors {
  /** Row-major [vocabulary size × dim], row i for word id i. */
  matrix: Float32Array;
  dim: number;
  /** Vocabulary words (not <pad>, <unk>) found in the file. */
  coverage: { found: number; total: number; ratio: number };
}

export interface LoadWordVectorsOptions {
  /** Seed of the uniform ±0.25 draws for words the file lacks. */
  seed?: number;
  /** Half-width of those draws; Kim: 0.25. */
  oovScale?: number;
}

/**
 * Reads GloVe (`word v1 … vd`) or word2vec text (`N d` header line, then the same) vectors
 * line by line, keeping only vocabulary words, so a 1 GB file never sits in memory. Words the
 * file lacks get vectors uniform in ±0.25 (Kim 2014); <pad> stays zero so padding adds nothing
 * to a convolution. The first occurrence of a word wins.
 */
export async function loadWordVectors(
  path: string,
  vocab: Vocabulary,
  options: LoadWordVectorsOptions = {},
): Promise<WordVectors> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new DlError('FILE_NOT_FOUND', 'word-vector file not found', { path });
  }
  let dim = 0;
  let matrix = new Float32Array(0);
  const seen = new Uint8Array(vocab.size);
  let found = 0;
  let lineNo = 0;
  let dimLine = 0;
  let header = false;
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trimEnd();
    if (!line) continue;
    const space = line.indexOf(' ');
    if (lineNo === 1 && /^\d+ \d+$/.test(line)) {
      // word2vec text header: "<words> <dim>".
      dim = Number(line.slice(space + 1));
      dimLine = 1;
      header = true;
      matrix = new Float32Array(vocab.size * dim);
      continue;
    }
    let values = 0;
    for (let i = space; i !== -1; i = line.indexOf(' ', i + 1)) values++;
    if (space <= 0 || values === 0) {
      throw new DlError('FILE_CORRUPT', `line ${lineNo} is not 'word value value …'`, { path });
    }
    if (dim === 0) {
      dim = values;
      dimLine = lineNo;
      matrix = new Float32Array(vocab.size * dim);
    } else if (values !== dim) {
      throw new DlError(
        'FILE_CORRUPT',
        `inconsistent dimension on line ${lineNo}: ${values} values, but ${header ? 'the header (line 1) says' : `line ${dimLine} has`} ${dim}`,
        { path },
      );
    }
    const word = line.slice(0, space);
    if (!vocab.has(word)) continue;
    const id = vocab.id(word);
    if (id <= UNK_ID || seen[id]) continue;
    const parts = line.slice(space + 1).split(' ');
    for (let j = 0; j < dim; j++) {
      const v = Number(parts[j]);
      if (!Number.isFinite(v)) {
        throw new DlError(
          'FILE_CORRUPT',
          `line ${lineNo}: value ${j + 1} of '${word}' is '${parts[j]}', not a number`,
          { path },
        );
      }
      matrix[id * dim + j] = v;
    }
    seen[id] = 1;
    found++;
  }
  if (dim === 0) throw new DlError('FILE_CORRUPT', 'the word-vector file is empty', { path });

  const rng = new Rng(options.seed ?? 1);
  const scale = options.oovScale ?? 0.25;
  for (let id = 0; id < vocab.size; id++) {
    if (id === PAD_ID || seen[id]) continue;
    for (let j = 0; j < dim; j++) matrix[id * dim + j] = rng.uniform(-scale, scale);
  }
  // <pad> and <unk> are ours, not words a vectors file could cover.
  const total = vocab.size - 2;
  return { matrix, dim, coverage: { found, total, ratio: total ? found / total : 0 } };
}
