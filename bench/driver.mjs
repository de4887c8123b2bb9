// What every bench driver does: run one measurement per fresh process (the wasm thread count is
// fixed when a backend starts) and read the JSON line it prints last.
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Debian's python3 has torch (python3-torch); the python3 first on PATH may not. */
export const TORCH_PYTHON = '/usr/bin/python3';

const lastJsonLine = (stdout) => JSON.parse(stdout.trim().split('\n').at(-1));

/** Runs bench/`script` under this Node with `args`; its last stdout line, parsed. */
export function runNode(script, args) {
  return lastJsonLine(
    execFileSync(process.execPath, [join(here, script), ...args], { encoding: 'utf8', cwd: here }),
  );
}

/**
 * Runs bench/torch/`script` with `args`; its last stdout line parsed, or null (with the reason on
 * stderr) when PyTorch is missing or the run fails — the tfjs numbers still get reported.
 */
export function runTorch(script, args, what) {
  const r = spawnSync(TORCH_PYTHON, [join(here, 'torch', script), ...args], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`PyTorch ${what}: ${r.stderr || r.error}\n`);
    return null;
  }
  return lastJsonLine(r.stdout);
}

/** 1 and, on a multi-core machine, all cores. */
export const threadCounts = () => (availableParallelism() > 1 ? [1, availableParallelism()] : [1]);
