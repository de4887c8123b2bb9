import { initBackend, Rng, tf, useFusedLstmCell, withSeededRandom } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lmHidden, lmLogits, zeroState } from '../src/forward';
import { buildLmModel, buildLmSeedModel, lmParams, lmVariables } from '../src/model';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('buildLmSeedModel', () => {
  it('has the seed parameter count: 979,392 = 450,090 + 19,200 + 510,102 (SEEDS.md §2)', () => {
    const m = buildLmSeedModel();
    expect(m.countParams()).toBe(979_392);
    expect(m.layers.map((l) => l.countParams()).filter((n) => n > 0)).toEqual([
      450_090, 19_200, 510_102,
    ]);
    expect(m.layers.map((l) => l.getClassName())).toEqual([
      'InputLayer',
      'Embedding',
      'LSTM',
      'TimeDistributed',
    ]);
    expect(m.inputs[0].shape).toEqual([null, 30]);
    expect(m.outputs[0].shape).toEqual([null, 30, 10_002]);
    m.dispose();
  });
});

describe('buildLmModel (Zaremba et al. 2014)', () => {
  it('small: 2 × LSTM(200) on a 10k vocabulary — 4,651,600 parameters; variable length', () => {
    const V = 10_000;
    const m = buildLmModel({ vocabSize: V });
    const lstm = 4 * (200 * (200 + 200) + 200);
    expect(m.countParams()).toBe(V * 200 + 2 * lstm + 200 * V + V);
    expect(m.countParams()).toBe(4_651_600);
    expect(m.inputs[0].shape).toEqual([null, null]);
    const p = lmParams(m);
    expect(p.lstm).toHaveLength(2);
    expect(lmVariables(p).reduce((n, v) => n + v.size, 0)).toBe(m.countParams());
    m.dispose();
  });

  it('draws weights uniform in ±initScale and biases 0', () => {
    const m = buildLmModel({ vocabSize: 50, units: 16, initScale: 0.1 });
    const p = lmParams(m);
    const k = p.lstm[0].kernel.dataSync();
    expect(Math.max(...k)).toBeLessThanOrEqual(0.1);
    expect(Math.min(...k)).toBeGreaterThanOrEqual(-0.1);
    expect(Math.max(...k)).toBeGreaterThan(0.08);
    expect(p.lstm[1].bias.dataSync().every((b) => b === 0)).toBe(true);
    m.dispose();
  });

  it('rejects bad sizes and rates', () => {
    expect(() => buildLmModel({ vocabSize: 0 })).toThrow(/vocabSize must be a positive integer/);
    expect(() => buildLmModel({ vocabSize: 10, dropout: 1 })).toThrow(
      /dropout must be in \[0, 1\)/,
    );
    expect(() => buildLmSeedModel({ units: 2.5 })).toThrow(/units must be a positive integer/);
  });
});

describe('our forward pass is the saved layers model', () => {
  /** Our time-major forward vs model.predict on [batch, time] for the same ids. */
  function compare(m: tf.LayersModel, ids: number[][], inference = false) {
    const p = lmParams(m);
    const B = ids.length;
    const T = ids[0].length;
    const ours = tf.tidy(() => {
      const timeMajor = tf.tensor2d(ids, [B, T], 'int32').transpose();
      const state = zeroState(p, B);
      const { hidden } = lmHidden(p, timeMajor as tf.Tensor2D, state, { inference });
      const probs = tf.softmax(lmLogits(p, hidden));
      // rows t·B + b → [B, T, V]
      return probs.reshape([T, B, -1]).transpose([1, 0, 2]).arraySync() as number[][][];
    });
    const theirs = tf.tidy(
      () => (m.predict(tf.tensor2d(ids, [B, T], 'int32')) as tf.Tensor).arraySync() as number[][][],
    );
    let maxDiff = 0;
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++)
        for (let v = 0; v < theirs[b][t].length; v++)
          maxDiff = Math.max(maxDiff, Math.abs(ours[b][t][v] - theirs[b][t][v]));
    return maxDiff;
  }

  it('default model (2 layers, sigmoid/tanh gates i, f, c, o)', () => {
    const m = withSeededRandom(new Rng(1), () =>
      buildLmModel({ vocabSize: 30, units: 12, embeddingDim: 8, initScale: 0.5 }),
    );
    // Non-zero biases too, so their gate order is checked.
    for (const l of lmParams(m).lstm)
      l.bias.assign(tf.randomUniform(l.bias.shape, -1, 1, 'float32', 5));
    const ids = [
      [3, 4, 5, 6, 7],
      [9, 8, 7, 6, 29],
    ];
    expect(compare(m, ids)).toBeLessThan(1e-5);
    // Evaluation and prediction's forward: each step's element-wise part as the fused cell.
    expect(compare(m, ids, true)).toBeLessThan(1e-5);
    m.dispose();
  });

  it('seed model (Keras initialisers, TimeDistributed output)', () => {
    const m = withSeededRandom(new Rng(2), () => buildLmSeedModel({ vocabSize: 40, seqLen: 6 }));
    expect(
      compare(m, [
        [2, 5, 7, 9, 11, 0],
        [2, 39, 38, 0, 0, 0],
      ]),
    ).toBeLessThan(1e-5);
    m.dispose();
  });

  it('carries state: one window of 6 equals windows of 4 and 2 with the state handed over', () => {
    const m = withSeededRandom(new Rng(3), () =>
      buildLmModel({ vocabSize: 20, units: 10, initScale: 0.6 }),
    );
    const p = lmParams(m);
    const ids = [[4, 9, 2, 7, 13, 5]];
    const whole = tf.tidy(() =>
      lmLogits(
        p,
        lmHidden(p, tf.tensor2d(ids, [1, 6], 'int32').transpose(), zeroState(p, 1)).hidden,
      ).arraySync(),
    );
    const split = tf.tidy(() => {
      const first = lmHidden(
        p,
        tf.tensor2d([ids[0].slice(0, 4)], [1, 4], 'int32').transpose(),
        zeroState(p, 1),
      );
      const second = lmHidden(
        p,
        tf.tensor2d([ids[0].slice(4)], [1, 2], 'int32').transpose(),
        first.state,
      );
      const fresh = lmHidden(
        p,
        tf.tensor2d([ids[0].slice(4)], [1, 2], 'int32').transpose(),
        zeroState(p, 1),
      );
      return {
        carried: lmLogits(p, second.hidden).arraySync(),
        reset: lmLogits(p, fresh.hidden).arraySync(),
      };
    });
    for (let t = 0; t < 2; t++)
      for (let v = 0; v < 20; v++) expect(split.carried[t][v]).toBeCloseTo(whole[4 + t][v], 5);
    // Without the handed-over state the same window gives different scores.
    expect(Math.abs(split.reset[0][0] - whole[4][0])).toBeGreaterThan(1e-4);
    m.dispose();
  });
});

