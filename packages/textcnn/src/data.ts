import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { DlError, dataFingerprint, type Fold, kFold, LabelMap, Rng } from '@dl/core';
import { parseDelimited } from './csv';
import { readTextFile } from './decode';

/** Labelled sentences, ready for trainTextCnn. */
export interface SentenceDataset {
  texts: string[];
  /** Class index of each sentence in `labelNames`. */
  labels: Int32Array;
  labelNames: string[];
  format: 'mr' | 'csv' | 'tsv' | 'synthetic';
  files: string[];
  encoding: 'utf-8' | 'latin1';
  fingerprint: string;
}

export interface LoadTextCnnDatasetOptions {
  /** Default: 'mr' for a .pos/.neg pair (or a folder or prefix of one), else by extension. */
  format?: 'mr' | 'csv' | 'tsv';
  /** Column index or header name of the label; default 0. */
  labelColumn?: number | string;
  /** Column index or header name of the text; default 1. */
  textColumn?: number | string;
  /** Whether the first row names the columns. Default: detected (its label never recurs below). */
  header?: boolean;
  /** Label order (class indices) to encode with, e.g. a trained model's; default sorted. */
  labels?: readonly string[];
}

/** @deprecated Use LoadTextCnnDatasetOptions; removed in the next minor. */
export type LoadSentenceDatasetOptions = LoadTextCnnDatasetOptions;

/**
 * Reads a sentence-classification data set:
 * - MR style: `NAME.pos` and `NAME.neg`, one sentence per line (Pang & Lee's rt-polarity,
 *   Latin-1), given as either file, the shared prefix, or a folder holding one such pair;
 * - CSV or TSV of label and text (the SMS Spam Collection: `ham<TAB>message`, no header).
 * Files are decoded as UTF-8, or Latin-1 when they are not valid UTF-8.
 */
export async function loadTextCnnDataset(
  path: string,
  options: LoadTextCnnDatasetOptions = {},
): Promise<SentenceDataset> {
  const format =
    options.format ?? (isMr(path) ? 'mr' : extname(path).toLowerCase() === '.csv' ? 'csv' : 'tsv');
  return format === 'mr' ? loadMr(path, options) : loadDelimited(path, format, options);
}

/** @deprecated Use loadTextCnnDataset; removed in the next minor. */
export const loadSentenceDataset = loadTextCnnDataset;

function isMr(path: string): boolean {
  const ext = extname(path).toLowerCase();
  if (ext === '.pos' || ext === '.neg') return true;
  if (existsSync(`${path}.pos`) || existsSync(`${path}.neg`)) return true;
  return existsSync(path) && statSync(path).isDirectory();
}

async function mrBase(path: string): Promise<string> {
  const ext = extname(path).toLowerCase();
  if (ext === '.pos' || ext === '.neg') return path.slice(0, -4);
  if (existsSync(path) && statSync(path).isDirectory()) {
    const names = (await readdir(path)).filter((n) => /\.(pos|neg)$/i.test(n));
    const bases = [...new Set(names.map((n) => n.slice(0, -4)))];
    if (bases.length !== 1) {
      throw new DlError(
        'DATA_INVALID',
        bases.length
          ? `holds ${bases.length} .pos/.neg sets (${bases.join(', ')}); give the one to read`
          : 'no NAME.pos / NAME.neg files in this folder',
        { path },
      );
    }
    return join(path, bases[0]);
  }
  return path;
}

async function loadMr(path: string, options: LoadTextCnnDatasetOptions): Promise<SentenceDataset> {
  const base = await mrBase(path);
  const files = [`${base}.neg`, `${base}.pos`];
  for (const f of files) {
    if (!existsSync(f)) {
      const other = files.find((g) => g !== f)!;
      throw new DlError(
        'FILE_NOT_FOUND',
        `MR-style data needs both ${basename(other)} and ${basename(f)}; ${basename(f)} is missing`,
        { path: f },
      );
    }
  }
  const map = new LabelMap(options.labels ?? ['neg', 'pos']);
  const texts: string[] = [];
  const labels: number[] = [];
  let encoding: 'utf-8' | 'latin1' = 'utf-8';
  for (const [file, label] of [
    [files[0], 'neg'],
    [files[1], 'pos'],
  ] as const) {
    const read = await readTextFile(file, 'sentence file');
    if (read.encoding === 'latin1') encoding = 'latin1';
    const lines = read.text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (!lines.length)
      throw new DlError('DATA_INVALID', 'the sentence file is empty', { path: file });
    for (const line of lines) {
      texts.push(line);
      labels.push(map.encode(label));
    }
  }
  return finish(texts, labels, map, 'mr', files, encoding);
}

