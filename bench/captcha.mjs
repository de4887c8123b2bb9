// pnpm bench:captcha — @dl/captcha.
//   node bench/captcha.mjs speed  training images/s and ms/step (batch 16 CTC, 4 seed, Adam)
//                                 and inference ms per captcha (batch 1 and 32) of the default
//                                 CTC reader and the seed (SEEDS.md §7) on wasm, next to the
//                                 same models and steps in PyTorch CPU (bench/torch/captcha.py,
//                                 Debian's /usr/bin/python3; "—" without torch).
//   node bench/captcha.mjs ensemble  members of one real fold (--fold 1): the fold run's model
//                                 (real, seed 1 + fold) plus one per --seeds (trained when
//                                 missing; --train-only trains them and stops, so members can
//                                 train in parallel processes), then vote and probability
//                                 averaging against the best member on that fold's test part.
//   node bench/captcha.mjs real   the default reader on the real captcha_images_v2 training
//                                 set (DL_REAL_DATA or --data; 832 PNGs), k-fold cross-validated
//                                 (--folds 5; --only 1,3 runs some folds), whole-captcha accuracy
//                                 per fold and pooled with its 95% Wilson interval.
// Both rewrite their section of BENCHMARKS.md (--no-write to skip).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBenchSection } from './benchmarks-md.mjs';
import { runTorch } from './driver.mjs';
import { emitResult } from './result-line.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const { env } = process;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    folds: { type: 'string', default: '5' },
    only: { type: 'string' },
    epochs: { type: 'string' },
    'learning-rate': { type: 'string' },
    seed: { type: 'string', default: '1' },
    fold: { type: 'string', default: '1' },
    seeds: { type: 'string', default: '3,4' },
    'train-only': { type: 'boolean', default: false },
    out: { type: 'string', default: join(tmpdir(), 'dl-captcha-bench') },
    seconds: { type: 'string', default: env.BENCH_SECONDS ?? '20' },
    'no-write': { type: 'boolean', default: false },
    // real: rebuild the section and the RESULT row from the saved folds, training nothing.
    'section-only': { type: 'boolean', default: false },
    // Score a fold's best checkpoint so far instead of training (a run still in progress).
    'from-checkpoint': { type: 'boolean', default: false },
  },
});
const mode = positionals[0] ?? 'speed';
const core = await import('../packages/core/dist/index.js');
const captcha = await import('../packages/captcha/dist/index.js');
const { tf } = core;
await core.initBackend();
const backend = tf.getBackend();

const row = (m) => ({
  accuracy: m.accuracy,
  right: Math.round(m.accuracy * m.count),
  count: m.count,
  cer: m.cer,
  confusions: m.confusions.slice(0, 5),
});

/** The load the folds were trained under, from their records (not the machine's now). */
function loadText(done) {
  const loads = done.map(([, v]) => v.load).filter((v) => typeof v === 'number');
  if (loads.length === 0) return 'load not recorded';
  const [lo, hi] = [Math.min(...loads), Math.max(...loads)];
  return `load ${lo.toFixed(1)}${hi > lo ? `–${hi.toFixed(1)}` : ''} as the folds ended`;
}

/** The real set and its seeded k folds (sample indices per fold). */
async function realFolds() {
  const root = values.data ?? (env.DL_REAL_DATA && join(env.DL_REAL_DATA, 'captcha', 'train'));
  if (!root) throw new Error('give --data DIR or DL_REAL_DATA (the folder holding captcha/train)');
  const data = await captcha.loadCaptchaDataset(root);
  const k = Number(values.folds);
  const rng = new core.Rng(Number(values.seed)).fork('folds');
  const order = Array.from(rng.permutation(data.samples.length));
  const folds = Array.from({ length: k }, (_, f) => order.filter((_, i) => i % k === f));
  /** Fold f's test part (inTest) or training part. */
  const part = (f, inTest) => {
    const test = new Set(folds[f - 1]);
    return { ...data, samples: data.samples.filter((_, i) => test.has(i) === inTest) };
  };
  return { data, k, folds, part };
}