describe('orthogonal initialiser', () => {
  it('rows are orthonormal (R·Rᵀ = I) for the seed’s [50, 200] recurrent kernel', async () => {
    const { orthogonal } = await import('../src/model');
    const r = withSeededRandom(new Rng(4), () => orthogonal(50, 200));
    for (const [i, j] of [
      [0, 0],
      [0, 1],
      [17, 17],
      [17, 49],
      [49, 49],
    ]) {
      let dot = 0;
      for (let k = 0; k < 200; k++) dot += r[i * 200 + k] * r[j * 200 + k];
      expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
    }
  });
});

describe('the training forward (backward pass written out)', () => {
  it.each([
    ['fused LSTM-cell kernels', true],
    ['op by op (backends without them)', false],
  ])(
    'gives the same outputs, final state and gradients as autodiff through the plain forward: %s',
    (_, fused) => {
      useFusedLstmCell(fused);
      const m = withSeededRandom(new Rng(6), () =>
        buildLmModel({ vocabSize: 25, units: 9, embeddingDim: 7, layers: 2, initScale: 0.6 }),
      );
      const p = lmParams(m);
      for (const l of p.lstm) l.bias.assign(tf.randomUniform(l.bias.shape, -1, 1, 'float32', 7));
      const ids = tf.tensor2d([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], [4, 3], 'int32');
      const targets = tf.tensor1d([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], 'int32');
      const h0 = tf.randomNormal([3, 9], 0, 0.5, 'float32', 8) as tf.Tensor2D;
      const c0 = tf.randomNormal([3, 9], 0, 0.5, 'float32', 9) as tf.Tensor2D;
      const state = () => [
        { h: h0, c: c0 },
        { h: c0, c: h0 },
      ];
      const run = (training: boolean) =>
        tf.tidy(() => {
          let last: number[][] = [];
          const { value, grads } = tf.variableGrads(() => {
            const out = lmHidden(p, ids, state(), { training });
            last = out.state.flatMap((s) => [s.h, s.c]).map((t) => Array.from(t.dataSync()));
            // A loss that reaches every output and the final state.
            return tf.add(
              tf.mean(
                tf.losses.softmaxCrossEntropy(tf.oneHot(targets, 25), lmLogits(p, out.hidden)),
              ),
              tf.sum(tf.mul(out.state[1].c, 0.3)),
            ) as tf.Scalar;
          }, lmVariables(p));
          return {
            loss: value.dataSync()[0],
            last,
            grads: Object.fromEntries(
              Object.entries(grads).map(([k, g]) => [k, Array.from(g.dataSync())]),
            ),
          };
        });
      const auto = run(false);
      const ours = run(true);
      expect(ours.loss).toBeCloseTo(auto.loss, 5);
      ours.last.forEach((v, i) => v.forEach((x, j) => expect(x).toBeCloseTo(auto.last[i][j], 5)));
      for (const [name, g] of Object.entries(auto.grads)) {
        const mine = ours.grads[name];
        const scale = Math.max(1e-3, ...g.map(Math.abs));
        g.forEach((x, j) => expect(Math.abs(mine[j] - x) / scale).toBeLessThan(1e-4));
      }
      m.dispose();
      useFusedLstmCell(true);
    },
  );
});
