// Summary statistics of timed runs, shared by the bench scripts.
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * This process's peak memory, for the JSON line a bench script prints last: the resident set
 * at its highest (Node, the wasm heap, buffers) and, on wasm, the heap tfjs's tensors live in
 * (it only grows, so its size now is its peak).
 */
export function peakMemory(tf) {
  const heap = tf.engine().backend?.wasm?.HEAPU8?.buffer?.byteLength;
  return {
    peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
    wasm_heap_mib: heap ? Math.round(heap / 2 ** 20) : null,
  };
}

/** The table cell of peak memory: `tfjs RSS (wasm heap) / PyTorch RSS`, MiB. */
export function memoryCell(ours, ref) {
  const heap = ours?.wasm_heap_mib != null ? ` (${ours.wasm_heap_mib})` : '';
  return `${ours?.peak_rss_mib ?? '—'}${heap} / ${ref?.peak_rss_mib ?? '—'}`;
}

/**
 * Times `fn` for up to `steps` runs after `warmup` untimed ones, stopping early (after at least
 * 3 runs) once `maxMs` have passed. Returns each run's milliseconds.
 */
export async function timeRuns(fn, { steps, warmup, maxMs }) {
  for (let i = 0; i < warmup; i++) await fn();
  const ts = [];
  const t0 = performance.now();
  while (ts.length < steps && (ts.length < 3 || performance.now() - t0 < maxMs)) {
    const t = performance.now();
    await fn();
    ts.push(performance.now() - t);
  }
  return ts;
}

/**
 * tf.profile of one call of `step`: kernels by total time, the top 15 (PROFILE_TOP=n for more)
 * written to stderr.
 * `keyOf` groups them (default: by name; e.g. add input shapes to tell products apart).
 */
export async function profileKernels(tf, step, label, keyOf = (k) => k.name) {
  const info = await tf.profile(step);
  const byName = new Map();
  for (const k of info.kernels) {
    const ms = await k.kernelTimeMs;
    const key = keyOf(k);
    const e = byName.get(key) ?? { ms: 0, calls: 0 };
    e.ms += typeof ms === 'number' ? ms : 0;
    e.calls += 1;
    byName.set(key, e);
  }
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  process.stderr.write(
    `${label}: ${info.kernels.length} kernels, ${total.toFixed(1)} ms in kernels\n`,
  );
  for (const [name, e] of rows.slice(0, Number(process.env.PROFILE_TOP ?? 15))) {
    process.stderr.write(
      `  ${name.padEnd(28)} ${e.ms.toFixed(1).padStart(8)} ms  ${String(e.calls).padStart(4)} calls  ${((100 * e.ms) / total).toFixed(1)}%\n`,
    );
  }
}
