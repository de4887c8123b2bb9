import { existsSync, statSync } from 'node:fs';
import { DlError, Rng } from '@dl/core';
import { ChunkedFile } from './vector-file';
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
 * Largest vector dimension accepted. Published vectors have 25–1024 dimensions; a header or line
 * claiming more is damaged, and the matrix is vocabulary size × dim floats.
 */
const MAX_DIM = 10_000;
/** Longest text line: MAX_DIM values of up to ~100 characters each, plus the word. */
const MAX_LINE_BYTES = 1 << 20;
/** Longest word of a binary word2vec record (the reference tool cuts words at 100 bytes). */
const MAX_WORD_BYTES = 4096;

/**
 * Reads word vectors, keeping only vocabulary words, chunk by chunk so a 4 GB file never sits
 * in memory. Formats (told apart by content): GloVe text (`word v1 … vd` a line), word2vec text
 * (a `count dim` header line, then the same) and word2vec binary (the header line, then per
 * word `word ` and dim little-endian float32s). Words the file lacks get vectors uniform in
 * ±0.25 (Kim 2014); <pad> stays zero so padding adds nothing to a convolution. The first
 * occurrence of a word wins.
 *
 * Limits, checked before the matrix is allocated: dim ≤ 10,000 and lines ≤ 1 MiB
 * (LIMIT_EXCEEDED); a header's count × dim must fit in the bytes that follow it, its dim must
 * match the first record, and the file must hold exactly `count` records (FILE_CORRUPT).
 */
export async function loadWordVectors(
  path: string,
  vocab: Vocabulary,
  options: LoadWordVectorsOptions = {},
): Promise<WordVectors> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new DlError('FILE_NOT_FOUND', 'word-vector file not found', { path });
  }
  const file = await ChunkedFile.open(path);
  try {
    const table = new VectorTable(vocab);
    await readVectors(file, table);
    if (table.dim === 0)
      throw new DlError('FILE_CORRUPT', 'the word-vector file is empty', { path });
    return table.finish(options);
  } finally {
    await file.close();
  }
}

/** The matrix being filled: allocated only once a record has confirmed the dimension. */
class VectorTable {
  dim = 0;
  matrix = new Float32Array(0);
  private readonly seen: Uint8Array;
  private found = 0;

  constructor(private readonly vocab: Vocabulary) {
    this.seen = new Uint8Array(vocab.size);
  }

  start(dim: number): void {
    this.dim = dim;
    this.matrix = new Float32Array(this.vocab.size * dim);
  }

  /** Id of a vocabulary word not filled yet (never <pad> or <unk>), else undefined. */
  claim(word: string): number | undefined {
    if (!this.vocab.has(word)) return undefined;
    const id = this.vocab.id(word);
    if (id <= UNK_ID || this.seen[id]) return undefined;
    this.seen[id] = 1;
    this.found++;
    return id;
  }

  finish(options: LoadWordVectorsOptions): WordVectors {
    const { dim, matrix, seen } = this;
    const rng = new Rng(options.seed ?? 1);
    const scale = options.oovScale ?? 0.25;
    for (let id = 0; id < this.vocab.size; id++) {
      if (id === PAD_ID || seen[id]) continue;
      for (let j = 0; j < dim; j++) matrix[id * dim + j] = rng.uniform(-scale, scale);
    }
    // <pad> and <unk> are ours, not words a vectors file could cover.
    const total = this.vocab.size - 2;
    const found = this.found;
    return { matrix, dim, coverage: { found, total, ratio: total ? found / total : 0 } };
  }
}

interface Header {
  count: number;
  dim: number;
}

const utf8 = new TextDecoder('utf-8');

async function readVectors(file: ChunkedFile, table: VectorTable): Promise<void> {
  const first = await file.line(MAX_LINE_BYTES, () => 'line 1');
  if (first === undefined) return;
  const text = utf8.decode(first).trimEnd();
  if (!/^\d+ \d+$/.test(text)) return readText(file, table, undefined, text);
  // word2vec header: "<words> <dim>".
  const [count, dim] = text.split(' ').map(Number);
  const header = { count, dim };
  checkHeader(file, header);
  // Text records are checked against the header line by line, before anything is allocated.
  if (!looksBinary(await file.peek(MAX_WORD_BYTES + 2 + 4 * dim), dim))
    return readText(file, table, header);
  checkBinarySize(file, header);
  return readBinary(file, table, header);
}

/** Dim within the cap, count and dim non-zero. */
function checkHeader(file: ChunkedFile, { count, dim }: Header): void {
  if (dim > MAX_DIM) {
    throw new DlError(
      'LIMIT_EXCEEDED',
      `the header (line 1) says ${dim} dimensions, above the limit of ${MAX_DIM}`,
      { path: file.path },
    );
  }
  if (count === 0 || dim === 0) {
    throw new DlError('FILE_CORRUPT', `the header (line 1) says ${count} words of ${dim} values`, {
      path: file.path,
    });
  }
}

/** Binary records are at least "w " and dim float32s: count of them must fit in the file. */
function checkBinarySize(file: ChunkedFile, { count, dim }: Header): void {
  const rest = file.size - file.offset;
  const needed = count * (4 * dim + 2);
  if (needed <= rest) return;
  throw new DlError(
    'FILE_CORRUPT',
    `the header (line 1) says ${count} words × ${dim} float32 values, which take at least ` +
      `${needed} bytes; the file has ${rest} after it (truncated?)`,
    { path: file.path },
  );
}

