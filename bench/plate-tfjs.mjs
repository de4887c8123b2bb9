// One measurement in a fresh process (the wasm thread count is fixed when the backend starts):
// the seed plate model (SEEDS.md §1) training and inference µs/sample on one backend.
// Usage: node plate-tfjs.mjs --backend wasm|cpu --threads N --steps S --warmup W [--model seed|default]
import { parseArgs } from 'node:util';
import { initBackend, tf } from '@dl/core';
import { buildPlateModel, buildPlateSeedModel } from '@dl/vision-plate';
import { mean, median, peakMemory } from './stats.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string', default: '1' },
    steps: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    batch: { type: 'string', default: '32' },
    model: { type: 'string', default: 'seed' },
  },
});
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const batch = Number(values.batch);
const choice = await initBackend({ prefer: values.backend, threads: Number(values.threads) });

const model = (values.model === 'default' ? buildPlateModel : buildPlateSeedModel)({ classes: 31 });
// The builders return the model uncompiled (trainPlate compiles it): the same loss and optimizer.
model.compile({
  optimizer: tf.train.adam(1e-3),
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
});
const x = tf.randomUniform([batch, 20, 20, 1], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([batch], 0, 31, 'int32', 2), 31);

// Training: one step = forward, backward and Adam update on a batch, as PyTorch's loop does.
const train = [];
for (let i = 0; i < warmup + steps; i++) {
  const t0 = performance.now();
  await model.trainOnBatch(x, y);
  if (i >= warmup) train.push(performance.now() - t0);
}
// model.fit over an epoch of distinct batches: the loop users run (slicing, callbacks).
const n = batch * Math.max(4, Math.min(steps, 40));
const xs = tf.randomUniform([n, 20, 20, 1], 0, 1, 'float32', 3);
const ys = tf.oneHot(tf.randomUniform([n], 0, 31, 'int32', 4), 31);
await model.fit(xs, ys, { batchSize: batch, epochs: 1, verbose: 0 });
const tf0 = performance.now();
await model.fit(xs, ys, { batchSize: batch, epochs: 1, verbose: 0 });
const fitMs = performance.now() - tf0;

const infer = [];
for (let i = 0; i < warmup + steps; i++) {
  const t0 = performance.now();
  tf.tidy(() => {
    model.predict(x).dataSync();
  });
  if (i >= warmup) infer.push(performance.now() - t0);
}

const us = (ms) => Math.round((ms * 1000) / batch);
process.stdout.write(
  `${JSON.stringify({
    ...peakMemory(tf),
    framework: 'tfjs',
    model: values.model,
    backend: choice.id,
    threads: choice.threads,
    batch,
    steps,
    train_us_per_sample: us(median(train)),
    train_us_per_sample_mean: us(mean(train)),
    fit_us_per_sample: Math.round((fitMs * 1000) / n),
    infer_us_per_sample: us(median(infer)),
    params: model.countParams(),
  })}\n`,
);
