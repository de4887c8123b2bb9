import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as iris from '../src/iris-mlp.mjs';
import * as logistic from '../src/logistic-regression.mjs';

const work = mkdtempSync(join(tmpdir(), 'dl-examples-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('iris MLP (Dense 7 tanh → Dense 3 softmax, MSE, SGD)', () => {
  it('reads the shipped iris.csv: 150 flowers, 50 per species', async () => {
    const data = await iris.loadIris();
    expect(data.count).toBe(150);
    expect([0, 1, 2].map((c) => data.labels.filter((l) => l === c).length)).toEqual([50, 50, 50]);
    expect(Array.from(data.features.slice(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
  });

  it('scores ≥ 0.9 by stratified 10-fold CV, and predicts the same after a save/reload', async () => {
    // Fewer, larger steps than the example's 300 epochs of batch 8 keep the test short.
    const run = await iris.main({
      outDir: join(work, 'iris'),
      epochs: 60,
      batchSize: 15,
      learningRate: 0.3,
    });
    expect(run.cv.foldAccuracy).toHaveLength(10);
    expect(run.cv.mean).toBeGreaterThanOrEqual(0.9);
    expect(run.after.species).toBe('virginica');
    run.after.probabilities.forEach((p, i) => {
      expect(p).toBeCloseTo(run.before.probabilities[i], 6);
    });
    const architecture = JSON.parse(readFileSync(join(work, 'iris', 'architecture.json'), 'utf8'));
    expect(architecture.config.layers.map((l: { class_name: string }) => l.class_name)).toEqual([
      'Dense',
      'Dense',
    ]);
  });

  it('names the line of a malformed CSV', async () => {
    const bad = join(work, 'bad.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, 'a,b,c,d,species\n5.1,3.5,1.4,0.2,setosa\n5.1,x,1.4,0.2,setosa\n');
    await expect(iris.loadIris(bad)).rejects.toThrow(/line 3: expected 4 numbers/);
  });
});

describe('logistic regression on two features, with the odds-ratio check', () => {
  it('the tfjs fit equals the exact MLE, and +1 hour multiplies the odds by e^w', async () => {
    const { fitted, exact, check } = await logistic.main({ count: 2000, epochs: 400 });
    // Gradient descent reaches the maximum-likelihood weights (Newton's method, computed apart).
    expect(fitted.hours).toBeCloseTo(exact.hours, 2);
    expect(fitted.score).toBeCloseTo(exact.score, 3);
    expect(fitted.bias).toBeCloseTo(exact.bias, 1);
    // The odds ratio is the same at every point and equals e^w_hours.
    for (const r of check.ratios) expect(r).toBeCloseTo(check.expWeight, 10);
    // And it estimates the true 1.49 (2,000 samples: standard error of w_hours ≈ 0.03).
    expect(Math.abs(Math.log(check.expWeight) - 0.4)).toBeLessThan(0.12);
  });

  it('the Newton fit recovers the generating weights on a large sample', () => {
    const w = logistic.fitLogisticNewton(logistic.synthAdmissions(20000, 3));
    expect(w.hours).toBeCloseTo(0.4, 1);
    expect(w.score).toBeCloseTo(0.05, 2);
    expect(w.bias).toBeCloseTo(-6, 0);
  });
});
