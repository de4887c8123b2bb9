import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend';
import { ResetAfterGRU, resetAfterGru } from '../src/layers';
import * as tf from '../src/tf';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** A one-unit, one-input GRU with chosen weights, on sequences of [batch, T, 1]. */
function oneUnit(options: { returnSequences?: boolean; goBackwards?: boolean } = {}) {
  const input = tf.input({ shape: [null, 1] });
  const layer = resetAfterGru({ units: 1, ...options });
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
  // gates z, r, h
  const W = [0.5, -1, 2];
  const U = [0.3, 0.7, -0.4];
  const bIn = [0.1, 0.2, -0.3];
  const bRec = [-0.2, 0.05, 0.4];
  layer.setWeights([tf.tensor2d([W]), tf.tensor2d([U]), tf.tensor2d([bIn, bRec])]);
  /** The recurrence written out in scalars. */
  const step = (x: number, h: number) => {
    const z = sigmoid(W[0] * x + bIn[0] + U[0] * h + bRec[0]);
    const r = sigmoid(W[1] * x + bIn[1] + U[1] * h + bRec[1]);
    const candidate = Math.tanh(W[2] * x + bIn[2] + r * (U[2] * h + bRec[2]));
    return z * h + (1 - z) * candidate;
  };
  return { model, layer, step };
}

describe('ResetAfterGRU', () => {
  it('GRU(128) on 512 inputs has 246,528 parameters in the Keras layout', () => {
    const input = tf.input({ shape: [6, 512] });
    const layer = resetAfterGru({ units: 128, returnSequences: true });
    const out = layer.apply(input) as tf.SymbolicTensor;
    expect(out.shape).toEqual([null, 6, 128]);
    // kernel 512·384 + recurrent_kernel 128·384 + bias 2·384 (input and recurrent rows)
    expect(layer.countParams()).toBe(512 * 384 + 128 * 384 + 2 * 384);
    expect(layer.countParams()).toBe(246_528);
    expect(layer.getWeights().map((w) => w.shape)).toEqual([
      [512, 384],
      [128, 384],
      [2, 384],
    ]);
    // the recurrent kernel starts orthogonal: U·Uᵀ = I (rows of a 128 × 384 matrix)
    const u = layer.getWeights()[1];
    const gram = tf.matMul(u, u, false, true).arraySync() as number[][];
    expect(gram[5][5]).toBeCloseTo(1, 4);
    expect(Math.abs(gram[5][9])).toBeLessThan(1e-4);
  });

  it('computes the reset-after step by hand: two steps, then the same backwards', () => {
    const { model, step } = oneUnit({ returnSequences: true });
    const xs = [1.5, -0.5];
    const h1 = step(xs[0], 0);
    const h2 = step(xs[1], h1);
    // from h = 0: z = σ(0.75 + 0.1 − 0.2) = σ(0.65), r = σ(−1.5 + 0.2 + 0.05), h̃ = tanh(3 − 0.3 + r·0.4)
    const z = sigmoid(0.65);
    const r = sigmoid(-1.25);
    expect(h1).toBeCloseTo((1 - z) * Math.tanh(2.7 + r * 0.4), 12);
    const y = model.predict(tf.tensor3d([[[xs[0]], [xs[1]]]])) as tf.Tensor;
    const got = y.dataSync();
    expect(got[0]).toBeCloseTo(h1, 6);
    expect(got[1]).toBeCloseTo(h2, 6);

    const back = oneUnit({ returnSequences: false, goBackwards: true });
    const last = back.model.predict(tf.tensor3d([[[xs[0]], [xs[1]]]])) as tf.Tensor;
    expect(last.dataSync()[0]).toBeCloseTo(back.step(xs[0], back.step(xs[1], 0)), 6);
  });

  it('gradients match central finite differences (inputs and every weight)', () => {
    const units = 3;
    const layer = new ResetAfterGRU({ units, returnSequences: true });
    const x = tf.tensor3d(
      Array.from({ length: 2 * 4 * 2 }, (_, i) => Math.cos(i * 0.9)),
      [2, 4, 2],
    );
    layer.apply(x); // builds
    const weights = layer.getWeights().map((w) => w.dataSync().slice());
    const probe = tf.tensor3d(
      Array.from({ length: 2 * 4 * units }, (_, i) => Math.sin(i + 0.3)),
      [2, 4, units],
    );
    const loss = (xIn: tf.Tensor) => tf.sum(tf.mul(layer.apply(xIn) as tf.Tensor, probe));
    const f = () => loss(x).dataSync()[0];
    const { grads } = tf.variableGrads(
      () => loss(x) as tf.Scalar,
      layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val),
    );
    const analytic = Object.values(grads).map((g) => g.dataSync());
    const h = 1e-3;
    let worst = 0;
    weights.forEach((w, k) => {
      for (let i = 0; i < w.length; i++) {
        const shift = (d: number) => {
          const v = w.slice();
          v[i] += d;
          layer.setWeights(
            weights.map((o, j) => tf.tensor(j === k ? v : o, layer.getWeights()[j].shape)),
          );
          return f();
        };
        const numeric = (shift(h) - shift(-h)) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - analytic[k][i]));
      }
    });
    layer.setWeights(weights.map((o, j) => tf.tensor(o, layer.getWeights()[j].shape)));
    const gx = tf.grad(loss)(x).dataSync();
    const xv = x.dataSync();
    for (let i = 0; i < xv.length; i++) {
      const up = xv.slice();
      const down = xv.slice();
      up[i] += h;
      down[i] -= h;
      const numeric =
        (loss(tf.tensor3d(up, x.shape)).dataSync()[0] -
          loss(tf.tensor3d(down, x.shape)).dataSync()[0]) /
        (2 * h);
      worst = Math.max(worst, Math.abs(numeric - gx[i]));
    }
    expect(worst).toBeLessThan(5e-3);
    expect(Math.max(...analytic.flatMap((g) => [...g].map(Math.abs)))).toBeGreaterThan(0.01);
  });

  it('saves and loads (also inside Bidirectional): same config, weights and outputs', async () => {
    const input = tf.input({ shape: [5, 4] });
    const bi = tf.layers.bidirectional({
      layer: resetAfterGru({ units: 3, returnSequences: true }) as unknown as tf.RNN,
      mergeMode: 'concat',
    });
    const model = tf.model({ inputs: input, outputs: bi.apply(input) as tf.SymbolicTensor });
    expect(model.countParams()).toBe(2 * (4 * 9 + 3 * 9 + 2 * 9));
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(JSON.stringify(saved?.modelTopology)).toContain('"class_name":"ResetAfterGRU"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 7);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    // the backward half really runs backwards: its first output differs from a forward GRU's
    expect(a.length).toBe(2 * 5 * 6);
  });

  it('rejects options it does not implement', () => {
    expect(() => resetAfterGru({ units: 0 })).toThrow(/units must be a positive integer/);
    expect(() => new ResetAfterGRU({ units: 2, dropout: 0.2 } as never)).toThrow(/dropout/);
  });
});
