// pnpm bench:textcnn — @dl/textcnn: training and inference sentences/s of Kim's CNN-rand and the
// seed model (SEEDS.md §3) on wasm (1 and N threads) against the same architectures in PyTorch
// CPU, on random token ids (batch 50, length 70). Prints a table and rewrites the textcnn
// section of BENCHMARKS.md. Each measurement runs in a fresh process and stops after ~10 s.
import { cpus, loadavg } from 'node:os';
import { writeBenchSection } from './benchmarks-md.mjs';
import { runNode, runTorch, threadCounts } from './driver.mjs';
import { memoryCell } from './stats.mjs';

const SECONDS = '10';
const node = runNode;
const torch = (model, threads, params) =>
  runTorch(
    'textcnn.py',
    [
      '--model',
      model,
      '--threads',
      String(threads),
      '--max-seconds',
      SECONDS,
      '--expect-params',
      String(params),
      '--json',
    ],
    `${model} ${threads}`,
  );
const fmt = (v) => (v == null ? '—' : Math.round(v).toLocaleString('en-US'));
const threads = threadCounts();
const label = {
  rand: 'Kim CNN-rand (18,000 × 300 trained, 3/4/5 × 100)',
  seed: 'seed §3 (58,954 × 50 frozen, 20 × 3, Dense 50)',
};
const rows = [];
for (const model of ['rand', 'seed']) {
  for (const t of threads) {
    const ours = node('textcnn-tfjs.mjs', [
      '--model',
      model,
      '--threads',
      String(t),
      '--max-seconds',
      SECONDS,
    ]);
    const ref = torch(model, t, ours.params);
    if (ref && ref.trainable_params !== ours.trainable_params) {
      throw new Error(
        `${model}: trainable parameters differ: tfjs ${ours.trainable_params}, PyTorch ${ref.trainable_params}`,
      );
    }
    // Time ratio: tfjs seconds per sentence ÷ PyTorch's (> 1: tfjs is slower).
    const ratio = (a, b) => (a && b ? `${(b / a).toFixed(2)}×` : '—');
    rows.push(
      `| ${label[model]}; ${ours.params.toLocaleString('en-US')} params, ${ours.trainable_params.toLocaleString('en-US')} trained | ${t} | ${fmt(ours.train_sentences_per_s)} | ${fmt(ref?.train_sentences_per_s)} | ${ratio(ours.train_sentences_per_s, ref?.train_sentences_per_s)} | ${fmt(ours.infer_sentences_per_s)} | ${fmt(ref?.infer_sentences_per_s)} | ${ratio(ours.infer_sentences_per_s, ref?.infer_sentences_per_s)} | ${memoryCell(ours, ref)} |`,
    );
    process.stderr.write(`${model} ${t} thread(s) done\n`);
  }
}
const table = [
  `@dl/textcnn, random token ids, batch 50, length 70, Adam; wasm backend vs PyTorch ${'CPU'} (same thread count, parameter counts asserted equal); ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0].toFixed(2)}; ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| model | threads | tfjs train sent/s | PyTorch train sent/s | train time ÷ PyTorch | tfjs infer sent/s | PyTorch infer sent/s | infer time ÷ PyTorch | peak RSS MiB: tfjs (wasm heap) / PyTorch |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
process.stdout.write(`${table}\n`);
writeBenchSection('textcnn', '## @dl/textcnn', table);