async function ensemble() {
  const { part } = await realFolds();
  const f = Number(values.fold);
  const seeds = values.seeds.split(',').map(Number);
  const dirs = [join(values.out, `real-fold${f}`)];
  if (!existsSync(join(dirs[0], 'dl.json'))) {
    throw new Error(`${dirs[0]} has no model: run "captcha.mjs real --only ${f}" first`);
  }
  for (const seed of seeds) {
    const outDir = join(values.out, `ensemble-fold${f}-seed${seed}`);
    dirs.push(outDir);
    if (existsSync(join(outDir, 'dl.json'))) continue;
    await captcha.trainCaptcha({
      outDir,
      data: part(f, false),
      test: part(f, true),
      seed,
      progress: 'plain',
    });
  }
  if (values['train-only']) return;
  const pct = (v) => `${(v * 100).toFixed(1)}%`;
  const rows = [];
  for (const method of ['vote', 'average']) {
    const r = await captcha.evaluateCaptchaEnsemble(dirs, part(f, true), { method });
    rows.push({ method, r });
  }
  const members = rows[0].r.members;
  const seedOf = (i) => (i === 0 ? 1 + f : seeds[i - 1]);
  const lines = [
    `${dirs.length} default CTC readers trained on fold ${f}'s training part of the real set (seeds ${dirs.map((_, i) => seedOf(i)).join(', ')}), scored on its ${members[0].metrics.count} test captchas. Backend ${backend}.`,
    '',
    '| reader | whole-captcha accuracy | CER |',
    '|---|---:|---:|',
    ...members.map(
      (m, i) =>
        `| member, seed ${seedOf(i)} | ${pct(m.metrics.accuracy)} | ${m.metrics.cer.toFixed(4)} |`,
    ),
    ...rows.map(
      ({ method, r }) =>
        `| ensemble, ${method === 'vote' ? 'majority vote per position' : 'probability averaging'} | ${pct(r.ensemble.accuracy)} | ${r.ensemble.cer.toFixed(4)} |`,
    ),
    '',
    ...rows.map(
      ({ method, r }) =>
        `${method}: ${r.ensemble.accuracy > r.members[r.best].metrics.accuracy ? 'beats' : 'does not beat'} its best member (${pct(r.members[r.best].metrics.accuracy)}).`,
    ),
  ];
  console.log(lines.join('\n'));
  if (!values['no-write'])
    writeBenchSection('captcha-ensemble', '### Captcha: ensembles', lines.join('\n'));
}

