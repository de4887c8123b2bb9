import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBenchSection } from './benchmarks-md.mjs';
import { emitResult } from './result-line.mjs';
import { commitOf, readJsonDir } from './run-record.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    kinds: { type: 'string', default: 'province,letter,alnum' },
    folds: { type: 'string', default: '10' },
    'max-folds': { type: 'string' },
    epochs: { type: 'string' },
    options: { type: 'string' },
    tag: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    // Rebuild the section and the RESULT rows from the saved folds, training nothing.
    'section-only': { type: 'boolean', default: false },
  },
});
const KINDS = {
  province: { folder: 'charsChinese', anchor: 0.935, goal: 0.97 },
  letter: { folder: 'chars2', anchor: 0.995, goal: 0.998 },
  alnum: { folder: 'chars2', anchor: 0.991, goal: 0.996 },
};
const kinds = values.kinds.split(',');
for (const k of kinds) {
  if (!KINDS[k]) throw new Error(`--kinds takes ${Object.keys(KINDS).join(', ')}; got '${k}'`);
}
const folds = Number(values.folds);
const maxFolds = values['max-folds'] ? Number(values['max-folds']) : folds;
const extra = values.options ? JSON.parse(values.options) : {};
const experiment = values.options !== undefined || values.epochs !== undefined;
const tag = values.tag ?? (experiment ? 'experiment' : 'defaults');
const resultsDir = join(here, 'results', 'plate-chars-real', tag);
const SEED = 1;

const core = await import('../packages/core/dist/index.js');
const plate = await import('../packages/vision-plate/dist/index.js');
const backend = await core.initBackend();

function dataRoot() {
  const given = positionals[0] ?? process.env.DL_REAL_DATA;
  if (!given) throw new Error('give the data folder as argument or in DL_REAL_DATA');
  return existsSync(join(given, 'plate-chars')) ? join(given, 'plate-chars') : given;
}

/** The samples at `indices` as a data set of their own (the fold's train or test part). */
function subset(ds, indices) {
  const idx = core.tf.tensor1d(indices, 'int32');
  const x = core.tf.gather(ds.x, idx);
  idx.dispose();
  return {
    ...ds,
    x,
    labels: Int32Array.from(indices, (i) => ds.labels[i]),
    files: Array.from(indices, (i) => ds.files[i]),
    fingerprint: `${ds.fingerprint}:${indices.length}:${indices[0]}`,
  };
}

