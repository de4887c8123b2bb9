import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init';
import { Rng, withSeededRandom } from '../src/random/rng';
import * as tf from '../src/tf';
import { trainSteps } from '../src/train/step-loop';
import { trainModel } from '../src/train/train';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

function toyModel(): tf.Sequential {
  return withSeededRandom(new Rng(1), () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [3], units: 2, activation: 'softmax' }));
    m.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    return m;
  });
}

const collector = () => {
  const lines: string[] = [];
  return { lines, out: { write: (s: string) => lines.push(s), isTTY: true } };
};

describe("progress 'json'", () => {
  it('writes one JSON object a line per epoch, with the metrics, even on a TTY', async () => {
    const { lines, out } = collector();
    const x = tf.randomNormal([32, 3], 0, 1, 'float32', 3);
    const y = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 32 }, (_, i) => i % 2),
        'int32',
      ),
      2,
    );
    await trainModel({
      model: toyModel(),
      train: { x, y },
      validation: { x, y },
      epochs: 3,
      batchSize: 8,
      progress: 'json',
      progressOut: out,
    });
    const events = lines.map((l) => {
      expect(l.endsWith('\n')).toBe(true);
      return JSON.parse(l);
    });
    const epochs = events.filter((e) => e.event === 'epoch');
    expect(epochs.map((e) => [e.epoch, e.epochs])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    for (const e of epochs) {
      expect(typeof e.loss).toBe('number');
      expect(typeof e.val_loss).toBe('number');
      expect(e.elapsedS).toBeGreaterThanOrEqual(0);
      expect(e).not.toHaveProperty('batch');
    }
    expect(epochs.at(-1).etaS).toBe(0);
    // Nothing but JSON: no bar redraws, no escape codes.
    expect(lines.join('')).not.toContain('\x1b');
  });

  it('reports custom step loops the same way', async () => {
    const { lines, out } = collector();
    const w = tf.variable(tf.scalar(3));
    const optimizer = tf.train.sgd(0.1);
    await trainSteps({
      epochs: 2,
      batches: () => [1, 2],
      stepsPerEpoch: 2,
      loss: () => tf.square(w) as tf.Scalar,
      optimizer,
      progress: 'json',
      progressOut: out,
    });
    const epochs = lines.map((l) => JSON.parse(l)).filter((e) => e.event === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(epochs[1].loss).toBeLessThan(epochs[0].loss);
    w.dispose();
  });
});
