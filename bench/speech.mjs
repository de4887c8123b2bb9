// pnpm bench:speech — @dl/speech: training µs/sample (batch 32, Adam) and inference ms/clip of
// the default model and the seed model (SEEDS.md §5) on wasm (1 and N threads) against the same
// architectures in PyTorch CPU, on random features; model forward at batch 1 (latency) and
// batch 32 (per clip), and feature extraction (speechFeatures) per clip separately. Prints a
// table and rewrites the speech section of BENCHMARKS.md. Each measurement runs in a fresh
// process and stops after ~10 s (`--seconds S` or BENCH_SECONDS=S to change, e.g. 1 for a
// quick check).
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { writeBenchSection } from './benchmarks-md.mjs';
import { runNode, runTorch, threadCounts } from './driver.mjs';
import { memoryCell } from './stats.mjs';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '10' } },
});
const SECONDS = values.seconds;
const node = runNode;
const torch = (model, threads, params, trainable) =>
  runTorch(
    'speech.py',
    [
      '--model',
      model,
      '--threads',
      String(threads),
      '--max-seconds',
      SECONDS,
      '--expect-params',
      String(params),
      '--expect-trainable',
      String(trainable),
      '--json',
    ],
    `${model} ${threads}`,
  );
const fmt = (v) => (v == null ? '—' : Math.round(v).toLocaleString('en-US'));
const ms = (v) => (v == null ? '—' : v.toFixed(v < 10 ? 2 : 1));
// Time ratio: tfjs time ÷ PyTorch's (> 1: tfjs is slower).
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
const threads = threadCounts();
const label = {
  default: 'default (log-mel 101 × 40; Conv1D 64-64-128-128 + BatchNorm, GAP)',
  seed: 'seed §5 (MFCC 16 × 20; Conv1D 3/5/7 × 32, Dense 128)',
};
const featureLabel = {
  default: 'default (log-mel, n_fft 256, hop 80, 40 mels, trim 40 dB, fit, CMVN → 101 × 40)',
  seed: 'seed (MFCC, n_fft 2048, hop 512, 128 mels, 20 coefficients, fit → 16 × 20)',
};
const rows = [];
const featureRows = [];
for (const model of ['default', 'seed']) {
  for (const t of threads) {
    const ours = node('speech-tfjs.mjs', [
      '--model',
      model,
      '--threads',
      String(t),
      '--max-seconds',
      SECONDS,
      // Feature extraction is single-threaded JavaScript: measured once, in the 1-thread run.
      ...(t === 1 ? ['--features'] : []),
    ]);
    const ref = torch(model, t, ours.params, ours.trainable_params);
    if (ref && (ref.trainable_params !== ours.trainable_params || ref.params !== ours.params)) {
      throw new Error(
        `${model}: parameters differ: tfjs ${ours.params} (${ours.trainable_params} trainable), PyTorch ${ref.params} (${ref.trainable_params})`,
      );
    }
    rows.push(
      `| ${label[model]}; ${ours.params.toLocaleString('en-US')} params, ${ours.trainable_params.toLocaleString('en-US')} trained | ${t} | ${fmt(ours.train_us_per_sample)} | ${fmt(ref?.train_us_per_sample)} | ${ratio(ours.train_us_per_sample, ref?.train_us_per_sample)} | ${ms(ours.infer_b1_ms)} | ${ms(ref?.infer_b1_ms)} | ${ratio(ours.infer_b1_ms, ref?.infer_b1_ms)} | ${ms(ours.infer_batch_ms_per_clip)} | ${ms(ref?.infer_batch_ms_per_clip)} | ${ratio(ours.infer_batch_ms_per_clip, ref?.infer_batch_ms_per_clip)} | ${memoryCell(ours, ref)} |`,
    );
    if (ours.features_ms_per_clip != null) {
      featureRows.push(
        `| ${featureLabel[model]} | ${ms(ours.features_ms_per_clip)} | ${ref?.features_ms_per_clip == null ? '— (no torchaudio or librosa here)' : ms(ref.features_ms_per_clip)} | ${ms(ours.features_ms_per_clip + ours.infer_b1_ms)} |`,
      );
    }
    process.stderr.write(`${model} ${t} thread(s) done\n`);
  }
}
const table = [
  `@dl/speech, random features, batch 32, Adam; wasm backend vs PyTorch ${'CPU'} (same thread count, parameter counts asserted equal: Keras counts BatchNorm's moving mean/variance, PyTorch keeps them as buffers); ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0].toFixed(2)}; ${new Date().toISOString().slice(0, 10)}. Medians; ${SECONDS} s a process.`,
  '',
  '| model | threads | tfjs train µs/sample | PyTorch train µs/sample | train time ÷ PyTorch | tfjs forward batch 1, ms | PyTorch batch 1, ms | ÷ PyTorch | tfjs forward batch 32, ms/clip | PyTorch batch 32, ms/clip | ÷ PyTorch | peak RSS MiB: tfjs (wasm heap) / PyTorch |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  '| feature extraction (speechFeatures, JavaScript, 1 thread; 0.8 s 8 kHz clip, 0.6 s of it a tone sweep) | ms/clip | torchaudio, ms/clip | + batch-1 forward (1 thread), ms/clip |',
  '|---|---|---|---|',
  ...featureRows,
].join('\n');
process.stdout.write(`${table}\n`);
writeBenchSection('speech', '## @dl/speech', table);