async function loadDelimited(
  path: string,
  format: 'csv' | 'tsv',
  options: LoadTextCnnDatasetOptions,
): Promise<SentenceDataset> {
  const read = await readTextFile(path, `${format.toUpperCase()} file`);
  const rows = parseDelimited(read.text, format === 'csv' ? ',' : '\t', path);
  if (!rows.length)
    throw new DlError('DATA_INVALID', `the ${format.toUpperCase()} file is empty`, { path });
  const labelColumn = options.labelColumn ?? 0;
  const textColumn = options.textColumn ?? 1;
  const byName = typeof labelColumn === 'string' || typeof textColumn === 'string';
  const header =
    options.header ??
    (byName ||
      looksLikeHeader(rows.map((r) => r.cells[typeof labelColumn === 'number' ? labelColumn : 0])));
  if (byName && !header) {
    throw new DlError(
      'INVALID_ARGUMENT',
      'columns given by name need a header row (header: true)',
      { path },
    );
  }
  const names = header ? rows[0].cells : [];
  const column = (c: number | string, role: string): number => {
    if (typeof c === 'number') return c;
    const i = names.indexOf(c);
    if (i < 0)
      throw new DlError(
        'DATA_INVALID',
        `no ${role} column '${c}' in the header (columns: ${names.join(', ')})`,
        { path },
      );
    return i;
  };
  const li = column(labelColumn, 'label');
  const ti = column(textColumn, 'text');
  const body = header ? rows.slice(1) : rows;
  const raw: string[] = [];
  const texts: string[] = [];
  for (const row of body) {
    const need = Math.max(li, ti) + 1;
    if (row.cells.length < need) {
      throw new DlError(
        'FILE_CORRUPT',
        format === 'tsv' && row.cells.length === 1
          ? `line ${row.line} has no tab; expected 'label<TAB>text'`
          : `line ${row.line} has ${row.cells.length} column(s); expected at least ${need}`,
        { path },
      );
    }
    const label = row.cells[li].trim();
    if (!label) throw new DlError('FILE_CORRUPT', `line ${row.line} has an empty label`, { path });
    raw.push(label);
    // A TSV's last column keeps any further tabs as part of the sentence.
    texts.push(
      (ti === row.cells.length - 1 || format === 'csv'
        ? row.cells[ti]
        : row.cells.slice(ti).join('\t')
      ).trim(),
    );
  }
  if (!texts.length) throw new DlError('DATA_INVALID', 'no data rows below the header', { path });
  const map = options.labels ? new LabelMap(options.labels) : LabelMap.fromLabels(raw);
  return finish(
    texts,
    Array.from(raw, (l) => map.encode(l)),
    map,
    format,
    [path],
    read.encoding,
  );
}

/**
 * A first row is a header when its label cell never occurs again while the other rows repeat
 * their labels (a class column has few distinct values): 'v1' over ham/spam, 'label' over 0/1.
 * @internal
 */
export function looksLikeHeader(labelCells: readonly (string | undefined)[]): boolean {
  if (labelCells.length < 3) return false;
  const rest = labelCells.slice(1);
  if (rest.includes(labelCells[0])) return false;
  return new Set(rest).size <= rest.length / 2;
}

function finish(
  texts: string[],
  labels: number[],
  map: LabelMap,
  format: SentenceDataset['format'],
  files: string[],
  encoding: SentenceDataset['encoding'],
): SentenceDataset {
  return {
    texts,
    labels: Int32Array.from(labels),
    labelNames: [...map.labels],
    format,
    files,
    encoding,
    fingerprint: dataFingerprint([
      format,
      ...map.labels,
      Int32Array.from(labels),
      texts.join('\n'),
    ]),
  };
}

/** The sentences at `indices` (a split or fold), as a data set of its own. */
export function subsetSentences(
  data: SentenceDataset,
  indices: ArrayLike<number>,
): SentenceDataset {
  const texts = Array.from(indices, (i) => data.texts[i]);
  const labels = Int32Array.from(indices, (i) => data.labels[i]);
  return {
    ...data,
    texts,
    labels,
    fingerprint: dataFingerprint([data.fingerprint, Int32Array.from(indices)]),
  };
}

/**
 * Stratified k-fold splits (Kim's 10-fold CV on MR, which has no test split): every sentence
 * is in exactly one test fold.
 */
export function sentenceFolds(
  data: SentenceDataset,
  k = 10,
  seed = 1,
): { train: SentenceDataset; test: SentenceDataset; fold: Fold }[] {
  return kFold(data.labels, k, new Rng(seed).fork('folds')).map((fold) => ({
    train: subsetSentences(data, fold.train),
    test: subsetSentences(data, fold.test),
    fold,
  }));
}

/** Re-encodes `data`'s labels in the class order `labelNames` (a model's), by name. */
export function alignLabels(data: SentenceDataset, labelNames: readonly string[]): SentenceDataset {
  if (data.labelNames.join('\u0000') === labelNames.join('\u0000')) return data;
  const index = new Map(labelNames.map((l, i) => [l, i]));
  const remap = data.labelNames.map((l) => {
    const i = index.get(l);
    if (i === undefined) {
      throw new DlError(
        'DATA_INVALID',
        `the data has label '${l}', which the model does not know (it knows ${labelNames.join(', ')})`,
        { path: data.files[0] },
      );
    }
    return i;
  });
  return {
    ...data,
    labels: Int32Array.from(data.labels, (l) => remap[l]),
    labelNames: [...labelNames],
  };
}
