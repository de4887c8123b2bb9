// pnpm bench:transfer — @dl/transfer: feature extraction images/s per backbone at 1 and 2 wasm
// threads (each in a fresh process: the thread count is fixed when the backend starts), and
// head training time per architecture. With `--data DIR` (a folder per class, e.g.
// $DL_REAL_DATA/cats-dogs/train) it also runs 5-fold cross-validation of every head on each
// backbone's cached features (`--cache DIR`, default .tmp/transfer-features, git-ignored) and writes the
// "Transfer" section of BENCHMARKS.md. `--backbones a,b` picks backbones; `--seconds S` (or
// BENCH_SECONDS) bounds each speed measurement.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend, tf } from '../packages/core/dist/index.js';
import {
  buildMobileNetV2,
  computeFeatures,
  crossValidateTransfer,
  listBackbones,
  loadBackbone,
  loadTransferDataset,
  synthTransferDataset,
  TRANSFER_ARCHITECTURES,
} from '../packages/transfer/dist/index.js';
import { writeBenchSection } from './benchmarks-md.mjs';
import { runTorch } from './driver.mjs';
import { emitResult } from './result-line.mjs';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    backbone: { type: 'string' },
    backbones: { type: 'string' },
    threads: { type: 'string', default: '1' },
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '20' },
    data: { type: 'string' },
    cache: { type: 'string', default: join(here, '..', '.tmp', 'transfer-features') },
    flip: { type: 'boolean', default: false },
    // the BENCHMARKS.md section to (re)write: several runs can fill different ones
    section: { type: 'string', default: 'transfer' },
    'no-speed': { type: 'boolean', default: false },
    // only the MobileNetV2 forward against PyTorch, into its own section (transfer-forward)
    'forward-only': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);

/** Child: images/s of one backbone, batches of 8 synthetic 256×256 images, after a warm-up. */
async function extractChild() {
  await initBackend({ prefer: 'wasm', threads: Number(values.threads) });
  const set = await synthTransferDataset({
    outDir: join(tmpdir(), `dl-bench-transfer-${process.pid}`),
    perClass: 8,
    size: 256,
  });
  const paths = set.images.map((im) => im.path);
  const backbone = await loadBackbone(values.backbone);
  await computeFeatures(backbone, paths.slice(0, 8), { progress: 'silent' });
  const rates = [];
  const t0 = performance.now();
  while (rates.length < 2 || (performance.now() - t0 < seconds * 1000 && rates.length < 10)) {
    const t = performance.now();
    await computeFeatures(backbone, paths, { progress: 'silent', batchSize: 8 });
    rates.push(paths.length / ((performance.now() - t) / 1000));
  }
  backbone.dispose();
  return { imagesPerS: median(rates), dim: backbone.featureDim };
}

/**
 * Child: our Keras-exact MobileNetV2 (α 1.0, no top, average pooling; random weights) forward on
 * a random [8, 224, 224, 3] batch — the network alone, as bench/torch/mobilenet_v2.py times it.
 */
async function forwardChild() {
  await initBackend({ prefer: 'wasm', threads: Number(values.threads) });
  const model = buildMobileNetV2({ includeTop: false, pooling: 'avg' });
  const batch = 8;
  const x = tf.randomUniform([batch, 224, 224, 3], 0, 1, 'float32', 1);
  const once = () => tf.tidy(() => model.predict(x)).dataSync();
  once();
  once();
  const times = [];
  const t0 = performance.now();
  while (times.length < 3 || (performance.now() - t0 < seconds * 1000 && times.length < 20)) {
    const t = performance.now();
    once();
    times.push(performance.now() - t);
  }
  const ms = times.reduce((a, b) => a + b, 0) / times.length;
  return { params: model.countParams(), msPerBatch: ms, imagesPerS: (1000 * batch) / ms };
}

const FORWARD_INTRO = `MobileNetV2 forward alone (α 1.0, no top, average pooling, random weights; batch 8 of random 224×224×3, mean of runs over ${seconds} s) against PyTorch CPU (bench/torch/mobilenet_v2.py, the same network in plain torch: Debian's /usr/bin/python3, OpenBLAS pinned to the thread count; "—" without torch):`;
const FORWARD_HEAD = [
  '| threads | parameters (Keras count) | ours images/s | PyTorch images/s | PyTorch ÷ ours |',
  '|---|---|---|---|---|',
];

