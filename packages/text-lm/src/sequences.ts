import { DlError, type Rng } from '@dl/core';
import type { TextSplit } from './data';
import { BOS_ID, EOS_ID, type LmVocabulary, UNK, UNK_ID } from './vocabulary';

/** A split as token ids, with what the vocabulary could not cover. */
export interface EncodedSplit {
  /** Word ids of each sentence (no `<s>` / `</s>`). */
  sentences: Int32Array[];
  /** Words (without `</s>`). */
  words: number;
  /** Tokens perplexity is averaged over: every word plus one `</s>` per sentence. */
  targets: number;
  /** Words the vocabulary lacks, scored as `<unk>` (PTB's literal `<unk>` not counted). */
  oovWords: number;
  /** Sentences with no in-vocabulary word at all (1-based line numbers and their text). */
  oovOnlyLines: { line: number; text: string }[];
  /** What a user should know: OOV-only lines and the OOV rate, in words. */
  warnings: string[];
  file: string | null;
}

/**
 * Maps a split's words to ids. A sentence whose words are all out of vocabulary is kept (it is
 * scored as that many `<unk>` and its `</s>`: dropping it would flatter perplexity) and reported
 * in `oovOnlyLines` and `warnings`; a split with no in-vocabulary word at all is an error.
 */
export function encodeSplit(split: TextSplit, vocab: LmVocabulary, what = 'split'): EncodedSplit {
  const where = split.file ?? what;
  if (split.sentences.length === 0) {
    throw new DlError('DATA_INVALID', `the ${what} has no sentences`, {
      path: split.file ?? undefined,
    });
  }
  let words = 0;
  let oovWords = 0;
  let known = 0;
  const oovOnlyLines: { line: number; text: string }[] = [];
  const sentences = split.sentences.map((tokens, i) => {
    const ids = new Int32Array(tokens.length);
    let inVocab = 0;
    tokens.forEach((w, k) => {
      const id = vocab.id(w);
      ids[k] = id;
      if (id !== UNK_ID) inVocab++;
      else if (w !== UNK) oovWords++;
    });
    words += tokens.length;
    known += inVocab;
    if (inVocab === 0) oovOnlyLines.push({ line: split.lines[i] ?? i + 1, text: tokens.join(' ') });
    return ids;
  });
  if (known === 0) {
    const sample = [...new Set(split.sentences.flat())].slice(0, 5).map((w) => `'${w}'`);
    throw new DlError(
      'DATA_INVALID',
      `no word of the ${what} is in the model's vocabulary (${words} words, e.g. ${sample.join(', ')}): every token would be <unk>. Is it the same language and tokenisation as the training split?`,
      { path: split.file ?? undefined },
    );
  }
  const warnings: string[] = [];
  if (oovOnlyLines.length) {
    const shown = oovOnlyLines
      .slice(0, 3)
      .map((l) => `line ${l.line} ("${l.text.length > 40 ? `${l.text.slice(0, 40)}…` : l.text}")`);
    warnings.push(
      `${where}: ${oovOnlyLines.length} sentence(s) have no in-vocabulary word: ${shown.join(', ')}${oovOnlyLines.length > 3 ? `, and ${oovOnlyLines.length - 3} more` : ''}; they are scored as <unk> tokens and </s>`,
    );
  }
  if (oovWords > 0.1 * words) {
    warnings.push(
      `${where}: ${((100 * oovWords) / words).toFixed(1)}% of the words are out of vocabulary and scored as <unk>`,
    );
  }
  return {
    sentences,
    words,
    targets: words + sentences.length,
    oovWords,
    oovOnlyLines,
    warnings,
    file: split.file,
  };
}

/**
 * A window of token ids, time-major ([steps × batch], index t·batch + b): the inputs, the next
 * tokens to predict and a 0/1 mask (0 = padding, never scored).
 */
export interface Batch {
  inputs: Int32Array;
  targets: Int32Array;
  mask: Float32Array;
  steps: number;
  batch: number;
}

/**
 * The continuous-stream regime (Zaremba et al. 2014): the split is one token stream —
 * `</s> w w w </s> w w </s> …` — cut into `batch` contiguous rows, and each row into windows of
 * `steps` tokens. Window k of row b continues window k−1 of row b, so the LSTM state carries
 * across windows. The leading `</s>` is context only, so every word and every `</s>` of the split
 * is a target exactly once; the last window's unused positions are masked.
 */
