// pnpm bench:plate — @dl/vision-plate: training µs/sample of the seed and default models on
// wasm (1 and N threads) against the same architectures in PyTorch CPU, and ms per plate read.
// Prints a table and rewrites the plate section of BENCHMARKS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchSection } from './benchmarks-md.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const threadsN = availableParallelism();
const TORCH_PYTHON = '/usr/bin/python3';
const node = (script, args) =>
  JSON.parse(
    execFileSync(process.execPath, [join(here, script), ...args], { encoding: 'utf8', cwd: here })
      .trim()
      .split('\n')
      .at(-1),
  );
const torch = (model, threads) => {
  const r = spawnSync(
    TORCH_PYTHON,
    [
      join(here, 'torch', 'plate.py'),
      '--model',
      model,
      '--threads',
      String(threads),
      '--steps',
      '100',
      '--json',
    ],
    { encoding: 'utf8' },
  );
  return r.status === 0 ? JSON.parse(r.stdout.trim().split('\n').at(-1)) : null;
};
const fmt = (v) => (v == null ? '—' : Math.round(v).toLocaleString('en-US'));
const threads = threadsN > 1 ? [1, threadsN] : [1];
const rows = [];
for (const model of ['seed', 'default']) {
  for (const t of threads) {
    const ours = node('plate-tfjs.mjs', [
      '--backend',
      'wasm',
      '--threads',
      String(t),
      '--model',
      model,
      '--steps',
      '40',
      '--warmup',
      '6',
    ]);
    const ref = torch(model, t);
    const ratio = ref ? `${(ours.train_us_per_sample / ref.train_us_per_sample).toFixed(2)}×` : '—';
    rows.push(
      `| ${model} (${ours.params.toLocaleString('en-US')} params) | ${t} | ${fmt(ours.train_us_per_sample)} | ${fmt(ours.infer_us_per_sample)} | ${fmt(ref?.train_us_per_sample)} | ${fmt(ref?.infer_us_per_sample)} | ${ratio} |`,
    );
    process.stderr.write(`${model} ${t} thread(s) done\n`);
  }
}
const reads = threads.map((t) => node('plate-read.mjs', ['--threads', String(t)]));
const table = [
  `@dl/vision-plate, batch 32, wasm backend vs PyTorch ${'CPU'} (same thread count); ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0].toFixed(2)}; ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| model | threads | tfjs train µs/sample | tfjs infer µs/sample | PyTorch train | PyTorch infer | train ÷ PyTorch |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
  '| whole-plate read | threads | ms per plate (segment + 3 classifiers) | of which segmentation |',
  '|---|---|---|---|',
  ...reads.map(
    (r) =>
      `| 440×140 synthetic plate | ${r.threads} | ${r.read_ms_per_plate.toFixed(1)} | ${r.segment_ms_per_plate.toFixed(1)} |`,
  ),
].join('\n');
process.stdout.write(`${table}\n`);
writeBenchSection('plate', '## @dl/vision-plate', table);