async function real() {
  const { data, k, folds, part } = await realFolds();
  const only = values['section-only']
    ? []
    : values.only
      ? values.only.split(',').map(Number)
      : folds.map((_, f) => f + 1);
  mkdirSync(values.out, { recursive: true });
  // the scores stay with the bench (git-ignored); the models go to --out
  const resultsDir = join(here, 'results', 'captcha-real');
  mkdirSync(resultsDir, { recursive: true });
  const resultsFile = join(resultsDir, `real-folds-${k}.json`);
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  for (const f of only) {
    const pick = (inTest) => part(f, inTest);
    const started = performance.now();
    const outDir = join(values.out, `real-fold${f}`);
    if (values['from-checkpoint']) {
      const best = `${outDir}.checkpoints/best`;
      const metrics = await captcha.evaluateCaptcha(best, pick(true));
      const saved = JSON.parse(readFileSync(join(best, 'dl.json'), 'utf8'));
      const epochs = saved.extra.epoch + 1;
      results[f] = { ...row(metrics), epochs, seconds: null, checkpoint: true, backend };
    } else {
      const r = await captcha.trainCaptcha({
        outDir,
        data: pick(false),
        test: pick(true),
        epochs: values.epochs ? Number(values.epochs) : undefined,
        learningRate: values['learning-rate'] ? Number(values['learning-rate']) : undefined,
        seed: Number(values.seed) + f,
        progress: 'plain',
      });
      const seconds = (performance.now() - started) / 1000;
      results[f] = {
        ...row(r.metrics),
        epochs: r.history.loss.length,
        seconds,
        split: r.split,
        backend,
        // the 1-minute load when the fold ended: other jobs on the cores stretch its time
        load: loadavg()[0],
      };
    }
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    console.log(
      `fold ${f}/${k}: ${(results[f].accuracy * 100).toFixed(2)}% of ${results[f].count}`,
    );
  }
  const done = Object.entries(results).sort(([a], [b]) => a - b);
  const right = done.reduce((s, [, v]) => s + v.right, 0);
  const count = done.reduce((s, [, v]) => s + v.count, 0);
  const [lo, hi] = captcha.wilsonInterval(right, count);
  const pct = (v) => `${(v * 100).toFixed(1)}%`;
  const lines = [
    `Default CTC reader (gray 32 × 128, CNN 24-48-96-96, BiGRU 2×64 reset-after, CTC, guided-alignment warm-up), trained only on the`,
    `832 shared captcha_images_v2 images, ${k}-fold cross-validated (seeded shuffle; each fold`,
    `trains on the other ${k - 1} with 10% of them kept for validation, and is tested once).`,
    `Backend ${backend}, ${cpus().length} cores shared with other jobs (${loadText(done)}).`,
    '',
    '| fold | test captchas | whole-captcha accuracy | CER | epochs | training time |',
    '|---|---:|---:|---:|---:|---:|',
    ...done.map(
      ([f, v]) =>
        `| ${f} | ${v.count} | ${pct(v.accuracy)} | ${v.cer.toFixed(4)} | ${v.epochs} | ${v.seconds == null ? 'best checkpoint of a run in progress' : `${(v.seconds / 60).toFixed(1)} min`} |`,
    ),
    `| **pooled** | ${count} | **${pct(right / count)}** (95% CI ${pct(lo)}–${pct(hi)}) | | | |`,
  ];
  if (done.length < k)
    lines.push('', `Folds run so far: ${done.map(([f]) => f).join(', ')} of ${k}.`);
  console.log(lines.join('\n'));
  if (!values['no-write']) writeBenchSection('captcha-real', '## Captcha', lines.join('\n'));
  emitResult([
    {
      task: 'captcha',
      set: 'captcha_images_v2 (832)',
      protocol: `${done.length} of ${k} folds, pooled`,
      metric: 'whole-captcha accuracy',
      value: right / count,
      anchor: 'CNN+RNN+CTC 93–95%',
      goal: 0.98,
      seed: Number(values.seed),
    },
  ]);
}

