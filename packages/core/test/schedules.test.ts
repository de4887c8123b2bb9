import { describe, expect, it } from 'vitest';
import * as tf from '../src/tf';
import {
  cosineDecay,
  exponentialDecay,
  setLearningRate,
  stepDecay,
  warmup,
} from '../src/train/schedules';

describe('learning-rate schedules', () => {
  it("the face seed's step decay: 0.01·0.5^floor((1+epoch)/10)", () => {
    const s = stepDecay({ initial: 0.01, factor: 0.5, every: 10, offset: 1 });
    // epoch 0..8: floor((1+e)/10) = 0 → 0.01; epoch 9: floor(10/10) = 1 → 0.005;
    // epoch 19: floor(20/10) = 2 → 0.0025.
    expect(s(0)).toBe(0.01);
    expect(s(8)).toBe(0.01);
    expect(s(9)).toBe(0.005);
    expect(s(18)).toBe(0.005);
    expect(s(19)).toBe(0.0025);
  });

  it('exponential, cosine and warm-up', () => {
    expect(exponentialDecay({ initial: 1, rate: 0.5 })(3)).toBe(0.125);
    // Zaremba et al. 2014 (small): lr 1 for epochs 1–4, then halved every epoch.
    const z = exponentialDecay({ initial: 1, rate: 0.5, hold: 4 });
    expect([0, 1, 2, 3, 4, 5, 12].map(z)).toEqual([1, 1, 1, 1, 0.5, 0.25, 0.5 ** 9]);
    expect(() => exponentialDecay({ initial: 1, rate: 0.5, hold: -1 })).toThrow(/hold must be/);
    const c = cosineDecay({ initial: 1, epochs: 4, min: 0 });
    // 0.5·(1+cos(π·e/4)): e=0 → 1, e=2 → 0.5, e=4 → 0.
    expect(c(0)).toBe(1);
    expect(c(2)).toBeCloseTo(0.5, 12);
    expect(c(4)).toBe(0);
    const w = warmup({ epochs: 2, after: exponentialDecay({ initial: 0.1, rate: 0.5 }) });
    expect([w(0), w(1), w(2), w(3)]).toEqual([0.05, 0.1, 0.1, 0.05]);
  });

  it('sets the rate on Adam (read each step) and SGD (cached, needs its setter)', () => {
    const adam = tf.train.adam(0.1);
    setLearningRate(adam, 0.02);
    expect((adam as unknown as { learningRate: number }).learningRate).toBe(0.02);
    const sgd = tf.train.sgd(0.1);
    setLearningRate(sgd, 0.03);
    expect((sgd as unknown as { learningRate: number }).learningRate).toBe(0.03);
    expect(() => stepDecay({ initial: -1, factor: 0.5, every: 1 })).toThrow(/positive/);
  });
});
