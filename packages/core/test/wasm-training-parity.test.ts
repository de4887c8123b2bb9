import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init';
import { trainingParity } from '../src/backend/parity';
import * as tf from '../src/tf';
import { randomValues, relError } from './helpers/parity';

const TOL = 1e-3;
const STEPS = 5;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

function expectSameLosses(losses: Record<string, number[]>): void {
  expect(losses.cpu).toHaveLength(STEPS);
  expect(losses.cpu.every(Number.isFinite)).toBe(true);
  expect(relError(losses.wasm, losses.cpu)).toBeLessThanOrEqual(TOL);
  // They learn: the loss on a fixed stream of batches moves.
  expect(losses.wasm.at(-1)).not.toBe(losses.wasm[0]);
}

const oneHot = (n: number, classes: number, seed: number) =>
  tf.oneHot(
    tf.tensor1d(
      Array.from(randomValues([n], seed), (v) => Math.floor((v + 0.5) * classes)),
      'int32',
    ),
    classes,
  );

describe('training on wasm matches cpu (same init, same batches)', () => {
  it('seed plate architecture (conv, pools, dense, seeded dropout), Adam', async () => {
    const losses = await trainingParity({
      backends: ['cpu', 'wasm'],
      steps: STEPS,
      build: () => {
        const m = tf.sequential();
        m.add(
          tf.layers.conv2d({
            inputShape: [20, 20, 1],
            filters: 16,
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
          }),
        );
        m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }));
        m.add(
          tf.layers.conv2d({ filters: 32, kernelSize: 1, padding: 'same', activation: 'relu' }),
        );
        m.add(tf.layers.maxPooling2d({ poolSize: 1, strides: 1, padding: 'same' }));
        m.add(tf.layers.flatten());
        m.add(tf.layers.dense({ units: 512, activation: 'relu' }));
        m.add(tf.layers.dropout({ rate: 0.1, seed: 3 }));
        m.add(tf.layers.dense({ units: 31, activation: 'softmax' }));
        m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
        return m;
      },
      batch: (step) => ({
        x: tf.tensor(randomValues([8, 20, 20, 1], 100 + step), [8, 20, 20, 1]).add(0.5),
        y: oneHot(8, 31, 200 + step),
      }),
    });
    expectSameLosses(losses);
  });

  it('Embedding → LSTM → Dense sequence model, Adam', async () => {
    const vocab = 50;
    const losses = await trainingParity({
      backends: ['cpu', 'wasm'],
      steps: STEPS,
      build: () => {
        const m = tf.sequential();
        m.add(tf.layers.embedding({ inputDim: vocab, outputDim: 8, inputLength: 12 }));
        m.add(tf.layers.lstm({ units: 16, returnSequences: true }));
        m.add(
          tf.layers.timeDistributed({
            layer: tf.layers.dense({ units: vocab, activation: 'softmax' }),
          }),
        );
        m.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
        return m;
      },
      batch: (step) => {
        const ids = Array.from(randomValues([8 * 12], 300 + step), (v) =>
          Math.floor((v + 0.5) * vocab),
        );
        const x = tf.tensor2d(ids, [8, 12], 'float32');
        const next = ids.map((_, i) => ids[(i + 1) % ids.length]);
        const y = tf.oneHot(tf.tensor1d(next, 'int32'), vocab).reshape([8, 12, vocab]);
        return { x, y };
      },
    });
    expectSameLosses(losses);
  });

  it('depthwise-separable conv model (stride 2), Adam', async () => {
    const losses = await trainingParity({
      backends: ['cpu', 'wasm'],
      steps: STEPS,
      build: () => {
        const m = tf.sequential();
        m.add(
          tf.layers.separableConv2d({
            inputShape: [16, 16, 3],
            filters: 8,
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
          }),
        );
        m.add(
          tf.layers.separableConv2d({
            filters: 12,
            kernelSize: 3,
            strides: 2,
            depthMultiplier: 2,
            padding: 'same',
            activation: 'relu',
          }),
        );
        m.add(tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'valid', activation: 'relu' }));
        m.add(tf.layers.globalAveragePooling2d({}));
        m.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
        m.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
        return m;
      },
      batch: (step) => ({
        x: tf.tensor(randomValues([6, 16, 16, 3], 400 + step), [6, 16, 16, 3]),
        y: oneHot(6, 4, 500 + step),
      }),
    });
    expectSameLosses(losses);
  });
});