/** Ours against PyTorch CPU, MobileNetV2 forward at 224×224, batch 8, 1 and 2 threads. */
function forwardRows() {
  return [1, 2].map((threads) => {
    const ours = child('forward', ['--threads', String(threads)]);
    const torch = runTorch(
      'mobilenet_v2.py',
      ['--threads', String(threads), '--max-seconds', String(seconds), '--json'],
      `MobileNetV2 ${threads} thread(s)`,
    );
    const ratio = torch ? `${(torch.images_per_s / ours.imagesPerS).toFixed(2)}×` : '—';
    const row = `| ${threads} | ${ours.params.toLocaleString('en-US')} | ${ours.imagesPerS.toFixed(2)} | ${torch ? torch.images_per_s.toFixed(2) : '—'} | ${ratio} |`;
    process.stderr.write(`${row}\n`);
    return row;
  });
}

/** Child: head training time on features with a learnable signal (1,000 × 480, 2 classes). */
async function headsChild() {
  await initBackend({ prefer: 'wasm', threads: Number(values.threads) });
  const n = 1000;
  const dim = 480;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
  const data = tf.tidy(() =>
    tf.randomNormal([n, dim], 0, 1, 'float32', 1).add(
      tf
        .tensor1d(labels, 'float32')
        .expandDims(1)
        .mul(tf.randomNormal([1, dim], 0, 0.3, 'float32', 2)),
    ),
  );
  const x = data.dataSync().slice();
  data.dispose();
  const out = {};
  for (const architecture of TRANSFER_ARCHITECTURES) {
    const t = performance.now();
    const cv = await crossValidateTransfer({ data: x, dim }, labels, ['a', 'b'], {
      architecture,
      folds: 5,
    });
    out[architecture] = { msPerFold: (performance.now() - t) / 5, accuracy: cv.mean.accuracy };
  }
  return out;
}

