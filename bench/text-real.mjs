import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '@dl/core';
import {
  loadTextCnnDataset,
  sentenceFolds,
  tokenize,
  trainTextCnn,
} from '../packages/textcnn/dist/index.js';
import { writeBenchSection } from './benchmarks-md.mjs';
import { emitResult } from './result-line.mjs';
import { commitOf, readJsonDir } from './run-record.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, 'results', 'text-real');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: 'string' },
    folds: { type: 'string', default: '10' },
    'max-folds': { type: 'string' },
    fresh: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    'section-only': { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
  },
});

/**
 * Every run: its data set, protocol, trainTextCnn options, the published anchor and our goal
 * (issue 18). `options` are what differs from the package defaults.
 */
const RUNS = [
  {
    name: 'mr-tfidf',
    set: 'mr',
    label: 'TF-IDF(1,2) + LR, C by 5-fold CV',
    options: { architecture: 'tfidf' },
    anchor: 'NBSVM-bi 79.4 (Wang & Manning 2012)',
    goal: null,
  },
  {
    name: 'mr-nbsvm',
    set: 'mr',
    label: 'NB-SVM bi (β 0.25), C by 5-fold CV',
    options: { architecture: 'nbsvm' },
    anchor: 'NBSVM-bi 79.4 (Wang & Manning 2012)',
    goal: 0.795,
  },
  {
    name: 'mr-nbsvm-beta-cv',
    set: 'mr',
    label: 'NB-SVM bi, C and β ∈ {0.25, 0.5, 0.75, 1} by 5-fold CV',
    options: { architecture: 'nbsvm', betaGrid: [0.25, 0.5, 0.75, 1] },
    anchor: 'NBSVM-bi 79.4 (Wang & Manning 2012)',
    goal: 0.795,
  },
  {
    name: 'mr-cnn-rand',
    set: 'mr',
    label:
      "CNN-rand, Kim's recipe (Adadelta ρ 0.95, dropout 0.5, max-norm 3, batch 50, best dev accuracy of 10%) with 128-d embeddings and patience 3 (for time on this machine)",
    options: {
      architecture: 'cnn-rand',
      recipe: 'kim',
      embeddingDim: 128,
      patience: 3,
      progress: 'plain',
    },
    anchor: 'CNN-rand 76.1 (Kim 2014)',
    goal: 0.77,
  },
  {
    name: 'sms-tfidf',
    set: 'sms',
    label: 'TF-IDF(1,2) + LR, C by 5-fold CV',
    options: { architecture: 'tfidf' },
    anchor: 'sklearn TF-IDF(1,2)+LR: 0.958 at C=1, 0.983 at C=10',
    goal: 0.985,
  },
  {
    name: 'sms-nbsvm',
    set: 'sms',
    label: 'NB-SVM bi (β 0.25), C by 5-fold CV',
    options: { architecture: 'nbsvm' },
    anchor: 'sklearn TF-IDF(1,2)+LR: 0.983 at C=10',
    goal: 0.985,
  },
  {
    name: 'sms-nbsvm-beta-cv',
    set: 'sms',
    label: 'NB-SVM bi, C and β ∈ {0.25, 0.5, 0.75, 1} by 5-fold CV',
    options: { architecture: 'nbsvm', betaGrid: [0.25, 0.5, 0.75, 1] },
    anchor: 'sklearn TF-IDF(1,2)+LR: 0.983 at C=10',
    goal: 0.985,
  },
];

function dataRoot() {
  const given = positionals[0] ?? process.env.DL_REAL_DATA;
  if (!given) throw new Error('give the real-data folder as argument or in DL_REAL_DATA');
  return given;
}

async function loadSet(set) {
  const root = dataRoot();
  if (set === 'mr') {
    const dir = join(root, 'mr', 'utf8');
    return existsSync(dir) ? loadTextCnnDataset(dir) : null;
  }
  const file = join(root, 'sms-spam', 'SMSSpamCollection');
  return existsSync(file) ? loadTextCnnDataset(file, { format: 'tsv', header: false }) : null;
}

