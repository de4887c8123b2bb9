// One measurement in a fresh process (the wasm thread count is fixed when the backend starts):
// @dl/textcnn training and inference sentences/s on random token ids, batch 50 as Kim (2014).
// Usage: node textcnn-tfjs.mjs --model rand|seed --threads N [--steps S] [--warmup W]
//          [--max-seconds T] [--vocab V] [--len L] [--batch B] [--optimizer adam|adadelta]
//          [--profile]   (tf.profile of one training step: kernels by total time, to stderr)
import { parseArgs } from 'node:util';
import { initBackend, tf } from '@dl/core';
// bench/package.json lists only @dl/core and @dl/vision-plate: load the built package directly
// (it resolves @dl/core to the same packages/core/dist module, so one tfjs and one backend).
import {
  applyMaxNorm,
  buildTextCnnModel,
  buildTextCnnSeedModel,
  compileTextCnnModel,
} from '../packages/textcnn/dist/index.js';
import { median, peakMemory, profileKernels, timeRuns } from './stats.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string', default: '1' },
    model: { type: 'string', default: 'rand' },
    steps: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    'max-seconds': { type: 'string', default: '12' },
    batch: { type: 'string', default: '50' },
    len: { type: 'string', default: '70' },
    // rand: ~ MR's vocabulary (Kim: 18,765 words); seed: SEEDS.md §3's 58,954 GloVe words.
    vocab: { type: 'string' },
    optimizer: { type: 'string', default: 'adam' },
    profile: { type: 'boolean', default: false },
  },
});
const seed = values.model === 'seed';
const batch = Number(values.batch);
const len = Number(values.len);
const vocab = Number(values.vocab ?? (seed ? 58_954 : 18_000));
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const maxMs = Number(values['max-seconds']) * 1000;
const choice = await initBackend({ prefer: values.backend, threads: Number(values.threads) });

// The builders return the model uncompiled; compile it as trainTextCnn does.
const model = compileTextCnnModel(
  seed
    ? buildTextCnnSeedModel({ vocabSize: vocab, maxLen: len })
    : buildTextCnnModel({ variant: 'rand', vocabSize: vocab, maxLen: len }),
  { optimizer: seed ? 'adam' : values.optimizer },
);
const x = tf.randomUniform([batch, len], 0, vocab, 'int32', 1);
const y = tf.oneHot(tf.randomUniform([batch], 0, 2, 'int32', 2), 2);

// One step as trainTextClassifier runs it: forward, backward, optimizer update, and for Kim's
// model the output layer's max-norm 3 (MaxNormCallback's applyMaxNorm after every batch).
const step = async () => {
  await model.trainOnBatch(x, y);
  if (!seed) applyMaxNorm(model, 3);
};

if (values.profile) {
  for (let i = 0; i < warmup; i++) await step();
  await profileKernels(tf, step, `${values.model}, ${choice.threads} thread(s)`);
}

const runs = { steps, warmup, maxMs };
const train = await timeRuns(step, runs);
const infer = await timeRuns(async () => {
  tf.tidy(() => {
    model.predict(x).dataSync();
  });
}, runs);

const perSec = (ms) => Math.round((batch * 1000) / ms);
process.stdout.write(
  `${JSON.stringify({
    ...peakMemory(tf),
    framework: 'tfjs',
    model: values.model,
    backend: choice.id,
    threads: choice.threads,
    batch,
    len,
    vocab,
    optimizer: seed ? 'adam' : values.optimizer,
    train_steps: train.length,
    train_ms_per_step: Number(median(train).toFixed(2)),
    train_sentences_per_s: perSec(median(train)),
    infer_sentences_per_s: perSec(median(infer)),
    params: model.countParams(),
    trainable_params: model.trainableWeights.reduce(
      (n, w) => n + w.shape.reduce((a, b) => a * b, 1),
      0,
    ),
  })}\n`,
);
