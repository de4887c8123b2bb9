import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init';
import { Rng } from '../src/random/rng';
import * as tf from '../src/tf';
import { trainModel } from '../src/train/train';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

/** Mean categorical cross-entropy and accuracy, by hand (tfjs clips p to [1e-7, 1 − 1e-7]). */
function byHand(p: number[][], y: number[][]) {
  let ce = 0;
  let right = 0;
  p.forEach((row, i) => {
    const t = y[i].indexOf(1);
    ce -= Math.log(Math.min(Math.max(row[t], 1e-7), 1 - 1e-7));
    if (row.indexOf(Math.max(...row)) === t) right++;
  });
  return { loss: ce / p.length, acc: right / p.length };
}

function oneHot(rng: Rng, n: number, k: number): number[][] {
  return Array.from({ length: n }, () => {
    const row = new Array(k).fill(0);
    row[Math.floor(rng.next() * k)] = 1;
    return row;
  });
}

function twoHeads() {
  const input = tf.input({ shape: [4] });
  const hidden = tf.layers
    .dense({ units: 6, activation: 'tanh' })
    .apply(input) as tf.SymbolicTensor;
  const a = tf.layers.dense({ units: 3, activation: 'softmax', name: 'a' }).apply(hidden);
  const b = tf.layers.dense({ units: 2, activation: 'softmax', name: 'b' }).apply(hidden);
  const model = tf.model({ inputs: input, outputs: [a, b] as tf.SymbolicTensor[] });
  model.compile({
    optimizer: tf.train.sgd(0), // learning rate 0: validation sees the weights evaluate sees
    loss: ['categoricalCrossentropy', 'categoricalCrossentropy'],
    metrics: ['accuracy'],
  });
  return model;
}

describe('evaluation of multi-output models (tensorflow/tfjs#5941 fixed by initBackend)', () => {
  const rng = new Rng(7);
  const n = 40;
  const xs = Array.from({ length: n }, () => Array.from({ length: 4 }, () => rng.normal()));
  const ya = oneHot(rng, n, 3);
  const yb = oneHot(rng, n, 2);

  it('model.evaluate gives the total loss, each head loss and each head accuracy under their names', async () => {
    tf.setBackend('cpu');
    const model = twoHeads();
    const x = tf.tensor2d(xs);
    const targets = [tf.tensor2d(ya), tf.tensor2d(yb)];
    const [pa, pb] = (model.predict(x) as tf.Tensor[]).map((t) => t.arraySync() as number[][]);
    const a = byHand(pa, ya);
    const b = byHand(pb, yb);
    const values = (model.evaluate(x, targets, { batchSize: 16 }) as tf.Scalar[]).map(
      (t) => t.dataSync()[0],
    );
    expect(model.metricsNames).toEqual(['loss', 'a_loss', 'b_loss', 'a_acc', 'b_acc']);
    const expected = [a.loss + b.loss, a.loss, b.loss, a.acc, b.acc];
    expect(values).toHaveLength(5);
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));

    // the validation logs of fit and fitDataset use the same function
    const fitted = await trainModel({
      model,
      train: { x, y: targets },
      validation: { x, y: targets },
      epochs: 1,
      batchSize: 16,
      progress: 'silent',
    });
    expect(fitted.history.val_loss[0]).toBeCloseTo(a.loss + b.loss, 5);
    expect(fitted.history.val_a_loss[0]).toBeCloseTo(a.loss, 5);
    expect(fitted.history.val_b_acc[0]).toBeCloseTo(b.acc, 5);
    const batches = () =>
      tf.data
        .zip({
          xs: tf.data.array(xs),
          ys: tf.data.zip({ a: tf.data.array(ya), b: tf.data.array(yb) }),
        })
        .batch(16) as unknown as tf.data.Dataset<tf.TensorContainer>;
    const streamed = await model.fitDataset(batches(), {
      epochs: 1,
      validationData: batches(),
      verbose: 0,
    });
    expect(streamed.history.val_loss[0] as number).toBeCloseTo(a.loss + b.loss, 5);
    expect(streamed.history.val_a_acc[0] as number).toBeCloseTo(a.acc, 5);
    expect(streamed.history.val_b_loss[0] as number).toBeCloseTo(b.loss, 5);
    tf.dispose([x, ...targets]);
    model.dispose();
  });

  it('single-output models keep the stock evaluation', () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })],
    });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const x = tf.tensor2d(xs);
    const y = tf.tensor2d(ya);
    const p = byHand((model.predict(x) as tf.Tensor).arraySync() as number[][], ya);
    const [loss, acc] = (model.evaluate(x, y) as tf.Scalar[]).map((t) => t.dataSync()[0]);
    expect(loss).toBeCloseTo(p.loss, 5);
    expect(acc).toBeCloseTo(p.acc, 5);
    tf.dispose([x, y]);
    model.dispose();
  });
});
