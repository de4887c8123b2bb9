import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, isDlError, Rng } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTextClassifiers } from '../src/compare';
import { loadTextCnnPredictor } from '../src/predict';
import { synthTextCnnSentiment } from '../src/synth';
import { tokenize } from '../src/tokenize';
import { trainTextCnn } from '../src/train';
import { PAD_ID } from '../src/vocabulary';

const root = mkdtempSync(join(tmpdir(), 'dl-textcnn-compare-'));
const data = synthTextCnnSentiment({ count: 300, seed: 5 });

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pretrained embeddings through trainTextCnn', () => {
  it('trains cnn-static from a GloVe-format file and records it; refuses without one', async () => {
    // A GloVe-style file covering all but one of the synthetic vocabulary's words.
    const words = [...new Set(data.texts.flatMap((t) => tokenize(t)))].sort();
    const rng = new Rng(1);
    const lines = words
      .slice(1)
      .map(
        (w) => `${w} ${Array.from({ length: 16 }, () => rng.normal(0, 0.3).toFixed(4)).join(' ')}`,
      );
    const file = join(root, 'vectors.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await trainTextCnn({
      architecture: 'cnn-static',
      data,
      outDir: join(root, 'static'),
      embeddingsFile: file,
      epochs: 2,
      maxLen: 24,
      filters: 8,
      seed: 2,
      progress: 'silent',
    });
    expect(r.metrics.accuracy).toBeGreaterThan(0);
    const meta = JSON.parse(await readFile(join(root, 'static', 'dl.json'), 'utf8'));
    expect(JSON.stringify(meta)).toMatch(/vectors\.txt/);
    const classifier = await loadTextCnnPredictor(join(root, 'static'));
    const p = classifier.predict('the plot was not good');
    expect(['pos', 'neg']).toContain(p.label);

    // The saved embedding matrix holds the file's vectors for the words it has, unchanged by
    // two epochs of training (frozen); the word it lacks got a draw in ±0.25; <pad> is zero.
    const fileVectors = new Map(
      lines.map((l) => {
        const [w, ...v] = l.split(' ');
        return [w, v.map(Number)];
      }),
    );
    const vocabulary = classifier.info.meta.vocabulary!;
    const [table] = classifier.model.getLayer('embedding').getWeights();
    const matrix = table.arraySync() as number[][];
    expect(matrix).toHaveLength(vocabulary.length);
    let checked = 0;
    vocabulary.forEach((word, id) => {
      const vector = fileVectors.get(word);
      if (!vector) return;
      matrix[id].forEach((v, j) => expect(v).toBeCloseTo(vector[j], 4));
      checked++;
    });
    // Every training word but the one left out of the file (and <pad>, <unk>).
    expect(checked).toBeGreaterThanOrEqual(vocabulary.length - 3);
    expect(checked).toBe(r.coverage?.found);
    const missing = vocabulary.indexOf(words[0]);
    if (missing >= 0) {
      for (const v of matrix[missing]) expect(Math.abs(v)).toBeLessThanOrEqual(0.25);
      expect(matrix[missing].some((v) => v !== 0)).toBe(true);
    }
    expect(matrix[PAD_ID].every((v) => v === 0)).toBe(true);
    classifier.dispose();

    const err = await trainTextCnn({
      architecture: 'cnn-static',
      data,
      outDir: join(root, 'x'),
    }).catch((e) => e);
    expect(isDlError(err)).toBe(true);
    expect(err.message).toMatch(/cnn-static needs pretrained word vectors/);
  });
});

describe('compareTextClassifiers', () => {
  it('runs k-fold CV for each model on the same folds', async () => {
    const rows = await compareTextClassifiers({
      models: ['tfidf', 'cnn-rand'],
      data,
      outDir: join(root, 'compare'),
      folds: 3,
      epochs: 1,
      maxLen: 24,
      filters: 8,
      embeddingDim: 16,
      seed: 4,
      progress: 'silent',
    });
    expect(rows.map((r) => r.model)).toEqual(['tfidf', 'cnn-rand']);
    for (const r of rows) {
      expect(r.foldAccuracies).toHaveLength(3);
      expect(r.accuracy).toBeCloseTo(r.foldAccuracies.reduce((a, b) => a + b, 0) / 3, 10);
      for (const d of r.artifactDirs) expect(existsSync(join(d, 'dl.json'))).toBe(true);
    }
  });
});
