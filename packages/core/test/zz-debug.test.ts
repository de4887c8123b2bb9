import { it } from 'vitest';
import { initBackend } from '../src/backend/init';
import * as tf from '../src/tf';
import { trainModel } from '../src/train/train';

it('debug', async () => {
  await initBackend({ prefer: 'wasm', env: {} });
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 2, activation: 'softmax' }));
  m.compile({ optimizer: tf.train.adam(0.1), loss: 'categoricalCrossentropy' });
  const data = { x: tf.ones([4, 4]), y: tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2) };
  const r = await trainModel({
    model: m,
    train: data,
    validation: data,
    epochs: 2,
    checkpoint: { dir: '/tmp/dbg-ckpt', meta: { task: 't', package: { name: 'x', version: '1' } } },
    progress: 'plain',
  });
  console.log(r);
});
