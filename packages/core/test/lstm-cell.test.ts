import { beforeAll, describe, expect, it } from 'vitest';
import { lstmCell, lstmCellGrad, registerLstmCellKernels } from '../src/backend/lstm-cell';
import { lstmCellForward } from '../src/backend/lstm-cell/math';
import * as tf from '../src/tf';
import { loadBothBackends, randomValues, relError } from './helpers/parity';

const TOL = 1e-5;

beforeAll(async () => {
  await loadBothBackends();
  registerLstmCellKernels();
});

/** The step op by op, as tfjs-layers' LSTMCell: gates i, f, c̃, o. */
function reference(z: tf.Tensor2D, cPrev: tf.Tensor2D) {
  const [zi, zf, zg, zo] = tf.split(z, 4, 1);
  const c = tf.add(tf.mul(tf.sigmoid(zf), cPrev), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
  return { h: tf.mul(tf.sigmoid(zo), tf.tanh(c)), c };
}

describe('fused LSTM cell (hand values)', () => {
  it('one unit: i = f = o = σ(0) = ½, g = tanh(0) = 0', () => {
    const [h, c, gates, tc] = [1, 1, 4, 1].map((n) => new Float32Array(n));
    lstmCellForward(new Float32Array(4), Float32Array.of(2), 1, h, c, gates, tc);
    expect([...gates]).toEqual([0.5, 0.5, 0, 0.5]);
    expect(c[0]).toBe(1); // ½·2 + ½·0
    expect(tc[0]).toBeCloseTo(Math.tanh(1), 6);
    expect(h[0]).toBeCloseTo(0.5 * Math.tanh(1), 6);
  });
});

describe.each(['cpu', 'wasm'] as const)('fused LSTM cell on %s', (backend) => {
  it('matches the op-by-op step: outputs, and gradients from the written-out backward', async () => {
    await tf.setBackend(backend);
    const [b, u] = [5, 7];
    const z = tf.tensor2d(randomValues([b, 4 * u], 1), [b, 4 * u]).mul(3) as tf.Tensor2D;
    const c0 = tf.tensor2d(randomValues([b, u], 2), [b, u]).mul(2) as tf.Tensor2D;
    const wh = tf.tensor2d(randomValues([b, u], 3), [b, u]);
    const wc = tf.tensor2d(randomValues([b, u], 4), [b, u]);
    // A loss reaching both outputs: Σ h·wh + Σ c·wc.
    const loss = (zz: tf.Tensor, cc: tf.Tensor) => {
      const r = reference(zz as tf.Tensor2D, cc as tf.Tensor2D);
      return tf.add(tf.sum(tf.mul(r.h, wh)), tf.sum(tf.mul(r.c, wc))) as tf.Scalar;
    };
    const ref = reference(z, c0);
    const [dzRef, dcRef] = tf.grads(loss)([z, c0]);
    const fused = lstmCell(z, c0);
    const { dz, dcPrev } = lstmCellGrad(wh, wc, { ...fused, cPrev: c0 });
    const pairs: [tf.Tensor, tf.Tensor, string][] = [
      [fused.h, ref.h, 'h'],
      [fused.c, ref.c, 'c'],
      [fused.tanhC, tf.tanh(ref.c), 'tanh c'],
      [dz, dzRef, 'dz'],
      [dcPrev, dcRef, 'dc₋₁'],
    ];
    for (const [got, want, name] of pairs) {
      expect(relError(got.dataSync(), want.dataSync()), name).toBeLessThanOrEqual(TOL);
    }
  });

  it('rejects mismatched shapes clearly', async () => {
    await tf.setBackend(backend);
    expect(() => lstmCell(tf.zeros([2, 12]), tf.zeros([2, 4]))).toThrow(
      /z must be \[batch, 4·units\] for a cell state \[batch, units\]; got z \[2,12\], c \[2,4\]/,
    );
  });
});
