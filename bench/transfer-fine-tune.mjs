// node bench/transfer-fine-tune.mjs --data $DL_REAL_DATA/cats-dogs/train — @dl/transfer: the
// frozen head vs the fine-tuned top of a layers backbone on ONE stratified split (seed 1, 20%
// test; extraction is slow here, so no cross-validation). One trainTransfer run gives both:
// the head is trained on the frozen features first (result.fineTune.frozen), then the top from
// --from and the head together (result.metrics). Prints one JSON line; progress on stderr.
// Run with DL_THREADS=1 nice -n 10 on a shared machine. The model goes to .tmp (git-ignored).
// --folds K: K-fold cross-validation instead (crossValidateFineTune: the bottom runs once over
// every view, each fold starts from the pretrained top), written to BENCHMARKS.md's
// "transfer-fine-tune-cv" section; the JSON goes to bench/results/transfer-fine-tune/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '../packages/core/dist/index.js';
import {
  crossValidateFineTune,
  loadTransferDataset,
  trainTransfer,
} from '../packages/transfer/dist/index.js';
import { writeBenchSection } from './benchmarks-md.mjs';
import { emitResult } from './result-line.mjs';
import { commitOf } from './run-record.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    backbone: { type: 'string', default: 'nsfw-mobilenet-v2' },
    from: { type: 'string', default: 'block_16_expand' },
    views: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '20' },
    patience: { type: 'string', default: '4' },
    lr: { type: 'string', default: '1e-4' },
    folds: { type: 'string' },
    out: { type: 'string', default: join(here, '..', '.tmp', 'transfer-fine-tune-model') },
  },
});
if (!values.data) throw new Error('--data DIR (a folder per class) is required');
await initBackend({ prefer: 'wasm', threads: Number(process.env.DL_THREADS ?? 1) });
const data = await loadTransferDataset(values.data);
const fineTune = {
  from: values.from,
  learningRate: Number(values.lr),
  epochs: Number(values.epochs),
  patience: Number(values.patience),
  views: Number(values.views),
};
const env = () => `${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0].toFixed(1)}`;
if (values.folds) {
  await crossValidate(Number(values.folds));
  process.exit(0);
}
const t = performance.now();
const r = await trainTransfer({
  outDir: values.out,
  data,
  backbone: values.backbone,
  test: 0.2,
  seed: 1,
  progress: 'plain',
  fineTune,
});
const seconds = (performance.now() - t) / 1000;
const summary = {
  backbone: values.backbone,
  from: values.from,
  views: Number(values.views),
  lr: Number(values.lr),
  split: r.split,
  frozen: r.fineTune.frozen,
  fineTuned: r.metrics,
  improved: r.fineTune.improved,
  layers: r.fineTune.layers,
  examples: r.fineTune.examples,
  fineTuneEpochs: r.history.loss?.length,
  valLoss: r.history.val_loss,
  stopReason: r.stopReason,
  message: r.message,
  seconds: Math.round(seconds),
  env: env(),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);

/** K-fold CV of the frozen head and of fine-tuning on the same folds; JSON + BENCHMARKS.md. */
async function crossValidate(k) {
  const startEnv = env();
  // the code that ran: read before the (long) run, during which commits may land
  const commit = commitOf('transfer', 'core');
  const t0 = performance.now();
  const cv = await crossValidateFineTune({
    data,
    backbone: values.backbone,
    fineTune,
    folds: k,
    seed: 1,
    progress: 'plain',
  });
  const minutes = (performance.now() - t0) / 60000;
  const record = {
    backbone: values.backbone,
    fineTune,
    folds: k,
    commit,
    date: new Date().toISOString(),
    threads: process.env.DL_THREADS ?? 1,
    envAtStart: startEnv,
    envAtEnd: env(),
    minutes,
    seconds: cv.seconds,
    improved: cv.improved,
    epochs: cv.epochs,
    frozen: { mean: cv.frozen.mean, std: cv.frozen.std, pooled: cv.frozen.pooled.metrics },
    fineTuned: {
      mean: cv.fineTuned.mean,
      std: cv.fineTuned.std,
      pooled: cv.fineTuned.pooled.metrics,
    },
    perFold: cv.fineTuned.folds.map((f, i) => ({
      frozen: cv.frozen.folds[i].metrics.accuracy,
      fineTuned: f.metrics.accuracy,
    })),
    confusion: {
      frozen: cv.frozen.pooled.report.confusionMatrix,
      fineTuned: cv.fineTuned.pooled.report.confusionMatrix,
    },
  };
  const dir = join(here, 'results', 'transfer-fine-tune');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `cv-${values.backbone}-${values.from}.json`),
    `${JSON.stringify(record, null, 2)}\n`,
  );
  const f3 = (v) => v.toFixed(3);
  const row = (name, r, conf) =>
    `| ${name} | ${f3(r.mean.accuracy)} ± ${f3(r.std.accuracy)} | ${f3(r.pooled.accuracy)} | ${f3(r.mean.macroF1)} | ${f3(r.mean.ece)} | ${JSON.stringify(conf)} |`;
  const table = [
    `${values.backbone}, ${k}-fold stratified CV (seed 1) on ${data.images.length} images (${data.labels.join(' / ')}); each fold: the logistic head on the frozen features, then the top from \`${values.from}\` and the head fine-tuned together (Adam ${values.lr}, ${values.views} views of each training image, up to ${values.epochs} epochs, patience ${values.patience}), both early-stopped on 10% of the fold's training images. wasm, ${record.threads} thread(s); ${startEnv} at start; ${record.date.slice(0, 10)}; commit ${record.commit}. \`node bench/transfer-fine-tune.mjs --data DIR --folds ${k}\`.`,
    '',
    '| recipe | accuracy (mean ± sd) | pooled accuracy | macro-F1 | ECE | pooled confusion |',
    '|---|---|---|---|---|---|',
    row('frozen features, logistic head', record.frozen, record.confusion.frozen),
    row(`fine-tuned from ${values.from}`, record.fineTuned, record.confusion.fineTuned),
    '',
    `Per fold, frozen → fine-tuned: ${record.perFold.map((p) => `${f3(p.frozen)} → ${f3(p.fineTuned)}`).join(' · ')}; fine-tuning epochs ${cv.epochs.join(' · ')}; improved on validation: ${cv.improved.map((b) => (b ? 'yes' : 'no')).join(' · ')}. Time: the bottom over every view ${(cv.seconds.bottom / 60).toFixed(1)} min, the folds ${cv.seconds.folds.map((s) => (s / 60).toFixed(1)).join(' · ')} min (${minutes.toFixed(0)} min in all).`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  writeBenchSection('transfer-fine-tune-cv', '### Transfer: fine-tuning, cross-validated', table);
  emitResult([
    {
      task: 'transfer',
      set: 'cats vs dogs (500 + 500)',
      protocol: `${k}-fold stratified CV, fine-tuned`,
      metric: `accuracy: ${values.backbone} fine-tuned from ${values.from}`,
      value: cv.fineTuned.mean.accuracy,
      anchor: 'TF tutorial fine-tuned MobileNetV2 ~0.98',
      goal: 0.98,
      seed: 1,
    },
  ]);
}
