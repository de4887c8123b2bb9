import { clipByGlobalNorm, initBackend, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClippedSgdOptimizer } from '../src/optimizer';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

/** Two variables and gradients whose global norm is 13 (5 and 12). */
function setUp() {
  const a = tf.variable(tf.tensor1d([1, 2, 3, 4, 5]));
  const b = tf.variable(tf.tensor2d([[1, 1, 1]]));
  const grads = { [a.name]: tf.tensor1d([3, 0, 4, 0, 0]), [b.name]: tf.tensor2d([[0, 12, 0]]) };
  return { a, b, grads };
}

describe('ClippedSgdOptimizer', () => {
  it('clips to the global norm, then steps: w − lr·(5/13)·g, by hand', () => {
    const { a, b, grads } = setUp();
    const opt = new ClippedSgdOptimizer(2, 5);
    opt.applyGradients(grads);
    const s = (2 * 5) / 13;
    expect(Array.from(a.dataSync())).toEqual(
      [1 - 3 * s, 2, 3 - 4 * s, 4, 5].map((v) => expect.closeTo(v, 5)),
    );
    expect(Array.from(b.dataSync())).toEqual([1, 1 - 12 * s, 1].map((v) => expect.closeTo(v, 5)));
    expect(opt.iterations).toBe(1);
  });

  it("is tfjs's SGD after clipByGlobalNorm: same weights, class name, schedule hook", async () => {
    const ours = setUp();
    const stock = setUp();
    const opt = new ClippedSgdOptimizer(0.5, 5);
    opt.setLearningRate(0.25); // what core's schedules call
    opt.applyGradients(ours.grads);
    tf.train.sgd(0.25).applyGradients(clipByGlobalNorm(stock.grads, 5));
    for (const k of ['a', 'b'] as const) {
      const o = ours[k].dataSync();
      stock[k].dataSync().forEach((v, i) => expect(o[i]).toBeCloseTo(v, 6));
    }
    expect(opt.getClassName()).toBe('SGD');
    expect((await opt.getWeights()).map((w) => w.name)).toEqual(['iter']);
  });

  it('clipNorm 0: plain SGD', () => {
    const { a, grads } = setUp();
    new ClippedSgdOptimizer(1, 0).applyGradients(grads);
    expect(Array.from(a.dataSync())).toEqual([-2, 2, -1, 4, 5]);
  });
});
