import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, kFold, Rng, readDlMeta } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentenceDataset } from '../src/data';
import { TFIDF_DEFAULTS } from '../src/defaults';
import { linearAccuracy } from '../src/linear-scores';
import { fitLogisticRegression } from '../src/logreg';
import { synthTextCnnSentiment } from '../src/synth';
import { selectTerms } from '../src/terms';
import { TfidfVectorizer } from '../src/tfidf';
import { tokenize } from '../src/tokenize';
import { trainTextCnn } from '../src/train';

const root = mkdtempSync(join(tmpdir(), 'dl-textcnn-select-c-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Sentences of two classes, each from its own words (so they separate perfectly). */
function twoClasses(ham: number, spam: number): SentenceDataset {
  const hamWords = ['see', 'you', 'at', 'lunch', 'mum', 'home', 'later', 'ok'];
  const spamWords = ['win', 'free', 'prize', 'now', 'claim', 'cash', 'txt', 'urgent'];
  const sentence = (words: string[], i: number) =>
    [0, 1, 2].map((k) => words[(i * (k + 1) + k) % words.length]).join(' ');
  const texts = [
    ...Array.from({ length: ham }, (_, i) => sentence(hamWords, i)),
    ...Array.from({ length: spam }, (_, i) => sentence(spamWords, i)),
  ];
  return {
    texts,
    labels: Int32Array.from(texts, (_, i) => (i < ham ? 0 : 1)),
    labelNames: ['ham', 'spam'],
    format: 'synthetic',
    files: [],
    encoding: 'utf-8',
    fingerprint: `two-classes-${ham}-${spam}`,
  };
}

describe('TF-IDF + LR: C chosen by cross-validation on the training portion', () => {
  it('picks the large C when the small one can only predict the majority class', async () => {
    // 30 ham, 10 spam: stratified folds of 6 + 2. At C = 0.001 the weights are ~0 and the
    // unpenalised bias says 'ham' for everything (0.75); at C = 100 the words separate (1.0).
    const data = twoClasses(30, 10);
    const outDir = join(root, 'large');
    const r = await trainTextCnn({
      architecture: 'tfidf',
      data,
      testData: data,
      outDir,
      cGrid: [100, 0.001],
    });
    expect(r.cSelection).toEqual({ grid: [0.001, 100], folds: 5, meanAccuracy: [0.75, 1], c: 100 });
    const meta = await readDlMeta(outDir);
    expect(meta.extra).toMatchObject({ c: 100, cSelection: r.cSelection });
    expect(r.message).toMatch(/C 100 by 5-fold cross-validation/);
  });

  it('on a tie takes the smallest C (as LogisticRegressionCV)', async () => {
    const data = twoClasses(20, 20);
    const r = await trainTextCnn({
      architecture: 'tfidf',
      data,
      testData: data,
      outDir: join(root, 'tie'),
      cGrid: [16, 1, 4],
    });
    expect(r.cSelection?.meanAccuracy).toEqual([1, 1, 1]);
    expect(r.cSelection?.c).toBe(1);
  });

  it('scores each C on folds of the training data alone, each fold with its own TF-IDF', async () => {
    const data = synthTextCnnSentiment({ count: 300, seed: 11 });
    const testData = synthTextCnnSentiment({ count: 100, seed: 12 });
    const grid = [0.25, 1, 4, 16];
    const r = await trainTextCnn({
      architecture: 'tfidf',
      data,
      testData,
      outDir: join(root, 'recomputed'),
      cGrid: grid,
      seed: 5,
      // Tight, so that warm starts along the grid and cold fits agree.
      tolerance: 1e-8,
    });
    // With a test set there is no validation slice: all of `data` trains (and is cross-validated).
    const tokens = data.texts.map(tokenize);
    expect(r.terms?.candidates).toBe(
      selectTerms(tokens, { ...TFIDF_DEFAULTS }).selection.candidates,
    );
    expect(r.metrics.validationAccuracy).toBeUndefined();
    // The same folds and fits, by hand.
    const folds = kFold(data.labels, 5, new Rng(5).fork('c-folds'));
    const mean = grid.map((c) => {
      let sum = 0;
      for (const { train, test } of folds) {
        const docs = Array.from(train, (i) => tokens[i]);
        const v = TfidfVectorizer.fit(docs);
        const fit = fitLogisticRegression(
          docs.map((d) => v.transform(d)),
          Array.from(train, (i) => data.labels[i]),
          v.size,
          2,
          { c, tolerance: 1e-8 },
        );
        const rows = Array.from(test, (i) => v.transform(tokens[i]));
        sum += linearAccuracy(
          rows,
          Array.from(test, (i) => data.labels[i]),
          fit.weights,
          fit.bias,
        );
      }
      return sum / folds.length;
    });
    const want = r.cSelection!.meanAccuracy;
    mean.forEach((m, i) => {
      // Warm starts along the grid reach the same optimum up to the solver's tolerance: at most
      // one held-out sentence (of 5 × 60) may fall on the other side.
      expect(Math.abs(m - want[i])).toBeLessThanOrEqual(1 / 300 + 1e-12);
    });
    const best = Math.max(...want);
    expect(r.cSelection?.c).toBe(grid[want.indexOf(best)]);
  });

  it('uses a given c as it is, without cross-validation', async () => {
    const data = twoClasses(20, 20);
    const r = await trainTextCnn({
      architecture: 'tfidf',
      data,
      outDir: join(root, 'fixed'),
      c: 3,
    });
    expect(r.cSelection).toBeUndefined();
    expect((await readDlMeta(join(root, 'fixed'))).extra).toMatchObject({ c: 3, cSelection: null });
  });

  it('refuses a bad grid or fold count before any work', async () => {
    const data = twoClasses(10, 10);
    const outDir = join(root, 'refused');
    await expect(
      trainTextCnn({ architecture: 'tfidf', data, outDir, cGrid: [1, -2] }),
    ).rejects.toThrow(/cGrid must hold positive numbers, got \[1, -2\]/);
    await expect(trainTextCnn({ architecture: 'tfidf', data, outDir, cvFolds: 1 })).rejects.toThrow(
      /cvFolds must be an integer ≥ 2, got 1/,
    );
    await expect(
      trainTextCnn({ architecture: 'tfidf', data, outDir, learningRate: 0.1 }),
    ).rejects.toThrow(/learningRate is the step size of solver 'adam'/);
  });
});

describe('the term rules never cut silently', () => {
  it('reports what minDf and maxFeatures dropped', async () => {
    const twenty = twoClasses(20, 20);
    // One sentence of words seen once, so that minDf 2 drops something.
    const data = {
      ...twenty,
      texts: [...twenty.texts, 'zebra quokka'],
      labels: Int32Array.from([...twenty.labels, 0]),
    };
    const all = selectTerms(data.texts.map(tokenize), { maxNgram: 2, minDf: 1, maxFeatures: 1e9 });
    const r = await trainTextCnn({
      architecture: 'tfidf',
      data,
      testData: data,
      outDir: join(root, 'cut'),
      minDf: 2,
      maxFeatures: 10,
      c: 1,
    });
    const frequent = all.df.filter((d) => d >= 2).length;
    expect(r.terms).toEqual({
      candidates: all.selection.candidates,
      belowMinDf: all.selection.candidates - frequent,
      overCap: frequent - 10,
      kept: 10,
    });
    expect(r.message).toMatch(
      new RegExp(
        `10 of ${all.selection.candidates} n-grams \\(dropped ${all.selection.candidates - frequent} in fewer than minDf 2 sentences, ${frequent - 10} over the maxFeatures cap of 10\\)`,
      ),
    );
    expect((await readDlMeta(join(root, 'cut'))).extra?.terms).toEqual(r.terms);
  });
});
