import { initBackend, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZeilerAdadeltaOptimizer } from '../src/adadelta';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

/** Zeiler's Adadelta by hand, for one scalar: the accumulator is updated before it divides. */
function byHand(grads: number[], rho: number, eps: number, lr: number, x0: number): number[] {
  let [eg, ed, x] = [0, 0, x0];
  return grads.map((g) => {
    eg = rho * eg + (1 - rho) * g * g;
    const d = (Math.sqrt(ed + eps) / Math.sqrt(eg + eps)) * g;
    ed = rho * ed + (1 - rho) * d * d;
    x -= lr * d;
    return x;
  });
}

describe('ZeilerAdadeltaOptimizer (Kim / Zeiler 2012, not tfjs 4.22 order)', () => {
  it('takes the steps of the formula, and a small first step where tfjs takes −g', () => {
    const grads = [2, -1, 0.5, 3];
    const want = byHand(grads, 0.95, 1e-6, 1, 1);
    const x = tf.variable(tf.scalar(1));
    const optimizer = new ZeilerAdadeltaOptimizer(1, 0.95, 1e-6);
    const got = grads.map((g) => {
      optimizer.applyGradients({ [x.name]: tf.scalar(g) });
      return x.dataSync()[0];
    });
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i], 5);
    });
    // One step: |Δ| = √ε / √((1 − ρ) g² + ε) · |g| ≈ 0.0045, not tfjs's 2.
    expect(1 - got[0]).toBeCloseTo(Math.sqrt(1e-6 / (0.05 * 4 + 1e-6)) * 2, 6);
    const theirs = tf.variable(tf.scalar(1));
    tf.train.adadelta(1, 0.95, 1e-6).applyGradients([{ name: theirs.name, tensor: tf.scalar(2) }]);
    expect(theirs.dataSync()[0]).toBeCloseTo(-1, 3);
    tf.dispose([x, theirs]);
    optimizer.dispose();
  });

  it("keeps tfjs's state layout and name, so checkpoints save and resume it", async () => {
    const x = tf.variable(tf.scalar(1));
    const a = new ZeilerAdadeltaOptimizer(1, 0.95, 1e-6);
    a.applyGradients({ [x.name]: tf.scalar(2) });
    expect(a.getClassName()).toBe('Adadelta');
    const saved = await a.getWeights();
    expect(saved.map((w) => w.name)).toEqual([
      'iter',
      `${x.name}/accum_grad`,
      `${x.name}/accum_var`,
    ]);
    const b = new ZeilerAdadeltaOptimizer(1, 0.95, 1e-6);
    await b.setWeights(saved);
    const y = tf.variable(tf.scalar(x.dataSync()[0]));
    a.applyGradients({ [x.name]: tf.scalar(-1) });
    b.applyGradients({ [y.name]: tf.scalar(-1) });
    // b, given a's saved state, takes a's second step: what the formula says after two.
    const second = byHand([2, -1], 0.95, 1e-6, 1, 1)[1];
    expect(x.dataSync()[0]).toBeCloseTo(second, 5);
    expect(y.dataSync()[0]).toBeCloseTo(second, 5);
    tf.dispose([x, y]);
    a.dispose();
    b.dispose();
  });
});
