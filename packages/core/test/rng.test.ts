import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init';
import { Rng, withSeededRandom } from '../src/random/rng';
import * as tf from '../src/tf';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = Array.from({ length: 5 }, new Rng(42).next.bind(new Rng(42)));
    const r1 = new Rng(42);
    const r2 = new Rng(42);
    const r3 = new Rng(43);
    const s1 = Array.from({ length: 100 }, () => r1.nextUint32());
    const s2 = Array.from({ length: 100 }, () => r2.nextUint32());
    const s3 = Array.from({ length: 100 }, () => r3.nextUint32());
    expect(s1).toEqual(s2);
    expect(s1).not.toEqual(s3);
    expect(a.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('draws uniformly enough: mean ≈ 0.5, each of 10 bins ≈ 10%', () => {
    const r = new Rng(7);
    const bins = new Array(10).fill(0);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const v = r.next();
      sum += v;
      bins[Math.floor(v * 10)]++;
    }
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
    for (const b of bins) expect(Math.abs(b / 100_000 - 0.1)).toBeLessThan(0.005);
  });

  it('normal() has mean 0 and std 1', () => {
    const r = new Rng(3);
    const xs = Array.from({ length: 50_000 }, () => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 1)).toBeLessThan(0.02);
  });

  it('permutation is a permutation; fork streams are independent and stable', () => {
    const p = new Rng(1).permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
    const base = new Rng(5);
    const f1 = base.fork('shuffle').next();
    base.next(); // drawing from the parent does not move a fork
    expect(new Rng(5).fork('shuffle').next()).toBe(f1);
    expect(new Rng(5).fork('augment').next()).not.toBe(f1);
  });

  it('rejects bad arguments', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/finite/);
    expect(() => new Rng(1).int(0)).toThrow(/positive integer/);
  });
});

describe('withSeededRandom', () => {
  const build = () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [4], units: 3 }));
    return m;
  };

  it('makes tfjs layer initialisation reproducible and restores Math.random', () => {
    const original = Math.random;
    const w1 = withSeededRandom(new Rng(9), () => build().getWeights()[0].dataSync().slice());
    const w2 = withSeededRandom(new Rng(9), () => build().getWeights()[0].dataSync().slice());
    const w3 = withSeededRandom(new Rng(10), () => build().getWeights()[0].dataSync().slice());
    expect(Math.random).toBe(original);
    expect(w1).toEqual(w2);
    expect(w1).not.toEqual(w3);
  });

  it('restores Math.random when the function throws or an async one rejects', async () => {
    const original = Math.random;
    expect(() =>
      withSeededRandom(new Rng(1), () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Math.random).toBe(original);
    await expect(
      withSeededRandom(new Rng(1), async () => Promise.reject(new Error('late'))),
    ).rejects.toThrow('late');
    expect(Math.random).toBe(original);
  });
});