/**
 * word2vec binary, not text: the 4·dim bytes after the first word hold a control byte or are
 * not UTF-8 (a float32 almost always does one or the other; text vectors never do).
 */
function looksBinary(sample: Uint8Array, dim: number): boolean {
  let at = 0;
  while (sample[at] === 0x0a) at++;
  const space = sample.indexOf(0x20, at);
  if (space < 0) return false;
  const floats = sample.subarray(space + 1, space + 1 + 4 * dim);
  const control = floats.some(
    (b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f,
  );
  if (control) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(floats, { stream: true });
    return false;
  } catch {
    return true;
  }
}

async function readText(
  file: ChunkedFile,
  table: VectorTable,
  header: Header | undefined,
  firstLine?: string,
): Promise<void> {
  const path = file.path;
  let dim = header?.dim ?? 0;
  let dimLine = header ? 1 : 0;
  let records = 0;
  const record = (line: string, lineNo: number): void => {
    if (!line) return;
    const space = line.indexOf(' ');
    let values = 0;
    for (let i = space; i !== -1; i = line.indexOf(' ', i + 1)) values++;
    if (space <= 0 || values === 0) {
      throw new DlError('FILE_CORRUPT', `line ${lineNo} is not 'word value value …'`, { path });
    }
    if (dim === 0) {
      if (values > MAX_DIM) {
        throw new DlError(
          'LIMIT_EXCEEDED',
          `line ${lineNo} has ${values} values, above the limit of ${MAX_DIM} dimensions`,
          { path },
        );
      }
      dim = values;
      dimLine = lineNo;
    } else if (values !== dim) {
      throw new DlError(
        'FILE_CORRUPT',
        `inconsistent dimension on line ${lineNo}: ${values} values, but ${header ? 'the header (line 1) says' : `line ${dimLine} has`} ${dim}`,
        { path },
      );
    }
    if (table.dim === 0) table.start(dim);
    records++;
    if (header && records > header.count) {
      throw new DlError(
        'FILE_CORRUPT',
        `line ${lineNo} is word ${records}, but the header (line 1) says ${header.count} words`,
        { path },
      );
    }
    const word = line.slice(0, space);
    const id = table.claim(word);
    if (id !== undefined) fillRow(table, id, line.slice(space + 1).split(' '), word, lineNo, path);
  };

  let lineNo = 1;
  if (firstLine !== undefined) record(firstLine, lineNo);
  for (;;) {
    const no = ++lineNo;
    const raw = await file.line(MAX_LINE_BYTES, () => `line ${no}`);
    if (raw === undefined) break;
    record(utf8.decode(raw).trimEnd(), no);
  }
  if (header && records < header.count) {
    throw new DlError(
      'FILE_CORRUPT',
      `the header (line 1) says ${header.count} words, the file has ${records} (truncated?)`,
      { path },
    );
  }
}

function fillRow(
  table: VectorTable,
  id: number,
  parts: string[],
  word: string,
  lineNo: number,
  path: string,
): void {
  const { dim, matrix } = table;
  for (let j = 0; j < dim; j++) {
    const v = parts[j] === '' ? Number.NaN : Number(parts[j]);
    if (!Number.isFinite(v)) {
      throw new DlError(
        'FILE_CORRUPT',
        `line ${lineNo}: value ${j + 1} of '${word}' is '${parts[j]}', not a number`,
        { path },
      );
    }
    matrix[id * dim + j] = v;
  }
}

async function readBinary(file: ChunkedFile, table: VectorTable, header: Header): Promise<void> {
  const { count, dim } = header;
  const path = file.path;
  table.start(dim);
  for (let r = 1; r <= count; r++) {
    const at = file.offset;
    const word = await binaryWord(file, r, count);
    const raw = await file.bytes(4 * dim);
    if (raw.length < 4 * dim) {
      throw new DlError(
        'FILE_CORRUPT',
        `record ${r} ('${word}', byte ${at}): expected ${4 * dim} bytes of ${dim} float32 ` +
          `values, found ${raw.length} (file truncated?)`,
        { path },
      );
    }
    const id = table.claim(word);
    if (id === undefined) continue;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let j = 0; j < dim; j++) {
      const v = view.getFloat32(4 * j, true);
      if (!Number.isFinite(v)) {
        throw new DlError('FILE_CORRUPT', `record ${r}: value ${j + 1} of '${word}' is ${v}`, {
          path,
        });
      }
      table.matrix[id * dim + j] = v;
    }
  }
}

/** A record's word: bytes up to a space, after the line break that ends the previous record. */
async function binaryWord(file: ChunkedFile, r: number, count: number): Promise<string> {
  const head = await file.peek(MAX_WORD_BYTES + 2);
  let start = 0;
  while (head[start] === 0x0a || head[start] === 0x0d) start++;
  const space = head.indexOf(0x20, start);
  const problem =
    start >= head.length
      ? `the file ends at record ${r} of the ${count} its header (line 1) promises (truncated?)`
      : space < 0
        ? `record ${r} (byte ${file.offset + start}) has no space ending its word within ${MAX_WORD_BYTES} bytes`
        : space === start
          ? `record ${r} (byte ${file.offset + start}) has an empty word`
          : undefined;
  if (problem) throw new DlError('FILE_CORRUPT', problem, { path: file.path });
  const word = utf8.decode(head.subarray(start, space));
  await file.bytes(space + 1);
  return word;
}
