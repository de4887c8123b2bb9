import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init';
import { classBalance, formatClassBalance } from '../src/data/balance';
import { kFold } from '../src/data/kfold';
import { LabelMap } from '../src/data/label-map';
import { stratifiedSplit } from '../src/data/split';
import { streamDataset } from '../src/data/stream';
import { batchIndices, oneHotLabels, takeSamples } from '../src/data/tensors';
import { isDlError } from '../src/errors';
import { Rng } from '../src/random/rng';
import * as tf from '../src/tf';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

// 3 classes: 50, 30, 20 samples.
const labels = Int32Array.from([...Array(50).fill(0), ...Array(30).fill(1), ...Array(20).fill(2)]);
const count = (idx: Int32Array, cls: number) => [...idx].filter((i) => labels[i] === cls).length;

describe('stratifiedSplit', () => {
  it('splits each class in proportion, disjointly, covering every sample', () => {
    const s = stratifiedSplit(labels, { train: 0.7, validation: 0.15, test: 0.15 }, new Rng(1));
    // class 0: 35/7.5/7.5 → 35/8/7 by largest remainder (ties to the earlier split);
    // class 1: 21/4.5/4.5 → 21/5/4; class 2: 14/3/3.
    expect([count(s.train, 0), count(s.validation, 0), count(s.test, 0)]).toEqual([35, 8, 7]);
    expect([count(s.train, 1), count(s.validation, 1), count(s.test, 1)]).toEqual([21, 5, 4]);
    expect([count(s.train, 2), count(s.validation, 2), count(s.test, 2)]).toEqual([14, 3, 3]);
    const all = [...s.train, ...s.validation, ...s.test].sort((a, b) => a - b);
    expect(all).toEqual([...Array(100).keys()]);
  });

  it('is reproducible per seed', () => {
    const a = stratifiedSplit(labels, { train: 0.8, test: 0.2 }, new Rng(3));
    const b = stratifiedSplit(labels, { train: 0.8, test: 0.2 }, new Rng(3));
    const c = stratifiedSplit(labels, { train: 0.8, test: 0.2 }, new Rng(4));
    expect(a.test).toEqual(b.test);
    expect(a.test).not.toEqual(c.test);
  });

  it('keeps inputs and labels together when gathering (the face-seed bug cannot happen)', () => {
    // Sample i has input value i and label labels[i]: after the split each row still agrees.
    const data = { x: tf.range(0, 100).reshape([100, 1]), y: tf.tensor1d(labels, 'int32') };
    const s = stratifiedSplit(labels, { train: 0.5, test: 0.5 }, new Rng(2));
    const part = takeSamples(data, s.test);
    const xs = (part.x as tf.Tensor).dataSync();
    const ys = (part.y as tf.Tensor).dataSync();
    xs.forEach((x, i) => expect(ys[i]).toBe(labels[x]));
    tf.dispose([data.x, data.y, part.x as tf.Tensor, part.y as tf.Tensor]);
  });

  it('rejects bad fractions and labels', () => {
    expect(() => stratifiedSplit(labels, { train: 0.7, test: 0.2 }, new Rng(1))).toThrow(
      /sum to 1/,
    );
    expect(() => stratifiedSplit([], { train: 1 }, new Rng(1))).toThrow(/empty/);
    expect(() => stratifiedSplit([0, 1.5], { train: 1 }, new Rng(1))).toThrow(/label 1 is 1.5/);
  });
});

describe('kFold', () => {
  it('puts every index in exactly one test fold, stratified', () => {
    const folds = kFold(labels, 10, new Rng(1));
    expect(folds).toHaveLength(10);
    const tests = folds.flatMap((f) => [...f.test]).sort((a, b) => a - b);
    expect(tests).toEqual([...Array(100).keys()]);
    for (const f of folds) {
      expect(f.test.length).toBe(10);
      expect(f.train.length).toBe(90);
      // 50/30/20 over 10 folds: 5, 3, 2 of each class per test fold.
      expect([count(f.test, 0), count(f.test, 1), count(f.test, 2)]).toEqual([5, 3, 2]);
      expect(f.train.some((i) => f.test.includes(i))).toBe(false);
    }
  });

  it('rejects k < 2 and too few samples', () => {
    expect(() => kFold(labels, 1, new Rng(1))).toThrow(/k ≥ 2/);
    expect(() => kFold([0, 1], 3, new Rng(1))).toThrow(/at least 3 samples/);
  });
});

describe('LabelMap, one-hot, balance, batches', () => {
  it('encodes, decodes, round-trips JSON and names unknown labels', () => {
    const m = LabelMap.fromLabels(['沪', 'A', '京', 'A']);
    expect(m.labels).toEqual(['A', '京', '沪']);
    expect(m.encode('京')).toBe(1);
    expect(m.decode(2)).toBe('沪');
    expect(LabelMap.fromJSON(JSON.parse(JSON.stringify(m))).labels).toEqual(m.labels);
    expect(() => m.encode('Z')).toThrow(/unknown label 'Z'.*3 labels \(A, 京, 沪\)/);
    expect(() => m.decode(3)).toThrow(/outside 0…2/);
    expect(() => new LabelMap(['a', 'a'])).toThrow(/twice/);
  });

  it('one-hot rejects out-of-range ids', () => {
    const t = oneHotLabels([0, 2], 3);
    expect(Array.from(t.dataSync())).toEqual([1, 0, 0, 0, 0, 1]);
    t.dispose();
    try {
      oneHotLabels([0, 3], 3);
      expect.fail();
    } catch (e) {
      expect(isDlError(e, 'DATA_INVALID')).toBe(true);
      expect((e as Error).message).toMatch(/label 1 is 3; expected an integer in 0…2/);
    }
  });

  it('class balance counts and flags empty classes', () => {
    const b = classBalance([0, 0, 0, 1], 3);
    expect(b.counts).toEqual([3, 1, 0]);
    expect(b.imbalanceRatio).toBe(3);
    expect(b.empty).toEqual([2]);
    expect(formatClassBalance(b, ['a', 'b', 'c'])).toMatch(/no samples for c/);
  });

  it('batches cover all indices once, shuffled reproducibly', () => {
    const batches = [...batchIndices(10, 4, { shuffle: new Rng(1) })].map((b) => [...b]);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect([...batchIndices(10, 4, { dropRemainder: true })]).toHaveLength(2);
  });
});

describe('streamDataset', () => {
  it('streams batches into fitDataset and holds only a buffer', async () => {
    let produced = 0;
    async function* source() {
      for (let i = 0; i < 40; i++) {
        produced++;
        yield { x: [i % 2, 1 - (i % 2)], y: i % 2 };
      }
    }
    const ds = streamDataset(source, {
      inputShape: [2],
      numClasses: 2,
      batchSize: 8,
      shuffleBuffer: 16,
      rng: new Rng(1),
    });
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' }));
    m.compile({
      optimizer: tf.train.adam(0.1),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const h = await m.fitDataset(ds, { epochs: 3, verbose: 0 });
    expect(produced).toBe(120);
    expect((h.history.acc as number[]).at(-1)).toBe(1);
    m.dispose();
  });

  it('rejects samples of the wrong size or label, naming the sample', async () => {
    async function* bad() {
      yield { x: [1, 2, 3], y: 0 };
    }
    const ds = streamDataset(bad, { inputShape: [2], numClasses: 2, batchSize: 4 });
    await expect(ds.toArray()).rejects.toThrow(/stream sample 0 has 3 values; expected 2/);
  });
});