export function streamBatches(split: EncodedSplit, batch: number, steps: number): Batch[] {
  checkPositive('batch', batch);
  checkPositive('steps', steps);
  const stream = new Int32Array(split.targets + 1);
  let at = 0;
  stream[at++] = EOS_ID;
  for (const s of split.sentences) {
    stream.set(s, at);
    at += s.length;
    stream[at++] = EOS_ID;
  }
  const n = stream.length - 1; // targets
  const rowLen = Math.ceil(n / batch);
  const windows = Math.ceil(rowLen / steps);
  const out: Batch[] = [];
  for (let k = 0; k < windows; k++) {
    const inputs = new Int32Array(steps * batch);
    const targets = new Int32Array(steps * batch);
    const mask = new Float32Array(steps * batch);
    for (let t = 0; t < steps; t++) {
      const inRow = k * steps + t;
      if (inRow >= rowLen) break;
      for (let b = 0; b < batch; b++) {
        const pos = b * rowLen + inRow;
        if (pos >= n) continue;
        const i = t * batch + b;
        inputs[i] = stream[pos];
        targets[i] = stream[pos + 1];
        mask[i] = 1;
      }
    }
    out.push({ inputs, targets, mask, steps, batch });
  }
  return out;
}

/** Padded sentences as rows of `seqLen`: inputs `<s> w…`, targets `w… </s>`, mask. */
export interface PaddedRows {
  inputs: Int32Array;
  targets: Int32Array;
  mask: Float32Array;
  rows: number;
  seqLen: number;
}

/**
 * The padded regime of the seed: each sentence becomes `<s> w1 … wn` → `w1 … wn </s>`, padded
 * with `<pad>` (id 0, mask 0) to `seqLen`. A sentence longer than seqLen − 1 words continues in
 * further rows (from a fresh state), so — unlike truncating — every word and `</s>` is scored once.
 */
export function paddedRows(split: EncodedSplit, seqLen: number): PaddedRows {
  checkPositive('seqLen', seqLen);
  let rows = 0;
  for (const s of split.sentences) rows += Math.ceil((s.length + 1) / seqLen);
  const inputs = new Int32Array(rows * seqLen);
  const targets = new Int32Array(rows * seqLen);
  const mask = new Float32Array(rows * seqLen);
  let row = 0;
  for (const s of split.sentences) {
    const n = s.length + 1;
    for (let start = 0; start < n; start += seqLen) {
      const base = row * seqLen;
      for (let j = 0; j < seqLen && start + j < n; j++) {
        const pos = start + j;
        inputs[base + j] = pos === 0 ? BOS_ID : s[pos - 1];
        targets[base + j] = pos < s.length ? s[pos] : EOS_ID;
        mask[base + j] = 1;
      }
      row++;
    }
  }
  return { inputs, targets, mask, rows, seqLen };
}

/** Batches of padded rows (time-major), in `order` (a shuffled permutation when training). */
export function* paddedBatches(rows: PaddedRows, batch: number, rng?: Rng): Generator<Batch> {
  checkPositive('batch', batch);
  const order = rng
    ? rng.permutation(rows.rows)
    : Int32Array.from({ length: rows.rows }, (_, i) => i);
  const L = rows.seqLen;
  for (let start = 0; start < rows.rows; start += batch) {
    const b = Math.min(batch, rows.rows - start);
    const inputs = new Int32Array(L * b);
    const targets = new Int32Array(L * b);
    const mask = new Float32Array(L * b);
    for (let k = 0; k < b; k++) {
      const r = order[start + k] * L;
      for (let t = 0; t < L; t++) {
        inputs[t * b + k] = rows.inputs[r + t];
        targets[t * b + k] = rows.targets[r + t];
        mask[t * b + k] = rows.mask[r + t];
      }
    }
    yield { inputs, targets, mask, steps: L, batch: b };
  }
}

export const paddedBatchCount = (rows: PaddedRows, batch: number) => Math.ceil(rows.rows / batch);

function checkPositive(name: string, v: number) {
  if (!Number.isInteger(v) || v < 1) {
    throw new DlError('INVALID_ARGUMENT', `${name} must be a positive integer, got ${v}`);
  }
}
