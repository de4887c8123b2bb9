// pnpm bench:plate — @dl/vision-plate: training µs/sample of the seed and default models on
// wasm (1 and N threads) against the same architectures in PyTorch CPU, and ms per plate read.
// Prints a table and rewrites the plate section of BENCHMARKS.md.
import { cpus, loadavg } from 'node:os';
import { writeBenchSection } from './benchmarks-md.mjs';
import { runNode, runTorch, threadCounts } from './driver.mjs';
import { memoryCell } from './stats.mjs';

const node = runNode;
const torch = (model, threads) =>
  runTorch(
    'plate.py',
    ['--model', model, '--threads', String(threads), '--steps', '100', '--json'],
    `${model} ${threads}`,
  );
const fmt = (v) => (v == null ? '—' : Math.round(v).toLocaleString('en-US'));
const threads = threadCounts();
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
      `| ${model} (${ours.params.toLocaleString('en-US')} params) | ${t} | ${fmt(ours.train_us_per_sample)} | ${fmt(ours.infer_us_per_sample)} | ${fmt(ref?.train_us_per_sample)} | ${fmt(ref?.infer_us_per_sample)} | ${ratio} | ${memoryCell(ours, ref)} |`,
    );
    process.stderr.write(`${model} ${t} thread(s) done\n`);
  }
}
const reads = threads.map((t) => node('plate-read.mjs', ['--threads', String(t)]));
// The speed goal of segmentPlate (checked here, not in a timed unit test): under 20 ms per
// 440×140 plate, so that segmentation never dominates a read.
const SEGMENT_GOAL_MS = 20;
const goal = (ms) => (ms < SEGMENT_GOAL_MS ? 'met' : 'MISSED');
for (const r of reads) {
  if (r.segment_ms_per_plate >= SEGMENT_GOAL_MS) {
    process.stderr.write(
      `segmentPlate: ${r.segment_ms_per_plate.toFixed(1)} ms/plate at ${r.threads} thread(s), goal < ${SEGMENT_GOAL_MS}\n`,
    );
  }
}
const table = [
  `@dl/vision-plate, batch 32, wasm backend vs PyTorch ${'CPU'} (same thread count); ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0].toFixed(2)}; ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| model | threads | tfjs train µs/sample | tfjs infer µs/sample | PyTorch train | PyTorch infer | train ÷ PyTorch | peak RSS MiB: tfjs (wasm heap) / PyTorch |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `| whole-plate read | threads | ms per plate (segment + 3 classifiers) | of which segmentation | segmentation goal < ${SEGMENT_GOAL_MS} ms |`,
  '|---|---|---|---|---|',
  ...reads.map(
    (r) =>
      `| 440×140 synthetic plate | ${r.threads} | ${r.read_ms_per_plate.toFixed(1)} | ${r.segment_ms_per_plate.toFixed(1)} | ${goal(r.segment_ms_per_plate)} |`,
  ),
].join('\n');
process.stdout.write(`${table}\n`);
writeBenchSection('plate', '## @dl/vision-plate', table);
