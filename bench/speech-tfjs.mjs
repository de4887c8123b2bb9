// One measurement in a fresh process (the wasm thread count is fixed when the backend starts):
// @dl/speech training µs/sample (batch 32, Adam, trainOnBatch as training runs it), model
// forward ms (batch 1 latency and batch 32 per clip) on random features, and with --features
// the feature extraction (speechFeatures: trim, fit, spectrogram, normalise) ms per clip of a
// synthetic 8 kHz tone sweep. Prints one JSON line last.
// Usage: node speech-tfjs.mjs --model default|seed --threads N [--max-seconds T] [--batch B]
//          [--steps S] [--warmup W] [--features] [--profile]
// The time box T is the whole process's: half for training, a quarter for each forward batch
// size, and with --features another quarter for feature extraction.
import { parseArgs } from 'node:util';
import { initBackend, tf } from '@dl/core';
// bench/package.json lists only @dl/core and @dl/vision-plate: load the built package directly
// (it resolves @dl/core to the same packages/core/dist module, so one tfjs and one backend).
import {
  buildSpeechModel,
  buildSpeechSeedModel,
  DEFAULT_FEATURES,
  featureShape,
  SEED_FEATURES,
  softmaxCrossEntropyFromLogits,
  speechFeatures,
} from '../packages/speech/dist/index.js';
import { median, peakMemory, profileKernels, timeRuns } from './stats.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string', default: '1' },
    model: { type: 'string', default: 'default' },
    steps: { type: 'string', default: '5000' },
    warmup: { type: 'string', default: '3' },
    'max-seconds': { type: 'string', default: '10' },
    batch: { type: 'string', default: '32' },
    features: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const seed = values.model === 'seed';
const batch = Number(values.batch);
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const boxMs = Number(values['max-seconds']) * 1000;
const choice = await initBackend({ prefer: values.backend, threads: Number(values.threads) });

const features = seed ? SEED_FEATURES : DEFAULT_FEATURES;
const shape = featureShape(features); // default [101, 40], seed [16, 20]
const model = seed
  ? buildSpeechSeedModel({ inputShape: shape })
  : buildSpeechModel({ inputShape: shape });
// Builders return the model uncompiled: compile it as trainSpeech does.
model.compile({
  optimizer: tf.train.adam(seed ? 1e-3 : 3e-3),
  loss: seed ? softmaxCrossEntropyFromLogits : 'categoricalCrossentropy',
  metrics: ['accuracy'],
});
const x = tf.randomNormal([batch, ...shape], 0, 1, 'float32', 1);
const x1 = tf.randomNormal([1, ...shape], 0, 1, 'float32', 3);
const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2), 10);

const step = async () => {
  await model.trainOnBatch(x, y);
};

if (values.profile) {
  for (let i = 0; i < warmup; i++) await step();
  await profileKernels(tf, step, `${values.model}, ${choice.threads} thread(s)`);
}

const forward = (input) => () => {
  tf.tidy(() => {
    model.predict(input).dataSync();
  });
};
const train = await timeRuns(step, { steps, warmup, maxMs: boxMs / 2 });
const inferBatch = await timeRuns(forward(x), { steps, warmup, maxMs: boxMs / 4 });
const inferOne = await timeRuns(forward(x1), { steps, warmup: 10 * warmup, maxMs: boxMs / 4 });

// A 0.8 s recording at 8 kHz: 0.1 s of faint noise, a 0.6 s chirp 300 → 3,000 Hz under a
// sin² envelope, 0.1 s of faint noise — so trimming has something to cut and fitting pads.
const toneSweep = (rate = 8000) => {
  const lead = Math.round(0.1 * rate);
  const len = Math.round(0.6 * rate);
  const out = new Float32Array(len + 2 * lead);
  let s = 12_345;
  const noise = () => {
    s = (s * 16_807) % 2_147_483_647;
    return s / 2_147_483_647 - 0.5;
  };
  const [f0, f1, T] = [300, 3000, len / rate];
  for (let i = 0; i < out.length; i++) {
    const t = (i - lead) / rate;
    const on = i >= lead && i < lead + len;
    const env = on ? Math.sin((Math.PI * t) / T) ** 2 : 0;
    out[i] = 0.5 * env * Math.sin(2 * Math.PI * (f0 * t + ((f1 - f0) * t * t) / (2 * T)));
    out[i] += 2e-3 * noise();
  }
  return out;
};
let featureMs = null;
if (values.features) {
  const clip = toneSweep(features.sampleRate);
  const per = shape[0] * shape[1];
  const got = speechFeatures(clip, features.sampleRate, features);
  if (got.length !== per) throw new Error(`features: ${got.length} values, expected ${per}`);
  featureMs = median(
    await timeRuns(() => speechFeatures(clip, features.sampleRate, features), {
      steps,
      warmup: 10,
      maxMs: boxMs / 4,
    }),
  );
}

const trainableParams = model.trainableWeights.reduce(
  (n, w) => n + w.shape.reduce((a, b) => a * b, 1),
  0,
);
process.stdout.write(
  `${JSON.stringify({
    ...peakMemory(tf),
    framework: 'tfjs',
    model: values.model,
    backend: choice.id,
    threads: choice.threads,
    batch,
    input: shape,
    train_steps: train.length,
    train_ms_per_step: Number(median(train).toFixed(2)),
    train_us_per_sample: Math.round((1000 * median(train)) / batch),
    infer_b1_ms: Number(median(inferOne).toFixed(3)),
    infer_batch_ms_per_clip: Number((median(inferBatch) / batch).toFixed(3)),
    infer_runs: [inferOne.length, inferBatch.length],
    features_ms_per_clip: featureMs == null ? null : Number(featureMs.toFixed(3)),
    params: model.countParams(),
    trainable_params: trainableParams,
  })}\n`,
);