async function runFold(kind, ds, fold, i) {
  const file = join(resultsDir, kind, `fold-${String(i + 1).padStart(2, '0')}.json`);
  if (!values.fresh && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const train = subset(ds, fold.train);
  const test = subset(ds, fold.test);
  const outDir = join(tmpdir(), 'dl-plate-chars-real', tag, kind, `fold-${i + 1}`);
  rmSync(outDir, { recursive: true, force: true });
  rmSync(`${outDir}.checkpoints`, { recursive: true, force: true });
  const t0 = performance.now();
  const r = await plate.trainPlate({
    ...extra,
    kind,
    data: train,
    testData: test,
    outDir,
    seed: SEED + i,
    ...(values.epochs ? { epochs: Number(values.epochs) } : {}),
    progress: 'plain',
  });
  const seconds = (performance.now() - t0) / 1000;
  core.tf.dispose([train.x, test.x]);
  const result = {
    kind,
    fold: i + 1,
    folds,
    train: fold.train.length,
    test: fold.test.length,
    accuracy: r.metrics.accuracy,
    macroF1: r.metrics.macroF1,
    confusion: r.report.confusionMatrix,
    labels: r.report.classes.map((c) => c.label),
    seconds,
    options: { ...extra, ...(values.epochs ? { epochs: Number(values.epochs) } : {}) },
    commit: commitOf(),
    backend: `${backend.id} (${backend.threads} threads)`,
    date: new Date().toISOString(),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  rmSync(outDir, { recursive: true, force: true });
  rmSync(`${outDir}.checkpoints`, { recursive: true, force: true });
  process.stderr.write(
    `${kind} fold ${i + 1}/${folds}: macro-F1 ${result.macroF1.toFixed(4)}, accuracy ${result.accuracy.toFixed(4)} in ${seconds.toFixed(0)} s\n`,
  );
  return result;
}

/** Per-class F1 from the confusion matrices summed over the folds (rows: truth). */
function pooledF1(runs) {
  const k = runs[0].labels.length;
  const sum = Array.from({ length: k }, () => new Array(k).fill(0));
  for (const r of runs) r.confusion.forEach((row, t) => row.forEach((n, p) => (sum[t][p] += n)));
  return runs[0].labels.map((label, c) => {
    const tp = sum[c][c];
    const support = sum[c].reduce((a, b) => a + b, 0);
    const predicted = sum.reduce((a, row) => a + row[c], 0);
    const f1 = tp === 0 ? 0 : (2 * tp) / (support + predicted);
    return { label, f1, support };
  });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

function summary(kind, runs) {
  const f1 = runs.map((r) => r.macroF1);
  const weakest = pooledF1(runs)
    .sort((a, b) => a.f1 - b.f1)
    .slice(0, 5)
    .map((c) => `${c.label} ${c.f1.toFixed(3)} (${c.support})`)
    .join(', ');
  return {
    kind,
    folds: runs.length,
    macroF1: mean(f1),
    macroF1Sd: sd(f1),
    accuracy: mean(runs.map((r) => r.accuracy)),
    seconds: runs.reduce((a, r) => a + r.seconds, 0),
    weakest,
    perFold: f1.map((v) => (100 * v).toFixed(1)).join(' · '),
  };
}

const savedRuns = (kind) => readJsonDir(join(resultsDir, kind));

const root = values['section-only'] ? null : dataRoot();
for (const kind of root ? kinds : []) {
  const ds = await plate.loadPlateDataset(join(root, KINDS[kind].folder), {
    kind,
    mappingFile: existsSync(join(root, 'province_mapping.txt'))
      ? join(root, 'province_mapping.txt')
      : undefined,
  });
  const cv = core.kFold(ds.labels, folds, new core.Rng(SEED));
  for (let i = 0; i < Math.min(maxFolds, folds); i++) await runFold(kind, ds, cv[i], i);
  ds.x.dispose();
}

const summaries = Object.keys(KINDS)
  .map((kind) => ({ kind, runs: savedRuns(kind) }))
  .filter((s) => s.runs.length)
  .map((s) => summary(s.kind, s.runs));
const pct = (v) => (100 * v).toFixed(1);
const table = [
  `Stratified ${folds}-fold cross-validation of \`trainPlate\`'s defaults on EasyPR's real crops`,
  '(`bench/plate-chars-real.mjs`); each fold trains on the other nine (a tenth of them validates',
  'and picks the best epoch) and is scored on its own tenth. Weakest classes: F1 pooled over the',
  'folds (support).',
  '',
  '| classifier | folds | macro-F1 (mean ± sd) | accuracy | anchor | goal | per fold | weakest classes | train time |',
  '|---|---|---|---|---|---|---|---|---|',
  ...summaries.map(
    (s) =>
      `| ${s.kind} | ${s.folds} | ${pct(s.macroF1)} ± ${pct(s.macroF1Sd)} | ${pct(s.accuracy)} | ${pct(KINDS[s.kind].anchor)} | ≥ ${pct(KINDS[s.kind].goal)} | ${s.perFold} | ${s.weakest} | ${(s.seconds / 60).toFixed(1)} min |`,
  ),
].join('\n');
console.log(table);
if (!values['no-write'] && tag === 'defaults') {
  writeBenchSection('plate-chars-real', '## Plate characters on real data', table);
}
emitResult(
  summaries.map((s) => ({
    task: 'plate-chars',
    set: `EasyPR ${s.kind}`,
    protocol: `${s.folds} of ${folds} folds`,
    metric: 'macro-F1',
    value: s.macroF1,
    anchor: KINDS[s.kind].anchor,
    goal: KINDS[s.kind].goal,
    seed: SEED,
  })),
);
