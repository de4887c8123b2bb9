import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readDlMeta } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateTextCnn } from '../src/evaluate';
import { fitNbSvm, interpolateWeights, logCountRatio, refitBias } from '../src/nbsvm';
import { loadTextCnnPredictor } from '../src/predict';
import { synthTextCnnSentiment } from '../src/synth';
import { trainTextCnn } from '../src/train';

const root = mkdtempSync(join(tmpdir(), 'dl-textcnn-nbsvm-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

// Terms 0 'good', 1 'bad', 2 'film'. Positive: {good, film}, {good}; negative: {bad, film}.
const rows = [Int32Array.of(0, 2), Int32Array.of(0), Int32Array.of(1, 2)];
const labels = [1, 1, 0];

describe('NB-SVM on a hand-checked case (Wang & Manning 2012)', () => {
  it('log-count ratio: r = log((p/|p|₁)/(q/|q|₁)) with α = 1', () => {
    // p = 1 + [2, 0, 1] = [3, 1, 2] (sum 6); q = 1 + [0, 1, 1] = [1, 2, 2] (sum 5).
    const r = logCountRatio(rows, [true, true, false], 3, 1);
    expect(r[0]).toBeCloseTo(Math.log(3 / 6 / (1 / 5)), 12); // log 2.5
    expect(r[1]).toBeCloseTo(Math.log(1 / 6 / (2 / 5)), 12); // log 5/12
    expect(r[2]).toBeCloseTo(Math.log(2 / 6 / (2 / 5)), 12); // log 5/6
    // α = 0.5: p = [2.5, 0.5, 1.5] (4.5), q = [0.5, 1.5, 1.5] (3.5).
    expect(logCountRatio(rows, [true, true, false], 3, 0.5)[0]).toBeCloseTo(
      Math.log(2.5 / 4.5 / (0.5 / 3.5)),
      12,
    );
  });

  it("interpolation: w' = (1 − β) w̄ + β w, w̄ = |w|₁ / |V|", () => {
    // w̄ = (1 + 3 + 0.5) / 3 = 1.5; β = 0.25: 0.75 × 1.5 + 0.25 w.
    const w = interpolateWeights(Float64Array.of(1, -3, 0.5), 0.25);
    expect(Array.from(w)).toEqual([1.375, 0.375, 1.25]);
    expect(Array.from(interpolateWeights(Float64Array.of(1, -3), 1))).toEqual([1, -3]);
  });

  it('fits the squared-hinge SVM on x̂ ∘ r to its optimum and folds r ∘ w′ into one layer', () => {
    const c = 1;
    const fit = fitNbSvm(rows, labels, 3, 2, { c, beta: 0.25, tolerance: 1e-10 });
    const [{ ratio, w, b }] = fit.svms;
    expect(ratio[0]).toBeCloseTo(Math.log(2.5), 12);
    // Optimality of ½|w|² + C Σ max(0, 1 − y(w·x + b))²: the gradient vanishes.
    const x = rows.map((row) =>
      Array.from({ length: 3 }, (_, f) => (row.includes(f) ? ratio[f] : 0)),
    );
    const grad = [...w, 0];
    x.forEach((xi, i) => {
      const y = labels[i] ? 1 : -1;
      const slack = 1 - y * (xi.reduce((s, v, f) => s + v * w[f], 0) + b);
      if (slack <= 0) return;
      xi.forEach((v, f) => {
        grad[f] -= 2 * c * y * slack * v;
      });
      grad[3] -= 2 * c * y * slack;
    });
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-5);
    // The layer: column 1 = ½ r ∘ w′, column 0 its negative; softmax gives σ(margin).
    const wp = interpolateWeights(w, 0.25);
    for (let f = 0; f < 3; f++) {
      expect(fit.kernel[f * 2 + 1]).toBeCloseTo((ratio[f] * wp[f]) / 2, 5);
      expect(fit.kernel[f * 2]).toBeCloseTo((-ratio[f] * wp[f]) / 2, 5);
    }
    // The bias is re-fitted to w′ on the training rows (the squared hinge, w′ fixed).
    const scores = Float64Array.from(rows, (row) =>
      Array.from(row).reduce((s, f) => s + ratio[f] * wp[f], 0),
    );
    const refitted = refitBias(
      scores,
      Int8Array.from(labels, (l) => (l ? 1 : -1)),
    );
    expect(fit.bias[1]).toBeCloseTo(refitted / 2, 6);
    // Each training sentence on its side of the margin.
    scores.forEach((s, i) => expect(s + refitted > 0).toBe(labels[i] === 1));
    // β = 1 is the SVM itself: its own bias is kept.
    const svm = fitNbSvm(rows, labels, 3, 2, { c, beta: 1, tolerance: 1e-10 });
    expect(svm.bias[1]).toBeCloseTo(svm.svms[0].b / 2, 6);
  });

  it('refitBias minimises the squared hinge in b: hand-solved cases', () => {
    // (1 − b)² + (1 + b)²: b = 0
    expect(refitBias(Float64Array.of(0, 0), Int8Array.of(1, -1))).toBeCloseTo(0, 8);
    // 2(1 − b)² + (1 + b)²: −4(1 − b) + 2(1 + b) = 0, b = 1/3
    expect(refitBias(Float64Array.of(0, 0, 0), Int8Array.of(1, 1, -1))).toBeCloseTo(1 / 3, 8);
    // scores past the margin on both sides leave the loss flat for b in [−2, 2]: its middle
    expect(refitBias(Float64Array.of(3, -3), Int8Array.of(1, -1))).toBeCloseTo(0, 6);
    expect(refitBias(Float64Array.of(4, -3), Int8Array.of(1, -1))).toBeCloseTo(-0.5, 6);
    // shifted scores shift the bias back: the threshold follows the data
    expect(refitBias(Float64Array.of(5, 5, 5), Int8Array.of(1, 1, -1))).toBeCloseTo(1 / 3 - 5, 6);
  });

  it('more than two classes: one NB-SVM per class against the rest', () => {
    const three = [Int32Array.of(0), Int32Array.of(1), Int32Array.of(2), Int32Array.of(0)];
    const fit = fitNbSvm(three, [0, 1, 2, 0], 3, 3, { c: 10 });
    expect(fit.svms).toHaveLength(3);
    // Class k's r is its own: 'bad' (term 1) is class 1's evidence.
    expect(fit.svms[1].ratio[1]).toBeGreaterThan(0);
    expect(fit.svms[0].ratio[1]).toBeLessThan(0);
    for (const [row, k] of [
      [0, 0],
      [1, 1],
      [2, 2],
    ]) {
      const logits = [0, 1, 2].map((j) => fit.bias[j] + fit.kernel[row * 3 + j]);
      expect(logits.indexOf(Math.max(...logits))).toBe(k);
    }
  });
});

describe("trainTextCnn({ architecture: 'nbsvm' })", () => {
  it('trains, saves and predicts like the other architectures', async () => {
    const data = synthTextCnnSentiment({ count: 600, seed: 4 });
    const testData = synthTextCnnSentiment({ count: 200, seed: 40 });
    const outDir = join(root, 'nbsvm');
    const r = await trainTextCnn({ architecture: 'nbsvm', data, testData, outDir, cvFolds: 3 });
    expect(r.metrics.accuracy).toBeGreaterThan(0.75);
    expect(r.metrics.testSamples).toBe(200);
    expect(r.cSelection?.grid).toContain(r.cSelection?.c);
    expect(r.message).toMatch(/^NB-SVM: .* n-grams, C .* by 3-fold cross-validation/);
    const meta = await readDlMeta(outDir);
    expect(meta.task).toBe('text-nbsvm');
    expect(meta.preprocessing).toMatchObject({ maxNgram: 2, features: 'binary' });
    expect(meta.extra).toMatchObject({ architecture: 'nbsvm', alpha: 1, beta: 0.25 });
    expect(meta.extra?.c).toBe(r.cSelection?.c);
    // The saved model scores the test set as training did.
    const again = await evaluateTextCnn(outDir, testData);
    expect(again.accuracy).toBe(r.metrics.accuracy);
    const predictor = await loadTextCnnPredictor(outDir);
    expect(predictor.info).toMatchObject({ task: 'text-nbsvm', architecture: 'nbsvm' });
    const p = predictor.predict('the plot was not good');
    expect(predictor.info.labels).toContain(p.label);
    expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    for (const term of p.explanation)
      expect([
        'the',
        'plot',
        'was',
        'not',
        'good',
        'not good',
        'was not',
        'plot was',
        'the plot',
      ]).toContain(term);
    predictor.dispose();
  });

  it('cross-validates β with C when given betaGrid, and refuses bad settings', async () => {
    const data = synthTextCnnSentiment({ count: 300, seed: 5 });
    const r = await trainTextCnn({
      architecture: 'nbsvm',
      data,
      outDir: join(root, 'beta'),
      cGrid: [0.1, 1],
      betaGrid: [0.25, 1],
    });
    expect(r.cSelection?.meanAccuracy).toHaveLength(4);
    expect([0.25, 1]).toContain(r.cSelection?.beta);
    expect((await readDlMeta(join(root, 'beta'))).extra?.beta).toBe(r.cSelection?.beta);
    const outDir = join(root, 'refused');
    await expect(
      trainTextCnn({ architecture: 'nbsvm', data, outDir, c: 1, betaGrid: [0.5] }),
    ).rejects.toThrow(/betaGrid is searched with cGrid/);
    await expect(trainTextCnn({ architecture: 'nbsvm', data, outDir, beta: 2 })).rejects.toThrow(
      /beta must be in \[0, 1\], got 2/,
    );
  });
});
