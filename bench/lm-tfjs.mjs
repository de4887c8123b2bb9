// One measurement in a fresh process (the wasm thread count is fixed when the backend starts):
// @dl/text-lm training and evaluation tokens/s of a word-level LSTM language model on random
// token ids, truncated BPTT as trainLm runs it (state carried between windows, full softmax,
// gradients clipped to global norm 5, SGD).
// Usage: node lm-tfjs.mjs --threads N [--vocab V] [--units H] [--layers L] [--steps T]
//          [--batch B] [--train-steps S] [--warmup W] [--max-seconds T] [--profile] [--autodiff]
//          [--sampled N]  (train on a sampled softmax of N log-uniform samples; evaluation stays full)
//          [--unfused]  (the output layer's loss op by op and clip + SGD as separate ops, as
//          before the fused softmax cross-entropy and clipped SGD) [--compare-fused]  (alternate fused and unfused steps in this process,
//          so that a busy machine's load falls on both alike; reports both)
import { parseArgs } from 'node:util';
import { clipByGlobalNorm, initBackend, Rng, tf, useFusedSoftmaxCrossEntropy } from '@dl/core';
// bench/package.json lists @dl/core only: load the built package directly (it resolves @dl/core
// to the same packages/core/dist module, so one tfjs and one backend).
import {
  buildLmModel,
  ClippedSgdOptimizer,
  disposeState,
  LogUniformSampler,
  lmHidden,
  lmLogits,
  lmParams,
  lmVariables,
  maskedSoftmaxNll,
  outputNll,
  sampledSoftmaxNll,
  tokenNll,
  zeroState,
} from '../packages/text-lm/dist/index.js';
import { median, peakMemory, profileKernels, timeRuns } from './stats.mjs';

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
    sampled: { type: 'string', default: '0' },
    unfused: { type: 'boolean', default: false },
    'compare-fused': { type: 'boolean', default: false },
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
// trainLm's SGD clips inside its update (one fused pass on wasm); --unfused: clipByGlobalNorm,
// then tfjs's SGD, as before.
const fusedOptimizer = new ClippedSgdOptimizer(1, 5);
const stockOptimizer = tf.train.sgd(1);
let seed = 1;
const batch = () => ({
  ids: tf.randomUniform([T, B], 0, V, 'int32', seed++),
  targets: tf.randomUniform([T * B], 0, V, 'int32', seed++),
  mask: tf.ones([T * B]),
});
const data = Array.from({ length: 4 }, batch).map((b) => ({
  ...b,
  targetIds: b.targets.dataSync(),
  maskValues: b.mask.dataSync(),
}));
const samples = Number(values.sampled);
const sampler = samples > 0 ? new LogUniformSampler(V) : null;
const sampleRng = new Rng(7);
let state = zeroState(p, B);
let k = 0;

// One training step exactly as trainLm's (trainSteps with clipNorm 5): forward from the carried
// state, masked full-softmax NLL (outputNll: the fused output layer and loss), gradients,
// global-norm clipping, SGD update, state handed on. --unfused: the loss op by op and the clip
// and update as separate tfjs ops, as before.
useFusedSoftmaxCrossEntropy(!values.unfused);
const trainStep = async () => {
  const b = data[k++ % data.length];
  let next;
  const loss = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const out = lmHidden(p, b.ids, state, { training: !values.autodiff });
      next = out.state.map((s) => ({ h: tf.keep(s.h), c: tf.keep(s.c) }));
      if (sampler) {
        const ids = sampler.sample(samples, sampleRng);
        return sampledSoftmaxNll(p, out.hidden, b.targetIds, b.maskValues, ids, sampler);
      }
      return values.unfused
        ? maskedSoftmaxNll(lmLogits(p, out.hidden), b.targets, b.mask)
        : outputNll(p, out.hidden, b.targets, b.mask);
    }, variables);
    if (values.unfused) stockOptimizer.applyGradients(clipByGlobalNorm(grads, 5));
    else fusedOptimizer.applyGradients(grads);
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
    const out = lmHidden(p, b.ids, state, { inference: true });
    return { logits: lmLogits(p, out.hidden), next: out.state };
  });
  tokenNll(r.logits, b.targets);
  r.logits.dispose();
  disposeState(state);
  state = r.next;
};
const timing = { steps: runs, warmup, maxMs };

if (values.profile) {
  for (let i = 0; i < warmup; i++) await trainStep();
  // Products and sums by shape: the softmax's three products are the story here.
  await profileKernels(tf, trainStep, `${choice.threads} thread(s)`, (k) =>
    ['BatchMatMul', 'Sum', 'GatherV2', 'Equal', 'UnsortedSegmentSum', 'Transpose'].includes(k.name)
      ? `${k.name} ${k.inputShapes.map((s) => s.join('×')).join(' · ')}`
      : k.name,
  );
}

/** Fused and unfused steps in turn (warmed up), each run's milliseconds. */
async function compareFused() {
  const runs = { fused: [], unfused: [] };
  // CPU time too (all threads of this process): less at the mercy of other processes than the
  // wall clock, though not of their use of the caches.
  const cpu = { fused: [], unfused: [] };
  for (let i = 0; i < warmup + Number(values['train-steps']); i++) {
    for (const fused of [true, false]) {
      useFusedSoftmaxCrossEntropy(fused);
      values.unfused = !fused;
      const c = process.cpuUsage();
      const t = performance.now();
      await trainStep();
      if (i < warmup) continue;
      const key = fused ? 'fused' : 'unfused';
      runs[key].push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu[key].push((used.user + used.system) / 1000);
    }
  }
  return { ...runs, cpu };
}
const compared = values['compare-fused'] ? await compareFused() : null;
if (compared) {
  const summary = (ms) => ({
    train_ms_per_step: Number(median(ms).toFixed(2)),
    train_ms_min: Number(Math.min(...ms).toFixed(2)),
    train_tokens_per_s: Math.round((T * B * 1000) / median(ms)),
  });
  const evaluation = await timeRuns(evalStep, timing);
  process.stdout.write(
    `${JSON.stringify({
      ...peakMemory(tf),
      threads: choice.threads,
      steps_each: compared.fused.length,
      fused: {
        ...summary(compared.fused),
        cpu_ms_per_step: Math.round(median(compared.cpu.fused)),
      },
      unfused: {
        ...summary(compared.unfused),
        cpu_ms_per_step: Math.round(median(compared.cpu.unfused)),
      },
      eval_tokens_per_s: Math.round((T * B * 1000) / median(evaluation)),
    })}\n`,
  );
  process.exit(0);
}

const train = await timeRuns(trainStep, timing);
const evaluation = await timeRuns(evalStep, timing);
const perSec = (ms) => Math.round((T * B * 1000) / ms);
process.stdout.write(
  `${JSON.stringify({
    ...peakMemory(tf),
    framework: 'tfjs',
    backend: choice.id,
    threads: choice.threads,
    vocab: V,
    units: Number(values.units),
    layers: Number(values.layers),
    steps: T,
    batch: B,
    sampled: samples,
    fused: !values.unfused,
    train_steps: train.length,
    train_ms_per_step: Number(median(train).toFixed(2)),
    train_tokens_per_s: perSec(median(train)),
    eval_tokens_per_s: perSec(median(evaluation)),
    params: model.countParams(),
  })}\n`,
);
