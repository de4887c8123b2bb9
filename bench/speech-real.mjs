import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
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
    only: { type: 'string' },
    speakers: { type: 'string' },
    epochs: { type: 'string' },
    options: { type: 'string' },
    tag: { type: 'string' },
    resume: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    // Rebuild the section and the RESULT rows from the saved JSON, training nothing.
    'section-only': { type: 'boolean', default: false },
  },
});
const PROTOCOLS = ['standard', 'speaker'];
if (values.only && !PROTOCOLS.includes(values.only)) {
  throw new Error(`--only must be ${PROTOCOLS.join(' or ')}, got '${values.only}'`);
}
const extra = values.options ? JSON.parse(values.options) : {};
const experiment = values.options !== undefined || values.epochs !== undefined;
const tag = values.tag ?? (experiment ? 'experiment' : 'defaults');
const resultsDir = join(here, 'results', 'speech-real', tag);

const core = await import('../packages/core/dist/index.js');
const speech = await import('../packages/speech/dist/index.js');
await core.initBackend();

function recordingsDir() {
  const given = positionals[0] ?? process.env.DL_REAL_DATA;
  if (!given) throw new Error('give the data folder as argument or in DL_REAL_DATA');
  const nested = join(given, 'fsdd', 'recordings');
  if (existsSync(nested)) return nested;
  return existsSync(join(given, 'recordings')) ? join(given, 'recordings') : given;
}

/**
 * Seconds spent training `name`, kept in a file beside the checkpoints after every epoch, so a
 * run killed and resumed counts the epochs of every attempt (not the time it lay dead).
 */
function trainingClock(outDir, resume) {
  const file = `${outDir}.seconds`;
  const before = resume && existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0;
  const t0 = performance.now();
  const seconds = () => before + (performance.now() - t0) / 1000;
  const progressOut = {
    write(line) {
      process.stderr.write(line);
      writeFileSync(file, String(seconds()));
    },
  };
  return { seconds, progressOut };
}

/** One training run and its evaluation; the JSON written and returned. */
async function run(data, name, split) {
  const file = join(resultsDir, `${name}.json`);
  if (values.resume && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const outDir = join(tmpdir(), 'dl-speech-real', tag, name);
  const resume = values.resume && existsSync(join(`${outDir}.checkpoints`, 'last', 'dl.json'));
  if (!resume) {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(`${outDir}.checkpoints`, { recursive: true, force: true });
  }
  const epochs = values.epochs ? Number(values.epochs) : undefined;
  const clock = trainingClock(outDir, resume);
  const trained = await speech.trainSpeech({
    ...extra,
    data,
    split,
    outDir,
    epochs,
    resume,
    progress: 'plain',
    progressOut: clock.progressOut,
  });
  const trainSeconds = clock.seconds();
  const t1 = performance.now();
  const evaluation = await speech.evaluateSpeech(trained.artifactDir, data, { split });
  const result = {
    name,
    split,
    accuracy: evaluation.metrics.accuracy,
    macroF1: evaluation.metrics.macroF1,
    testSamples: evaluation.metrics.testSamples,
    // the model trainSpeech saved, scored again from disk: must equal what training reported
    trainReportedAccuracy: trained.metrics.accuracy,
    byLabel: evaluation.byLabel,
    bySpeaker: evaluation.bySpeaker,
    epochsRun: trained.history.loss?.length,
    stopReason: trained.stopReason,
    resumed: resume,
    seconds: Math.round(trainSeconds + (performance.now() - t1) / 1000),
    trainSeconds: Math.round(trainSeconds),
    options: { ...extra, epochs },
    commit: commitOf('speech'),
    date: new Date().toISOString(),
    backend: core.tf.getBackend(),
    threads: process.env.DL_THREADS ?? 'all',
    cpu: cpus()[0]?.model,
    loadAverage: Number(loadavg()[0].toFixed(2)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(
    `${name}: accuracy ${result.accuracy.toFixed(3)} (${result.seconds} s, ${result.commit})\n`,
  );
  return result;
}

const pct = (v) => v.toFixed(3);
const weakest = (r) =>
  [...r.byLabel]
    .sort((a, b) => a.accuracy - b.accuracy)
    .slice(0, 2)
    .map((g) => `'${g.key ?? g.group}' ${pct(g.accuracy)}`)
    .join(', ');

/** The standard-split run and the speaker folds of the defaults tag, from their JSON. */
function savedRuns() {
  const runs = readJsonDir(join(here, 'results', 'speech-real', 'defaults'));
  const standard = runs.find((r) => r.name === 'standard');
  const folds = runs
    .filter((r) => r.name.startsWith('speaker-'))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return { standard, folds };
}

/** The section's text, from every JSON of the defaults tag. */
function section() {
  const { standard, folds } = savedRuns();
  const row = (what, r) =>
    `| ${what} | ${r.testSamples} | ${pct(r.accuracy)} | ${pct(r.macroF1)} | ${weakest(r)} | ${r.seconds} | ${r.peakRssMiB} | ${r.commit} | ${r.loadAverage} |`;
  const lines = [
    "trainSpeech defaults (`architecture: 'default'`), then evaluateSpeech on the saved model; wasm, `DL_THREADS=1`, one run each, seed 1. `node bench/speech-real.mjs DATA` (JSON per run in bench/results/speech-real/defaults/).",
    '',
    '| protocol | test clips | accuracy | macro-F1 | weakest digits | seconds | peak RSS MiB | commit | load |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  if (standard) lines.push(row('standard split (takes 0–4 test)', standard));
  for (const r of folds) lines.push(row(`speaker held out: ${r.split.testSpeakers[0]}`, r));
  if (folds.length) {
    const mean = folds.reduce((s, r) => s + r.accuracy, 0) / folds.length;
    const seconds = folds.reduce((s, r) => s + r.seconds, 0);
    lines.push(
      `| **speaker held out, mean of ${folds.length} folds** | | **${pct(mean)}** | | | ${seconds} | | | |`,
    );
  }
  return lines.join('\n');
}

if (!values['section-only']) {
  const data = await speech.loadSpeechDataset(recordingsDir());
  const speakers = values.speakers
    ? values.speakers.split(',')
    : [...new Set(data.clips.map((c) => c.speaker))].sort();
  if (!values.only || values.only === 'standard') await run(data, 'standard', { mode: 'standard' });
  if (!values.only || values.only === 'speaker') {
    for (const s of speakers) {
      await run(data, `speaker-${s}`, { mode: 'speaker', testSpeakers: [s] });
    }
  }
}
if (!values['no-write'] && tag === 'defaults') {
  writeBenchSection('speech-real', '## Speech on real data', section());
}

/** The rows of `pnpm bench:real`: the standard split and the mean over the speaker folds. */
function resultRows() {
  const { standard, folds } = savedRuns();
  const row = (protocol, value, goal) => ({
    task: 'speech',
    set: 'FSDD',
    protocol,
    metric: 'test accuracy',
    value,
    anchor: '0.97–0.99 (small MFCC CNNs)',
    goal,
    seed: 1,
  });
  return [
    ...(standard ? [row('standard split (takes 0–4 test)', standard.accuracy, 0.99)] : []),
    ...(folds.length
      ? [
          row(
            `speaker held out, mean of ${folds.length} folds`,
            folds.reduce((s, r) => s + r.accuracy, 0) / folds.length,
            0.95,
          ),
        ]
      : []),
  ];
}
emitResult(resultRows());
