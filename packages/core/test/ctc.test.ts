import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend';
import { ctcBeamSearch, ctcGreedyDecode, ctcLoss, ctcLossFunction } from '../src/losses';
import * as tf from '../src/tf';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

// Classes a = 0, b = 1, blank = 2 (the default: the last class).
const [a, b, _] = [0, 1, 2];
/** Per-step probabilities of a, b and the blank; rows sum to 1. */
const Y = [
  [0.5, 0.2, 0.3],
  [0.1, 0.6, 0.3],
  [0.3, 0.3, 0.4],
];
const logTable = (rows: number[][]) => tf.tensor3d([rows.map((r) => r.map(Math.log))]);

describe('ctcLoss by hand', () => {
  it('T = 2, label "a": the alignments aa, a_, _a', () => {
    const y = Y.slice(0, 2);
    const p = y[0][a] * y[1][a] + y[0][a] * y[1][2] + y[0][2] * y[1][a];
    const loss = ctcLoss([[a]], logTable(y));
    expect(loss.dataSync()[0]).toBeCloseTo(-Math.log(p), 5);
  });

  it('T = 3, label "ab": aab, abb, _ab, a_b, ab_', () => {
    const p =
      Y[0][a] * Y[1][a] * Y[2][b] +
      Y[0][a] * Y[1][b] * Y[2][b] +
      Y[0][2] * Y[1][a] * Y[2][b] +
      Y[0][a] * Y[1][2] * Y[2][b] +
      Y[0][a] * Y[1][b] * Y[2][2];
    expect(ctcLoss([[a, b]], logTable(Y)).dataSync()[0]).toBeCloseTo(-Math.log(p), 5);
  });

  it('T = 3, label "aa": a repeat needs the blank between, so only a_a', () => {
    const p = Y[0][a] * Y[1][2] * Y[2][a];
    expect(ctcLoss([[a, a]], logTable(Y)).dataSync()[0]).toBeCloseTo(-Math.log(p), 5);
    // T = 2 is too short for "aa": +∞, or 0 with zeroInfinity
    expect(ctcLoss([[a, a]], logTable(Y.slice(0, 2))).dataSync()[0]).toBe(Infinity);
    const zeroed = ctcLoss([[a, a]], logTable(Y.slice(0, 2)), { zeroInfinity: true });
    expect(zeroed.dataSync()[0]).toBe(0);
  });

  it('batches sequences of different label and input lengths, padded with −1', () => {
    // row 0: "ab" over all 3 steps; row 1: "a" over the first 2 steps only
    const x = tf.concat([logTable(Y), logTable(Y)]);
    const losses = ctcLoss(
      [
        [a, b],
        [a, -1],
      ],
      x,
      { inputLengths: [3, 2], reduction: 'none' },
    ).dataSync();
    expect(losses[0]).toBeCloseTo(ctcLoss([[a, b]], logTable(Y)).dataSync()[0], 5);
    expect(losses[1]).toBeCloseTo(ctcLoss([[a]], logTable(Y.slice(0, 2))).dataSync()[0], 5);
    const mean = ctcLoss(
      [
        [a, b],
        [a, -1],
      ],
      x,
      { inputLengths: [3, 2] },
    ).dataSync()[0];
    expect(mean).toBeCloseTo((losses[0] + losses[1]) / 2, 5);
  });

  it('takes a configurable blank: the same table with the blank moved to class 0', () => {
    const moved = Y.map(([pa, pb, pBlank]) => [pBlank, pa, pb]);
    const expected = ctcLoss([[a, b]], logTable(Y)).dataSync()[0];
    expect(ctcLoss([[1, 2]], logTable(moved), { blank: 0 }).dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('reads probabilities with fromLogits: false', () => {
    const probs = tf.tensor3d([Y]);
    const expected = ctcLoss([[a, b]], logTable(Y)).dataSync()[0];
    expect(ctcLoss([[a, b]], probs, { fromLogits: false }).dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('as a compile loss: yTrue holds labels padded with −1, as floats', () => {
    const x = tf.concat([logTable(Y), logTable(Y)]);
    const yTrue = tf.tensor2d([
      [a, b],
      [a, -1],
    ]);
    const expected = ctcLoss(
      [
        [a, b],
        [a, -1],
      ],
      x,
    ).dataSync()[0];
    expect(ctcLossFunction()(yTrue, x).dataSync()[0]).toBeCloseTo(expected, 6);
  });

  it('rejects a label that is the blank or out of range, and a wrong batch', () => {
    expect(() => ctcLoss([[2]], logTable(Y))).toThrow(/outside 0..2 or is the blank/);
    expect(() => ctcLoss([[7]], logTable(Y))).toThrow(/label 7/);
    expect(() => ctcLoss([[a], [b]], logTable(Y))).toThrow(
      /2 rows but the predictions a batch of 1/,
    );
    expect(() => ctcLoss([[a]], logTable(Y), { inputLengths: [4] })).toThrow(/inputLengths\[0\]/);
  });
});

describe('ctcLoss gradient', () => {
  it('matches central finite differences of the loss, logits of two sequences', () => {
    const [B, T, C] = [2, 5, 4];
    const values = Array.from({ length: B * T * C }, (_, i) => Math.sin(i * 1.7) * 2);
    const labels = [
      [0, 1, 1],
      [2, -1, -1],
    ];
    const o = { inputLengths: [5, 3] };
    const f = (v: number[]) => ctcLoss(labels, tf.tensor3d(v, [B, T, C]), o).dataSync()[0];
    const g = tf.grad((x: tf.Tensor) => ctcLoss(labels, x, o))(tf.tensor3d(values, [B, T, C]));
    const analytic = g.dataSync();
    const h = 1e-2;
    let worst = 0;
    for (let i = 0; i < values.length; i++) {
      const up = [...values];
      const down = [...values];
      up[i] += h;
      down[i] -= h;
      const numeric = (f(up) - f(down)) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]));
    }
    expect(worst).toBeLessThan(2e-3);
    // steps past an input length get no gradient
    const row1 = analytic.slice(T * C + 3 * C, 2 * T * C);
    expect(Math.max(...row1.map(Math.abs))).toBe(0);
    // and the gradient is not trivially zero
    expect(Math.max(...analytic.map(Math.abs))).toBeGreaterThan(0.01);
  });

  it('trains: a few Adam steps on free logits make the label the greedy decoding', () => {
    const x = tf.variable(tf.zeros([1, 6, 4]));
    const opt = tf.train.adam(0.3);
    for (let i = 0; i < 40; i++) opt.minimize(() => ctcLoss([[0, 1, 1]], x) as tf.Scalar);
    expect(ctcGreedyDecode(x)[0].labels).toEqual([0, 1, 1]);
  });
});

describe('CTC decoding', () => {
  it('greedy: merges repeats, drops blanks, keeps a repeat split by a blank', () => {
    // argmax path a a _ a b b → "aab"
    const path = [a, a, 2, a, b, b];
    const lp = [path.map((k) => [0, 1, 2].map((c) => (c === k ? Math.log(0.8) : Math.log(0.1))))];
    const [decoded] = ctcGreedyDecode(lp);
    expect(decoded.labels).toEqual([a, a, b]);
    expect(decoded.logProb).toBeCloseTo(6 * Math.log(0.8), 6);
    expect(ctcGreedyDecode(lp, { inputLengths: [2] })[0].labels).toEqual([a]);
  });

  it('beam search finds the label whose alignments add up, where the best path is another', () => {
    // Each step: blank 0.4, a 0.35, b 0.25. Best path "_ _" → "" (0.16); but "a" has
    // a_ + _a + aa = 0.14 + 0.14 + 0.1225 = 0.4025, more than "" (0.16).
    const row = [Math.log(0.35), Math.log(0.25), Math.log(0.4)];
    const lp = [[row, row]];
    expect(ctcGreedyDecode(lp)[0].labels).toEqual([]);
    const [paths] = ctcBeamSearch(lp, { beamWidth: 8, topPaths: 3 });
    expect(paths[0].labels).toEqual([a]);
    expect(paths[0].logProb).toBeCloseTo(Math.log(0.4025), 6);
    // the summed probability equals exp(−ctcLoss) for the same label
    const loss = ctcLoss([[a]], tf.tensor3d(lp)).dataSync()[0];
    expect(paths[0].logProb).toBeCloseTo(-loss, 5);
    expect(paths.map((p) => p.labels.join(''))).toContain('');
  });

  it('beam search with a fixed length returns only sequences of that length', () => {
    const row = [Math.log(0.35), Math.log(0.25), Math.log(0.4)];
    const [paths] = ctcBeamSearch([[row, row, row]], { length: 2, topPaths: 4 });
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p.labels).toHaveLength(2);
    // "aa" needs a_a (the only alignment of length 3): 0.35·0.4·0.35
    const aa = paths.find((p) => p.labels.join() === '0,0');
    expect(aa?.logProb).toBeCloseTo(Math.log(0.35 * 0.4 * 0.35), 6);
  });
});