/**
 * One trainTextCnn run into a model directory under the system's temp folder, named by the run
 * and fold: a CNN fold whose process was killed resumes from its checkpoints (trainTextCnn's
 * `resume`) when the bench is started again.
 */
async function trainOnce(run, unit, data, testData, extra) {
  const outDir = join(tmpdir(), `dl-text-real-${run.name}-${unit}`);
  const cnn = run.options.architecture.startsWith('cnn');
  const resume = cnn && existsSync(join(`${outDir}.checkpoints`, 'last', 'dl.json'));
  if (!resume) clear(outDir);
  if (resume) process.stderr.write(`${run.name} ${unit}: resuming from ${outDir}.checkpoints\n`);
  const started = Date.now();
  const r = await trainTextCnn({ ...run.options, ...extra, data, testData, outDir, resume });
  const spam = r.report.classes.find((c) => c.label === 'spam');
  clear(outDir);
  return {
    accuracy: r.metrics.accuracy,
    macroF1: r.metrics.macroF1,
    spamF1: spam ? spam.f1 : undefined,
    testSamples: r.metrics.testSamples,
    // A resumed fold counts only the time since it resumed.
    seconds: (Date.now() - started) / 1000,
    resumed: resume,
    message: r.message,
    stopReason: r.stopReason,
    terms: r.terms,
    cSelection: r.cSelection,
    epochs: r.history.loss?.length,
    valAcc: r.history.val_acc,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function clear(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(`${outDir}.checkpoints`, { recursive: true, force: true });
}

/** The commit the package was built from: read once, when this process starts. */
const COMMIT = commitOf('textcnn');

function save(run, unit, result) {
  const dir = join(resultsDir, run.name);
  mkdirSync(dir, { recursive: true });
  const record = {
    run: run.name,
    unit,
    options: run.options,
    commit: COMMIT,
    date: new Date().toISOString(),
    machine: `${cpus()[0]?.model}, ${process.env.DL_THREADS ?? 'all'} threads, load ${loadavg()[0].toFixed(1)}`,
    ...result,
  };
  writeFileSync(join(dir, `${unit}.json`), `${JSON.stringify(record, null, 2)}\n`);
  process.stderr.write(
    `${run.name} ${unit}: accuracy ${result.accuracy.toFixed(4)} in ${result.seconds.toFixed(0)} s — ${result.message}\n`,
  );
}

const done = (run, unit) => !values.fresh && existsSync(join(resultsDir, run.name, `${unit}.json`));

async function runOne(run) {
  const data = await loadSet(run.set);
  if (!data) {
    process.stderr.write(`${run.name}: no ${run.set} data under ${dataRoot()}, skipped\n`);
    return;
  }
  if (run.set === 'sms') {
    // One stratified 80/20 split, the trainer's own (seed 1).
    if (!done(run, 'split-80-20'))
      save(run, 'split-80-20', await trainOnce(run, 'split-80-20', data, undefined, { test: 0.2 }));
    return;
  }
  const k = Number(values.folds);
  const folds = sentenceFolds(data, k, 1);
  const limit = Math.min(k, Number(values['max-folds'] ?? k));
  // CNNs: sentences padded to the longest of the set (MR: 56 tokens after clean_str) rather
  // than the default 70, which only adds padding (and time).
  const longest = Math.max(...data.texts.map((t) => tokenize(t).length));
  const extra = run.options.architecture.startsWith('cnn') ? { maxLen: longest } : {};
  for (let f = 0; f < limit; f++) {
    const unit = `fold-${String(f + 1).padStart(2, '0')}`;
    if (done(run, unit)) continue;
    save(run, unit, await trainOnce(run, unit, folds[f].train, folds[f].test, extra));
  }
}

const readResults = (name) => readJsonDir(join(resultsDir, name));

const pct = (v) => (100 * v).toFixed(1);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

function row(run, results) {
  const accs = results.map((r) => r.accuracy);
  const cv = run.set === 'mr';
  const k = Number(values.folds);
  const result = cv
    ? `${pct(mean(accs))} ± ${pct(std(accs))} (${results.length} of ${k} folds)`
    : `accuracy ${results[0].accuracy.toFixed(4)}, spam F1 ${results[0].spamF1?.toFixed(4)}`;
  const goal =
    run.goal == null
      ? '—'
      : `${cv ? pct(run.goal) : run.goal} ${mean(accs) >= run.goal ? 'met' : `not met (−${cv ? pct(run.goal - mean(accs)) : (run.goal - mean(accs)).toFixed(4)})`}`;
  const cs = results.map((r) => r.cSelection?.c).filter((c) => c !== undefined);
  const betas = results.map((r) => r.cSelection?.beta).filter((b) => b !== undefined);
  const chosen = [
    ...(cs.length ? [`C ${[...new Set(cs)].join('/')}`] : []),
    ...(betas.length ? [`β ${[...new Set(betas)].join('/')}`] : []),
    ...(results[0].terms ? [`${results[0].terms.kept.toLocaleString('en-US')} terms`] : []),
  ].join(', ');
  const minutes = (results.reduce((s, r) => s + r.seconds, 0) / 60).toFixed(1);
  const commits = [...new Set(results.map((r) => r.commit))].join(', ');
  return `| ${run.set === 'mr' ? 'MR, 10-fold' : 'SMS, 80/20'} | ${run.label} | ${result} | ${chosen || '—'} | ${run.anchor} | ${goal} | ${minutes} | ${commits} |`;
}

function perFold(run, results) {
  if (run.set !== 'mr' || !results.length) return [];
  const cells = results.map((r) => `${r.unit.slice(5)}: ${pct(r.accuracy)}`).join(', ');
  return [`- ${run.name}: ${cells}`];
}

function section() {
  const present = RUNS.map((run) => ({ run, results: readResults(run.name) })).filter(
    (x) => x.results.length,
  );
  const dates = present.flatMap((x) => x.results.map((r) => r.date.slice(0, 10))).sort();
  return [
    `Through the public API (\`node bench/text-real.mjs DATA\`, DATA = the real-data folder); wasm backend, ${present[0]?.results[0].machine ?? ''}; ${dates[0] ?? ''}${dates.at(-1) !== dates[0] ? ` – ${dates.at(-1)}` : ''}. MR: accuracy in %, mean ± std over stratified folds (sentenceFolds(data, 10, seed 1)); SMS: one stratified 80/20 split (seed 1). Time: minutes of wall-clock, all folds, on a machine shared with other jobs.`,
    '',
    '| data, protocol | model | result | chosen | anchor | goal | min | commit |',
    '|---|---|---|---|---|---|---|---|',
    ...present.map(({ run, results }) => row(run, results)),
    '',
    'Per fold (accuracy %):',
    '',
    ...present.flatMap(({ run, results }) => perFold(run, results)),
  ].join('\n');
}

if (values.list) {
  for (const run of RUNS) process.stdout.write(`${run.name}\t${run.label}\n`);
  process.exit(0);
}
if (!values['section-only']) {
  await initBackend({ prefer: 'wasm' });
  const only = values.only?.split(',');
  const unknown = only?.filter((n) => !RUNS.some((r) => r.name === n));
  if (unknown?.length) throw new Error(`unknown run(s) ${unknown.join(', ')}; see --list`);
  for (const run of RUNS.filter((r) => !only || only.includes(r.name))) await runOne(run);
}
const table = section();
process.stdout.write(`${table}\n`);
if (!values['no-write'])
  writeBenchSection('text-real', '## Text classification on real data', table);

/** The rows of `pnpm bench:real`: one per run with results, its mean accuracy. */
function resultRows() {
  return RUNS.map((run) => ({ run, results: readResults(run.name) }))
    .filter((x) => x.results.length)
    .map(({ run, results }) => ({
      task: 'text',
      set: run.set === 'mr' ? 'MR' : 'SMS Spam',
      protocol:
        run.set === 'mr'
          ? `${results.length} of ${values.folds} folds`
          : 'stratified 80/20, seed 1',
      metric: `accuracy: ${run.label}`,
      value: mean(results.map((r) => r.accuracy)),
      anchor: run.anchor,
      goal: run.goal,
      seed: 1,
    }));
}
emitResult(resultRows());