/** Mean ms of `fn` over runs after one warm-up, stopping once `seconds` have passed (≥ 2 runs). */
async function time(fn, seconds) {
  await fn();
  const times = [];
  const until = performance.now() + seconds * 1000;
  while (times.length < 2 || (performance.now() < until && times.length < 50)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.reduce((a, b) => a + b, 0) / times.length;
}

/** Training ms/step and images/s, inference ms/captcha at batch 1 and 32, on random images. */
async function measure(name, model, input, batch, lossOf, seconds) {
  const shape = [input.height, input.width, input.channels];
  const opt = tf.train.adam(1e-3);
  const x = tf.randomUniform([batch, ...shape], 0, 1, 'float32', 1);
  const stepMs = await time(() => {
    const loss = opt.minimize(() => lossOf(model.apply(x, { training: true })), true);
    loss.dataSync();
    loss.dispose();
  }, seconds);
  const infer = async (n) => {
    const xs = tf.randomUniform([n, ...shape], 0, 1, 'float32', 2);
    const ms = await time(() => {
      const y = model.predict(xs);
      for (const t of Array.isArray(y) ? y : [y]) {
        t.dataSync();
        t.dispose();
      }
    }, seconds / 2);
    xs.dispose();
    return ms / n;
  };
  const row = {
    name,
    params: model.countParams(),
    batch,
    stepMs,
    imagesPerS: (1000 * batch) / stepMs,
    ms1: await infer(1),
    ms32: await infer(32),
  };
  x.dispose();
  opt.dispose();
  console.log(JSON.stringify(row));
  return row;
}

async function speed() {
  const seconds = Number(values.seconds);
  const rows = [];
  const labels = (n, len) =>
    Array.from({ length: n }, (_, i) => Array.from({ length: len }, (_, j) => (i + j) % 19));
  const ctc = captcha.buildCaptchaModel({ classes: 19 });
  rows.push(
    await measure(
      'default: CTC reader, gray 32 × 128, 5 of 19 symbols',
      ctc,
      captcha.DEFAULT_INPUT,
      16,
      (y) => core.ctcLoss(labels(16, 5), y),
      seconds,
    ),
  );
  ctc.dispose();
  // Batch 4 for the seed: a step of 16 takes minutes on a shared 2-core machine.
  const seedBatch = 4;
  const seed = captcha.buildCaptchaSeedModel();
  const heads = Array.from({ length: 6 }, () =>
    tf
      .oneHot(
        tf.tensor1d(
          Array.from({ length: seedBatch }, (_, i) => i % 36),
          'int32',
        ),
        36,
      )
      .toFloat(),
  );
  const ce = (ys) => tf.addN(ys.map((y, i) => tf.losses.softmaxCrossEntropy(heads[i], y)));
  rows.push(
    await measure(
      'seed §7: CNN+GRU, RGB 60 × 200, 6 × 36',
      seed,
      captcha.SEED_INPUT,
      seedBatch,
      ce,
      seconds,
    ),
  );
  seed.dispose();
  // The same models, losses and steps in PyTorch CPU at our thread count (null without torch).
  const threads = Number(env.DL_THREADS) || availableParallelism();
  const torch = ['default', 'seed'].map((model, i) =>
    runTorch(
      'captcha.py',
      [
        ...['--model', model, '--threads', String(threads), '--batch', String(rows[i].batch)],
        ...['--max-seconds', String(seconds), '--json'],
      ],
      `captcha ${model}`,
    ),
  );
  const f = (v, d = 1) => v.toFixed(d);
  const cols = [
    ['stepMs', 'step_ms', 0],
    ['imagesPerS', 'images_per_s', 1],
    ['ms1', 'ms1', 1],
    ['ms32', 'ms32', 1],
  ];
  const version = torch.find(Boolean)?.version;
  const tableRows = rows.flatMap((r, i) => {
    const t = torch[i];
    const cells = (fn) => cols.map((c) => (t ? fn(c) : '—')).join(' | ');
    return [
      `| ${r.name} | ours (${backend}) | ${r.params.toLocaleString('en-US')} | ${r.batch} | ${cols.map(([k, , d]) => f(r[k], d)).join(' | ')} |`,
      `| | PyTorch${version ? ` ${version}` : ''} CPU | ${t ? t.params.toLocaleString('en-US') : '—'} | ${r.batch} | ${cells(([, k, d]) => f(t[k], d))} |`,
      `| | ours ÷ PyTorch | | | ${cells(([ko, kt]) => `${f(r[ko] / t[kt], 2)}×`)} |`,
    ];
  });
  const mismatch = rows
    .filter((r, i) => torch[i] && torch[i].params !== r.params)
    .map((r) => r.name);
  const lines = [
    `Backend ${backend} (${env.DL_THREADS ?? 'all'} threads; PyTorch ${threads}), ${cpus().length} cores shared with other jobs (load ${loadavg()[0].toFixed(1)}); random images, Adam.`,
    '',
    '| model | framework | parameters | batch | ms / training step | training images/s | inference ms / captcha (batch 1) | (batch 32) |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...tableRows,
    '',
    'The seed costs ~3.4 GFLOP per 60 × 200 forward. PyTorch: bench/torch/captcha.py, the same',
    'layers (parameter counts asserted, BatchNorm statistics included), loss, Adam 1e-3 and batch;',
    'inference in eval mode without gradients. Ratio row: our value ÷ PyTorch’s, per column',
    '(above 1× in the ms columns, below 1× in images/s: we are slower).',
    ...(torch.every(Boolean)
      ? []
      : ['', 'PyTorch: not installed (Debian /usr/bin/python3 has no torch).']),
    ...(mismatch.length
      ? ['', `Parameter counts differ from PyTorch's: ${mismatch.join(', ')}.`]
      : []),
  ];
  console.log(lines.join('\n'));
  if (!values['no-write'])
    writeBenchSection('captcha-speed', '## Captcha (speed)', lines.join('\n'));
}

if (mode === 'real') await real();
else if (mode === 'ensemble') await ensemble();
else if (mode === 'speed') await speed();
else throw new Error(`unknown mode ${mode}: speed, real or ensemble`);
