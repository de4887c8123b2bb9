// @dl/vision-plate's whole-plate (CTC) reader on real cropped plates, through the public API
// (trainPlateReader, evaluatePlateReader):
//   synthetic  trained on realistic synthetic crops only (optionally composed from EasyPR's
//              real character crops, `--chars`), evaluated on every real crop
//   finetune   the synthetic model fine-tuned on a seeded 800/200 split of the real crops
//              (80 of the 800 choose the best epoch), evaluated on the held-out 200
//   speed      ms per plate read at 1 and 2 threads (one fresh process each)
// Usage: node bench/plate-real.mjs [DATA] [--only synthetic|finetune|speed] [--chars]
//          [--options JSON] [--model DIR] [--tag NAME] [--no-write]
// --model DIR evaluates (and fine-tunes) an already trained synthetic-only reader instead of
// training one; its training time and options are read from its dl.json.
// DATA (or DL_REAL_DATA) is the folder of real data sets (holding plate-crops/ and
// plate-chars/). Results go to bench/results/plate-real/<tag>/; the "Plates on real data"
// section of BENCHMARKS.md is rebuilt from the default tag's files. Needs a built
// @dl/vision-plate (`pnpm --filter @dl/vision-plate build`). Run with DL_THREADS=1 on a
// shared machine.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBenchSection } from './benchmarks-md.mjs';
import { emitResult } from './result-line.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: 'string' },
    chars: { type: 'boolean', default: false },
    options: { type: 'string' },
    tag: { type: 'string' },
    model: { type: 'string' },
    threads: { type: 'string' },
    'speed-child': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    // Rebuild the BENCHMARKS.md section (and the RESULT rows) from the saved JSON, running nothing.
    'section-only': { type: 'boolean', default: false },
  },
});
const PROTOCOLS = ['synthetic', 'finetune', 'speed'];
if (values.only && !PROTOCOLS.includes(values.only)) {
  throw new Error(`--only must be one of ${PROTOCOLS.join(', ')}, got '${values.only}'`);
}
const extra = values.options ? JSON.parse(values.options) : {};
const tag = values.tag ?? (values.options ? 'experiment' : 'defaults');
const resultsDir = join(here, 'results', 'plate-real', tag);

const core = await import('../packages/core/dist/index.js');
const plate = await import('../packages/vision-plate/dist/index.js');

function dataRoot() {
  const given = positionals[0] ?? process.env.DL_REAL_DATA;
  if (!given) throw new Error('give the real-data folder as argument or in DL_REAL_DATA');
  return given;
}
const cropsDir = () => join(dataRoot(), 'plate-crops');
const charsDir = () => join(dataRoot(), 'plate-chars');