function child(kind, args) {
  const stdout = execFileSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--child', kind, '--seconds', String(seconds), ...args],
    { encoding: 'utf8', cwd: here },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

async function realData(backbones) {
  await initBackend({ prefer: 'wasm', threads: Number(values.threads) });
  const set = await loadTransferDataset(values.data);
  const labels = Int32Array.from(set.images, (im) => im.label);
  const rows = [];
  const scores = [];
  const all = [];
  const cvRows = async (name, features, extractS) => {
    for (const architecture of TRANSFER_ARCHITECTURES) {
      const t1 = performance.now();
      const cv = await crossValidateTransfer(features, labels, set.labels, {
        architecture,
        folds: 5,
      });
      const fitS = (performance.now() - t1) / 1000 / 5;
      const acc = `${cv.mean.accuracy.toFixed(3)} ± ${cv.std.accuracy.toFixed(3)}`;
      scores.push({ name, architecture, accuracy: cv.mean.accuracy });
      rows.push(
        `| ${name}${values.flip ? ' (+flip)' : ''} | ${features.dim} | ${architecture} | ${acc} | ${cv.mean.macroF1.toFixed(3)} | ${cv.mean.ece.toFixed(3)} | ${JSON.stringify(cv.pooled.report.confusionMatrix)} | ${fitS.toFixed(1)} | ${extractS} |`,
      );
      process.stderr.write(`${rows.at(-1)}\n`);
    }
  };
  for (const name of backbones) {
    const backbone = await loadBackbone(name);
    const t = performance.now();
    const features = await computeFeatures(
      backbone,
      set.images.map((im) => im.path),
      { cacheDir: values.cache, flip: values.flip, progress: 'plain' },
    );
    const extractS = (performance.now() - t) / 1000;
    backbone.dispose();
    all.push(features);
    await cvRows(name, features, features.computed ? extractS.toFixed(0) : 'cached');
  }
  if (all.length > 1) {
    // the backbones' features side by side: different networks make different mistakes
    const dim = all.reduce((n, f) => n + f.dim, 0);
    const data = new Float32Array(labels.length * dim);
    for (let i = 0; i < labels.length; i++) {
      let at = i * dim;
      for (const f of all) {
        data.set(f.data.subarray(i * f.dim, (i + 1) * f.dim), at);
        at += f.dim;
      }
    }
    await cvRows(backbones.join(' + '), { data, dim }, '—');
  }
  return { rows, scores };
}

/** The rows of `pnpm bench:real`: each backbone's best head (5-fold mean accuracy). */
function bestHeadRows(scores) {
  const best = new Map();
  for (const s of scores) if (!(best.get(s.name)?.accuracy >= s.accuracy)) best.set(s.name, s);
  return [...best.values()].map((s) => ({
    task: 'transfer',
    set: 'cats vs dogs (500 + 500)',
    protocol: '5-fold stratified CV, frozen features',
    metric: `accuracy: ${s.name}${values.flip ? ' (+flip)' : ''}, ${s.architecture} head`,
    value: s.accuracy,
    anchor: 'TF tutorial frozen MobileNetV2 ~0.94',
    goal: 0.97,
    seed: 1,
  }));
}

if (values.child === 'extract') {
  process.stdout.write(`${JSON.stringify(await extractChild())}\n`);
} else if (values.child === 'forward') {
  process.stdout.write(`${JSON.stringify(await forwardChild())}\n`);
} else if (values['forward-only']) {
  const env = `${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0].toFixed(1)}; ${new Date().toISOString().slice(0, 10)}`;
  const table = [`${FORWARD_INTRO} ${env}.`, '', ...FORWARD_HEAD, ...forwardRows()].join('\n');
  process.stdout.write(`${table}\n`);
  writeBenchSection('transfer-forward', '### Transfer: MobileNetV2 forward against PyTorch', table);
} else if (values.child === 'heads') {
  process.stdout.write(`${JSON.stringify(await headsChild())}\n`);
} else {
  const names = values.backbones?.split(',') ?? listBackbones().map((b) => b.name);
  const date = new Date().toISOString().slice(0, 10);
  const env = `${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0].toFixed(1)}; ${date}`;
  const lines = [];
  let resultRows = [];
  if (values.data) {
    const { rows, scores } = await realData(names);
    resultRows = bestHeadRows(scores);
    lines.push(
      `Real cats vs dogs (${values.data.split('/').slice(-2).join('/')}, 500 + 500 JPEGs): 5-fold stratified CV (seed 1) of each head on frozen features; each fold's head is early-stopped on 10% of its training part. ${env}.`,
      '',
      '| backbone | dim | head | accuracy (mean ± sd) | macro-F1 | ECE | pooled confusion [[cat→cat, cat→dog], [dog→cat, dog→dog]] | head fit s/fold | extraction s |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    );
  }
  const speed = [];
  for (const name of values['no-speed'] ? [] : names) {
    const cells = [1, 2].map((t) => child('extract', ['--backbone', name, '--threads', String(t)]));
    speed.push(
      `| ${name} | ${cells[0].dim} | ${cells[0].imagesPerS.toFixed(2)} | ${cells[1].imagesPerS.toFixed(2)} |`,
    );
    process.stderr.write(`${speed.at(-1)}\n`);
  }
  const heads = values['no-speed'] ? null : child('heads', ['--threads', '1']);
  if (heads)
    lines.push(
      `Feature extraction (wasm backend, batches of 8 synthetic 256×256 PNGs, decode + resize + forward + pooling; median of runs over ${seconds} s): ${env}. The machine is shared, so absolute rates move with its load.`,
      '',
      '| backbone | dim | images/s, 1 thread | images/s, 2 threads |',
      '|---|---|---|---|',
      ...speed,
      '',
      'Head training (1 thread; 800 training + 200 test rows of 480 features, 2 classes; one fold of 5-fold CV, early stopping for ours):',
      '',
      '| head | ms per fit |',
      '|---|---|',
      ...TRANSFER_ARCHITECTURES.map((a) => `| ${a} | ${heads[a].msPerFold.toFixed(0)} |`),
      '',
      FORWARD_INTRO,
      '',
      ...FORWARD_HEAD,
      ...forwardRows(),
    );
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  const heading =
    values.section === 'transfer' ? '## Transfer' : `### Transfer (${names.join(', ')})`;
  writeBenchSection(values.section, heading, table);
  if (values.data) emitResult(resultRows);
}
