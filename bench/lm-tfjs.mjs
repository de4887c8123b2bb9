// One measurement in a fresh process (the wasm thread count is fixed when the backend starts):
// @dl/text-lm training and evaluation tokens/s of a word-level LSTM language model on random
// token ids, truncated BPTT as trainLm runs it (state carried between windows, full softmax,
// gradients clipped to global norm 5, SGD).
// Usage: node lm-tfjs.mjs --threads N [--vocab V] [--units H] [--layers L] [--steps T]
//          [--batch B] [--train-steps S] [--warmup W] [--max-seconds T] [--profile] [--autodiff]
import { parseArgs } from 'node:util';
import { clipByGlobalNorm, initBackend, tf } from '@dl/core';
// bench/package.json lists @dl/core only: load the built package directly (it resolves @dl/core
// to the same packages/core/dist module, so one tfjs and one backend).
import {
  buildLmModel,
  disposeState,
  lmHidden,
  lmLogits,
  lmParams,
  lmVariables,
  maskedSoftmaxNll,
  tokenNll,
  zeroState,
} from '../packages/text-lm/dist/index.js';
import { median } from './stats.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string', default: '1' },
    vocab: { type: 'string', default: '10000' },
    units: { type: 'string', default: '200' },
    layers: { type: 'string', default: '2' },
    steps: { type: 'string', default: '20' },
    batch: { type: 'string', default: '20' },
    'train-steps': { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    'max-seconds': { type: 'string', default: '15' },
    profile: { type: 'boolean', default: false },
    // Take the LSTM's gradient op by op (tfjs autodiff) instead of trainLm's written-out BPTT.
    autodiff: { type: 'boolean', default: false },
  },
});
const V = Number(values.vocab);
const T = Number(values.steps);
const B = Number(values.batch);
const runs = Number(values['train-steps']);
const warmup = Number(values.warmup);
const maxMs = Number(values['max-seconds']) * 1000;
const choice = await initBackend({ prefer: values.backend, threads: Number(values.threads) });

const model = buildLmModel({
  vocabSize: V,
  units: Number(values.units),
  layers: Number(values.layers),
});
const p = lmParams(model);
const variables = lmVariables(p);
const optimizer = tf.train.sgd(1);
let seed = 1;
const batch = () => ({
  ids: tf.randomUniform([T, B], 0, V, 'int32', seed++),
  targets: tf.randomUniform([T * B], 0, V, 'int32', seed++),
  mask: tf.ones([T * B]),
});
const data = Array.from({ length: 4 }, batch);
let state = zeroState(p, B);
let k = 0;

// One training step exactly as trainLm's (trainSteps with clipNorm 5): forward from the carried
// state, masked full-softmax NLL, gradients, global-norm clipping, SGD update, state handed on.
const trainStep = async () => {
  const b = data[k++ % data.length];
  let next;
  const loss = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const out = lmHidden(p, b.ids, state, { training: !values.autodiff });
      next = out.state.map((s) => ({ h: tf.keep(s.h), c: tf.keep(s.c) }));
      return maskedSoftmaxNll(lmLogits(p, out.hidden), b.targets, b.mask);
    }, variables);
    optimizer.applyGradients(clipByGlobalNorm(grads, 5));
    return value;
  });
  await loss.data();
  loss.dispose();
  disposeState(state);
  state = next;
};
// Evaluation as evaluateLm's: forward with carried state, exact per-token NLL and argmax.
const evalStep = async () => {
  const b = data[k++ % data.length];
  const r = tf.tidy(() => {
    const out = lmHidden(p, b.ids, state);
    return { logits: lmLogits(p, out.hidden), next: out.state };
  });
  tokenNll(r.logits, b.targets);
  r.logits.dispose();
  disposeState(state);
  state = r.next;
};
const timeRuns = async (fn) => {
  for (let i = 0; i < warmup; i++) await fn();
  const ts = [];
  const t0 = performance.now();
  while (ts.length < runs && (ts.length < 3 || performance.now() - t0 < maxMs)) {
    const t = performance.now();
    await fn();
    ts.push(performance.now() - t);
  }
  return ts;
};

if (values.profile) {
  for (let i = 0; i < warmup; i++) await trainStep();
  const info = await tf.profile(trainStep);
  const byName = new Map();
  for (const kernel of info.kernels) {
    const ms = await kernel.kernelTimeMs;
    const key =
      kernel.name === 'BatchMatMul' || kernel.name === 'Sum'
        ? `${kernel.name} ${kernel.inputShapes.map((s) => s.join('×')).join(' · ')}`
        : kernel.name;
    const e = byName.get(key) ?? { ms: 0, calls: 0 };
    e.ms += typeof ms === 'number' ? ms : 0;
    e.calls += 1;
    byName.set(key, e);
  }
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  process.stderr.write(
    `${choice.threads} thread(s): ${info.kernels.length} kernels, ${total.toFixed(1)} ms in kernels\n`,
  );
  for (const [name, e] of rows.slice(0, 18)) {
    process.stderr.write(
      `  ${name.padEnd(44)} ${e.ms.toFixed(1).padStart(8)} ms  ${String(e.calls).padStart(4)} calls  ${((100 * e.ms) / total).toFixed(1)}%\n`,
    );
  }
}

const train = await timeRuns(trainStep);
const evaluation = await timeRuns(evalStep);
const perSec = (ms) => Math.round((T * B * 1000) / ms);
process.stdout.write(
  `${JSON.stringify({
    framework: 'tfjs',
    backend: choice.id,
    threads: choice.threads,
    vocab: V,
    units: Number(values.units),
    layers: Number(values.layers),
    steps: T,
    batch: B,
    train_steps: train.length,
    train_ms_per_step: Number(median(train).toFixed(2)),
    train_tokens_per_s: perSec(median(train)),
    eval_tokens_per_s: perSec(median(evaluation)),
    params: model.countParams(),
  })}\n`,
);
