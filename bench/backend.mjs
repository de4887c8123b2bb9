// pnpm bench:backend — the seed plate model (SEEDS.md §1) on cpu, wasm (1 and N threads) and
// the same architecture in PyTorch CPU, side by side in one run; prints a table with ratios
// and rewrites the backend section of BENCHMARKS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchSection } from './benchmarks-md.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const threadsN = availableParallelism();
const quick = process.argv.includes('--quick');
const TORCH_PYTHON = '/usr/bin/python3'; // Debian's python3-torch; the first python3 on PATH lacks it

function runTfjs(backend, threads, steps) {
  const args = [join(here, 'plate-tfjs.mjs'), '--backend', backend, '--threads', String(threads)];
  args.push('--steps', String(steps), '--warmup', String(Math.max(2, Math.round(steps / 6))));
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', cwd: here });
  return JSON.parse(out.trim().split('\n').at(-1));
}

function runTorch(threads, steps) {
  const script = join(here, 'torch', 'plate.py');
  const probe = spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    return {
      skipped: `PyTorch not available (${TORCH_PYTHON} cannot import torch: install Debian's python3-torch and libopenblas0-pthread)`,
    };
  }
  const r = spawnSync(
    TORCH_PYTHON,
    [script, '--threads', String(threads), '--steps', String(steps), '--warmup', '20', '--json'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0)
    return { skipped: `PyTorch run failed: ${r.stderr.trim().split('\n').at(-1)}` };
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

const steps = quick ? 20 : 80;
const rows = [];
const log = (s) => process.stderr.write(`${s}\n`);
log(
  `bench:backend — seed plate model, batch 32, ${cpus()[0]?.model}, ${threadsN} threads available`,
);
const torch1 = runTorch(1, steps * 2);
const torchN = threadsN > 1 ? runTorch(threadsN, steps * 2) : torch1;
log(`pytorch done`);
const cpu = runTfjs('cpu', 1, quick ? 2 : 4);
log(`cpu done`);
const wasm1 = runTfjs('wasm', 1, steps);
const wasmN = threadsN > 1 ? runTfjs('wasm', threadsN, steps) : wasm1;
log(`wasm done`);

const torchFor = (t) => (t === 1 ? torch1 : torchN);
const fmt = (v) => Math.round(v).toLocaleString('en-US');
const ratio = (a, b) => (b && typeof b === 'number' ? (a / b).toFixed(2) : '—');
const line = (name, r) => {
  const torch = torchFor(r.threads);
  return `| ${name} | ${r.threads} | ${fmt(r.train_us_per_sample)} | ${fmt(r.fit_us_per_sample)} | ${fmt(r.infer_us_per_sample)} | ${ratio(r.train_us_per_sample, torch.train_us_per_sample)}× | ${ratio(cpu.train_us_per_sample, r.train_us_per_sample)}× | ${r.peak_rss_mib}${r.wasm_heap_mib != null ? ` (${r.wasm_heap_mib})` : ''} |`;
};
rows.push(line('tfjs cpu (pure JS)', cpu));
rows.push(line('tfjs wasm + @dl kernels', wasm1));
if (threadsN > 1) rows.push(line('tfjs wasm + @dl kernels', wasmN));
for (const t of threadsN > 1 ? [torch1, torchN] : [torch1]) {
  if (t.skipped) continue;
  rows.push(
    `| PyTorch ${t.version} CPU (OpenBLAS) | ${t.threads} | ${fmt(t.train_us_per_sample)} | — | ${fmt(t.infer_us_per_sample)} | 1.00× | ${ratio(cpu.train_us_per_sample, t.train_us_per_sample)}× | ${t.peak_rss_mib} |`,
  );
}
const skipped = [torch1, torchN].find((t) => t.skipped)?.skipped;
const table = [
  `Seed plate model (SEEDS.md §1, 1,655,519 parameters), batch 32, Adam; ${cpus()[0]?.model}, ` +
    `${threadsN} threads, Node ${process.version}, load average ${loadavg()[0].toFixed(2)} at the end; ` +
    `${new Date().toISOString().slice(0, 10)}. Medians of per-step times; "fit" is model.fit over distinct batches.`,
  '',
  '| backend | threads | train µs/sample | fit µs/sample | infer µs/sample | train ÷ PyTorch (same threads) | speed-up over cpu | peak RSS MiB (wasm heap) |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
  ...(skipped ? ['', `PyTorch reference skipped: ${skipped}`] : []),
].join('\n');
process.stdout.write(`${table}\n`);

if (!quick) {
  writeBenchSection('backend', '', table);
  log('BENCHMARKS.md updated');
}
