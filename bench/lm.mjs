// pnpm bench:lm — @dl/text-lm: training and evaluation tokens/s of the default language model
// (Zaremba et al. 2014 small: 2 × LSTM 200, vocabulary 10,000, BPTT 20 × batch 20, full softmax,
// clip 5, SGD; trainLm's step: the fused softmax cross-entropy and the clipped SGD — the speed-up
// over the unfused ops is `node bench/lm-real.mjs --speed`) on wasm (1 and N threads) against the same architecture in PyTorch CPU, and what
// that means for a full Penn Treebank run (13 epochs). Random token ids: throughput does not
// depend on the words. Prints a table and rewrites the text-lm section of BENCHMARKS.md. Each
// measurement runs in a fresh process. A second table: the same model trained on a sampled
// softmax (`sampledSoftmax: 1024`; evaluation stays full-softmax), tfjs only.
import { cpus, loadavg } from 'node:os';
import { writeBenchSection } from './benchmarks-md.mjs';
import { runNode, runTorch, threadCounts } from './driver.mjs';
import { memoryCell } from './stats.mjs';

// Penn Treebank (Mikolov): words + one </s> per sentence, the targets perplexity averages over.
const PTB = { train: 887_521 + 42_068, valid: 70_390 + 3_370, test: 78_669 + 3_761 };
const EPOCHS = 13;
const fmt = (v) => (v == null ? '—' : Math.round(v).toLocaleString('en-US'));
const hours = (s) => (s == null ? '—' : `${(s / 3600).toFixed(1)} h`);
/** Wall time of the default run: 13 epochs of training + validation, then the test split. */
const ptbSeconds = (r) =>
  r
    ? EPOCHS * (PTB.train / r.train_tokens_per_s + PTB.valid / r.eval_tokens_per_s) +
      PTB.test / r.eval_tokens_per_s
    : null;

const SAMPLES = 1024;
const rows = [];
const sampledRows = [];
const results = [];
for (const t of threadCounts()) {
  const ours = runNode('lm-tfjs.mjs', ['--threads', String(t)]);
  const ref = runTorch(
    'lm.py',
    ['--threads', String(t), '--expect-params', String(ours.params), '--json'],
    `lm ${t}`,
  );
  const ratio = (a, b) => (a && b ? `${(b / a).toFixed(2)}×` : '—');
  rows.push(
    `| ${t} | ${fmt(ours.train_tokens_per_s)} | ${fmt(ref?.train_tokens_per_s)} | ${ratio(ours.train_tokens_per_s, ref?.train_tokens_per_s)} | ${fmt(ours.eval_tokens_per_s)} | ${fmt(ref?.eval_tokens_per_s)} | ${hours(ptbSeconds(ours))} | ${hours(ptbSeconds(ref))} | ${memoryCell(ours, ref)} |`,
  );
  const sampled = runNode('lm-tfjs.mjs', ['--threads', String(t), '--sampled', String(SAMPLES)]);
  sampledRows.push(
    `| ${t} | ${fmt(sampled.train_tokens_per_s)} | ${fmt(ours.train_tokens_per_s)} | ${ratio(ours.train_tokens_per_s, sampled.train_tokens_per_s)} | ${hours(ptbSeconds(sampled))} | ${sampled.peak_rss_mib} (${sampled.wasm_heap_mib}) |`,
  );
  results.push({ threads: t, tfjs: ours, pytorch: ref, sampled });
  process.stderr.write(`${t} thread(s) done\n`);
}
const params = results[0].tfjs.params;
const table = [
  `@dl/text-lm default model (2 × LSTM 200, vocabulary 10,000, ${params.toLocaleString('en-US')} parameters), BPTT 20 steps × batch 20, full softmax (fused softmax cross-entropy), clip 5, SGD (clip fused into the update); random token ids; wasm backend vs PyTorch CPU at the same thread count; ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0].toFixed(2)}; ${new Date().toISOString().slice(0, 10)}. PTB wall time: 13 epochs × (929,589 training + 73,760 validation tokens) + 82,430 test tokens at these rates.`,
  '',
  '| threads | tfjs train tok/s | PyTorch train tok/s | train time ÷ PyTorch | tfjs eval tok/s | PyTorch eval tok/s | PTB default run, tfjs | PTB default run, PyTorch | peak RSS MiB: tfjs (wasm heap) / PyTorch |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Trained on a sampled softmax (${SAMPLES.toLocaleString('en-US')} log-uniform samples a batch; same model, evaluation full-softmax):`,
  '',
  '| threads | tfjs train tok/s, sampled | tfjs train tok/s, full (above) | speed-up | PTB run, sampled | peak RSS MiB (wasm heap) |',
  '|---|---|---|---|---|---|',
  ...sampledRows,
].join('\n');
process.stdout.write(`${table}\n`);
process.stdout.write(`${JSON.stringify(results)}\n`);
writeBenchSection('text-lm', '## @dl/text-lm', table);
