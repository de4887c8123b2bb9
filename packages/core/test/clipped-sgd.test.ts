import { beforeAll, describe, expect, it } from 'vitest';
import { clippedSgdStep } from '../src/backend/wasm/clipped-sgd';
import * as tf from '../src/tf';
import { clipByGlobalNorm } from '../src/train/step-loop';
import { loadBothBackends, randomValues, relError } from './helpers/parity';

beforeAll(async () => {
  await loadBothBackends();
});

/** Variables of 1, 7 and 1,001 elements (SIMD part and trailing elements) and their grads. */
function setUp(gradScale: number) {
  const shapes = [[1], [7], [13, 77]];
  const vars = shapes.map((s, i) => tf.variable(tf.tensor(randomValues(s, i + 1), s)));
  const grads: tf.NamedTensorMap = {};
  vars.forEach((v, i) => {
    grads[v.name] = tf.tensor(randomValues(v.shape, i + 10), v.shape).mul(gradScale);
  });
  return { vars, grads };
}

describe('SGD with global-norm clipping in two SIMD passes (wasm)', () => {
  it.each([
    ['clipping', 10, 5],
    ['below the norm: no clipping', 0.01, 5],
    ['no clip', 10, 0],
  ])('%s: the same weights as clipByGlobalNorm then SGD', async (_what, gradScale, clip) => {
    await tf.setBackend('wasm');
    const lr = 0.7;
    const fused = setUp(gradScale);
    const stock = setUp(gradScale);
    const result = clippedSgdStep(fused.grads, lr, clip);
    expect(result).not.toBe(false);
    const clipped = clip > 0 ? clipByGlobalNorm(stock.grads, clip) : stock.grads;
    const opt = tf.train.sgd(lr);
    opt.applyGradients(clipped);
    const norm = Math.sqrt(
      Object.values(fused.grads).reduce(
        (s, g) => s + (tf.sum(tf.square(g)).dataSync()[0] as number),
        0,
      ),
    );
    if (clip > 0 && result) expect(result.norm).toBeCloseTo(norm, 3);
    fused.vars.forEach((v, i) => {
      expect(relError(v.dataSync(), stock.vars[i].dataSync())).toBeLessThan(1e-6);
    });
    // It moved them: gradient · lr (clipped) away from where they started.
    expect(relError(fused.vars[2].dataSync(), randomValues([13, 77], 3))).toBeGreaterThan(1e-4);
  });

  it('declines (changing nothing) on another backend', async () => {
    await tf.setBackend('cpu');
    const { vars, grads } = setUp(1);
    const before = vars.map((v) => Array.from(v.dataSync()));
    expect(clippedSgdStep(grads, 1, 5)).toBe(false);
    vars.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(before[i]));
  });
});