function commit() {
  const git = (...args) => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();
  try {
    const dirty = git('status', '--porcelain', '--', '../packages/vision-plate/src') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

function save(name, result) {
  mkdirSync(resultsDir, { recursive: true });
  const record = {
    ...result,
    commit: commit(),
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, load: loadavg()[0] },
  };
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** Seeded 800/200 split of the real crops, by a permutation of their sorted file names. */
function realSplit(crops) {
  const order = new core.Rng(2026).fork('plate-real-split').permutation(crops.length);
  const test = new Set(Array.from(order.subarray(0, Math.round(crops.length / 5))));
  return {
    train: crops.filter((_, i) => !test.has(i)),
    test: crops.filter((_, i) => test.has(i)),
  };
}

const summary = (r) => ({
  exact: r.exact,
  exactInterval: r.exactInterval,
  characterAccuracy: r.characterAccuracy,
  cer: r.cer,
  invalid: r.invalid,
  plates: r.plates,
  perPosition: r.perPosition,
  confusions: r.confusions.slice(0, 8),
  provinceConfusions: r.provinceConfusions.slice(0, 5),
  msPerPlate: r.msPerPlate,
});

async function trainSynthetic(outDir) {
  const started = performance.now();
  const result = await plate.trainPlateReader({
    outDir,
    ...(values.chars ? { characterCrops: charsDir() } : {}),
    progress: 'plain',
    ...extra,
  });
  return { result, seconds: (performance.now() - started) / 1000 };
}

/** A reader trained elsewhere: what its dl.json says of its training. */
function trained(dir) {
  const meta = JSON.parse(readFileSync(join(dir, 'dl.json'), 'utf8'));
  return {
    seconds: meta.extra.seconds,
    options: meta.extra.training,
    synthetic: meta.extra.evaluation.synthetic,
    epochs: meta.extra.history.loss.length,
  };
}

const baseModel = () => values.model ?? join(resultsDir, 'model-synthetic');

async function runSynthetic() {
  await core.initBackend();
  const outDir = baseModel();
  let info;
  if (values.model) {
    info = trained(outDir);
  } else {
    const { result, seconds } = await trainSynthetic(outDir);
    info = {
      seconds,
      options: { characterCrops: values.chars, ...extra },
      synthetic: result.synthetic,
    };
  }
  const real = await plate.evaluatePlateReader(outDir, cropsDir());
  return save('synthetic', {
    protocol: 'synthetic',
    model: outDir,
    options: info.options,
    epochs: info.epochs,
    trainSeconds: info.seconds,
    syntheticValidation: summary({ ...info.synthetic, msPerPlate: undefined }),
    real: summary(real),
  });
}

async function runFinetune() {
  await core.initBackend();
  const base = baseModel();
  if (!existsSync(join(base, 'dl.json')))
    throw new Error('run --only synthetic first (its model is the base)');
  const { crops } = await plate.loadPlateReaderDataset(cropsDir());
  const split = realSplit(crops);
  const outDir = join(resultsDir, 'model-finetuned');
  const started = performance.now();
  const result = await plate.trainPlateReader({
    outDir,
    initFrom: base,
    crops: split.train,
    ...(values.chars ? { characterCrops: charsDir() } : {}),
    progress: 'plain',
    epochs: 6,
    syntheticPerEpoch: 320,
    cropRepeats: 2,
    ...extra,
  });
  const seconds = (performance.now() - started) / 1000;
  const test = await plate.evaluatePlateReader(outDir, split.test);
  const before = await plate.evaluatePlateReader(base, split.test);
  return save('finetune', {
    protocol: 'finetune',
    split: { train: split.train.length, test: split.test.length, seed: 2026 },
    trainSeconds: seconds,
    realValidation: result.real ? summary({ ...result.real, msPerPlate: undefined }) : null,
    test: summary(test),
    synthetic_only_on_same_test: summary(before),
  });
}

async function speedChild(threads) {
  await core.initBackend({ threads });
  const dir = baseModel();
  const reader = await plate.loadPlateReader(dir);
  const crops = plate.synthPlateCrops({ count: 64, seed: 9 }).map((c) => c.image);
  for (const c of crops.slice(0, 8)) await reader.read(c);
  let t0 = performance.now();
  for (const c of crops) await reader.read(c);
  const one = (performance.now() - t0) / crops.length;
  t0 = performance.now();
  await reader.readBatch(crops);
  const batch = (performance.now() - t0) / crops.length;
  reader.dispose();
  process.stdout.write(
    `${JSON.stringify({ threads, ms_per_plate: one, ms_per_plate_batched: batch })}\n`,
  );
}

function runSpeed() {
  const rows = [1, 2].map((threads) => {
    const out = execFileSync(
      process.execPath,
      [fileURLToPath(import.meta.url), dataRoot(), '--tag', tag, '--speed-child', String(threads)],
      {
        encoding: 'utf8',
        env: { ...process.env, DL_THREADS: String(threads) },
      },
    );
    return JSON.parse(out.trim().split('\n').at(-1));
  });
  return save('speed', { protocol: 'speed', rows });
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const interval = ([lo, hi]) => `${pct(lo)}–${pct(hi)}`;

/** A protocol's JSON of the defaults tag, if it was run. */
function readSaved(name) {
  const file = join(here, 'results', 'plate-real', 'defaults', `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** The rows of `pnpm bench:real`: whole plates read exactly, per protocol on record. */
function resultRows() {
  const row = (protocol, value) => ({
    task: 'plate-reader',
    set: 'plate-crops (1,000 real)',
    protocol,
    metric: 'plates read exactly',
    value,
    anchor: 'LPRNet 96%+ (its own test set, trained on ~200k real)',
    goal: null,
    seed: 1,
  });
  const s = readSaved('synthetic');
  const f = readSaved('finetune');
  return [
    ...(s ? [row('trained on synthetic crops only; all 1,000 tested', s.real.exact)] : []),
    ...(f ? [row('synthetic, then fine-tuned on 800 real; 200 held out', f.test.exact)] : []),
  ];
}

function table() {
  const read = readSaved;
  const s = read('synthetic');
  const f = read('finetune');
  const sp = read('speed');
  const lines = [
    'The whole-plate CTC reader (`trainPlateReader`, `loadPlateReader`) on the 1,000 real cropped',
    'plates of `plate-crops/` (CCPD-derived, 94 × 24, 96% from one province). Run:',
    '`DL_THREADS=1 node bench/plate-real.mjs ../shared/data/real --chars`. Exact = whole plate',
    'right (95% Wilson interval); characters = right at their position; CER = edit distance /',
    'true characters. The segmenting reader read 17.5% exactly (200 of these crops, issue 19);',
    'LPRNet, trained on ~200k real CCPD plates, reports 96%+ on its own 27k test plates.',
    '',
    '| trained on | tested on | exact (95% CI) | characters | CER | invalid | train time |',
    '|---|---|---|---|---|---|---|',
  ];
  if (s) {
    lines.push(
      `| synthetic only${s.options?.characterCrops ? ' (EasyPR character shapes)' : ''} | all 1,000 real crops | ${pct(s.real.exact)} (${interval(s.real.exactInterval)}) | ${pct(s.real.characterAccuracy)} | ${s.real.cer.toFixed(3)} | ${pct(s.real.invalid)} | ${(s.trainSeconds / 60).toFixed(0)} min |`,
    );
  }
  if (f) {
    lines.push(
      `| synthetic, then 800 real (seeded split) | the other 200 | ${pct(f.test.exact)} (${interval(f.test.exactInterval)}) | ${pct(f.test.characterAccuracy)} | ${f.test.cer.toFixed(3)} | ${pct(f.test.invalid)} | +${(f.trainSeconds / 60).toFixed(0)} min |`,
      `| synthetic only (same 200, for comparison) | the same 200 | ${pct(f.synthetic_only_on_same_test.exact)} (${interval(f.synthetic_only_on_same_test.exactInterval)}) | ${pct(f.synthetic_only_on_same_test.characterAccuracy)} | ${f.synthetic_only_on_same_test.cer.toFixed(3)} | ${pct(f.synthetic_only_on_same_test.invalid)} | |`,
    );
  }
  if (s) {
    lines.push(
      '',
      `Per position (synthetic only, all crops): ${s.real.perPosition.slice(0, 7).map(pct).join(' · ')}.`,
      `Most confused (truth→read): ${s.real.confusions.map((c) => `${c.truth}→${c.read} ${c.count}`).join(', ')}.`,
    );
  }
  if (sp) {
    lines.push(
      '',
      `Reading speed (wasm, one crop at a time / batched): ${sp.rows.map((r) => `${r.threads} thread${r.threads > 1 ? 's' : ''} ${r.ms_per_plate.toFixed(1)} / ${r.ms_per_plate_batched.toFixed(1)} ms per plate`).join('; ')} (shared machine, load ${sp.machine.load.toFixed(0)}).`,
    );
  }
  return lines.join('\n');
}

if (values['speed-child']) {
  await speedChild(Number(values['speed-child']));
} else {
  const only = values['section-only'] ? 'none' : values.only;
  if (!only || only === 'synthetic') console.log(JSON.stringify(await runSynthetic()));
  if (!only || only === 'finetune') console.log(JSON.stringify(await runFinetune()));
  if (!only || only === 'speed') console.log(JSON.stringify(runSpeed()));
  if (!values['no-write'] && tag === 'defaults') {
    writeBenchSection('plate-real', '## Plates on real data', table());
  }
  emitResult(resultRows());
}
