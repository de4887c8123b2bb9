import { availableParallelism } from 'node:os';
import { DlError } from '../errors';
import * as tf from '../tf';
import { installMultiOutputEvaluationFix } from '../train/multi-output-evaluation';
import { installFusedBatchNorm, registerBatchNormKernels } from './batch-norm';
import { registerLstmCellKernels } from './lstm-cell';
import {
  registerStockWasmBackend,
  registerThreadedWasmBackend,
  registerWasmTrainingKernels,
  wasmThreadsInUse,
} from './wasm';

/** Names users give in `prefer` and DL_BACKEND. `tensorflow` means tfjs-node(-gpu). */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = BackendName | 'auto';

/** One candidate of the auto order: the npm module that provides it and the tfjs backend name. */
export interface BackendCandidate {
  id: 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';
  module: string;
  tfBackend: BackendName;
}

/** The auto order of DESIGN.md: CUDA, native CPU, our training-complete wasm, pure JS. */
export const BACKEND_ORDER: readonly BackendCandidate[] = [
  { id: 'tfjs-node-gpu', module: '@tensorflow/tfjs-node-gpu', tfBackend: 'tensorflow' },
  { id: 'tfjs-node', module: '@tensorflow/tfjs-node', tfBackend: 'tensorflow' },
  { id: 'wasm', module: '@tensorflow/tfjs-backend-wasm', tfBackend: 'wasm' },
  { id: 'cpu', module: '@tensorflow/tfjs-backend-cpu', tfBackend: 'cpu' },
];

export interface BackendChoice {
  /** The candidate in use. */
  id: BackendCandidate['id'];
  /** The tfjs backend name now active (`tf.getBackend()`). */
  backend: BackendName;
  /** Threads the backend computes on (1 for cpu and single-threaded wasm). */
  threads: number;
  /** Why this one: the preference that selected it. */
  reason: string;
  /** Each candidate tried before it and why it was passed over. */
  skipped: { id: BackendCandidate['id']; reason: string }[];
}

/** What initBackend needs from the outside world; tests replace it. */
export interface BackendDeps {
  /** Loads a module by name; rejects if it is not installed or fails to load. */
  load(moduleName: string): Promise<unknown>;
  /** Activates a registered tfjs backend; resolves false if it fails to initialise. */
  activate(candidate: BackendCandidate, threads: number): Promise<number | false>;
}

export interface InitBackendOptions {
  /** Which backend to use; default: DL_BACKEND, else `auto`. */
  prefer?: BackendPreference;
  /** Threads for wasm; default: DL_THREADS, else the machine's available parallelism. */
  threads?: number;
  /** Receives one line per decision; default: silent. */
  log?: (line: string) => void;
  /** Environment to read DL_BACKEND / DL_THREADS from; default process.env. */
  env?: Record<string, string | undefined>;
  /** Injected module loading and activation (tests). */
  deps?: BackendDeps;
}

const PREFERENCES: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export function parsePreference(value: string | undefined, source: string): BackendPreference {
  if (value === undefined || value === '') return 'auto';
  const v = value.trim().toLowerCase();
  if ((PREFERENCES as readonly string[]).includes(v)) return v as BackendPreference;
  throw new DlError(
    'BACKEND_UNKNOWN',
    `${source} is '${value}'; expected one of ${PREFERENCES.join(', ')}`,
  );
}

function parseThreads(value: string | undefined, source: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new DlError('INVALID_ARGUMENT', `${source} is '${value}'; expected a positive integer`);
  }
  return n;
}

function describe(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const first = msg.split('\n')[0];
  if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND/.test(msg)) {
    return 'not installed';
  }
  return `failed to load: ${first}`;
}

let current: BackendChoice | null = null;

/** The backend chosen by the last initBackend call, or null before any. */
export function currentBackend(): BackendChoice | null {
  return current;
}

/**
 * Chooses, loads and activates the TensorFlow.js backend.
 *
 * `auto` tries tfjs-node-gpu, tfjs-node, wasm (made training-complete by @dl/core's kernels),
 * then pure-JS cpu, and records why each earlier candidate was skipped. An explicit preference
 * that cannot be satisfied throws a DlError naming what failed rather than silently running
 * 80× slower on another backend.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendChoice> {
  const env = options.env ?? process.env;
  const prefer = options.prefer ?? parsePreference(env.DL_BACKEND, 'DL_BACKEND');
  if (!PREFERENCES.includes(prefer)) parsePreference(prefer, 'prefer');
  const threads =
    options.threads ?? parseThreads(env.DL_THREADS, 'DL_THREADS') ?? availableParallelism();
  const deps = options.deps ?? defaultDeps;
  const log = options.log ?? (() => {});

  const candidates =
    prefer === 'auto' ? BACKEND_ORDER : BACKEND_ORDER.filter((c) => c.tfBackend === prefer);
  const reason =
    prefer === 'auto'
      ? 'auto: first candidate that loads'
      : options.prefer
        ? `requested (prefer: '${prefer}')`
        : `requested (DL_BACKEND=${env.DL_BACKEND})`;

  const skipped: BackendChoice['skipped'] = [];
  for (const candidate of candidates) {
    try {
      await deps.load(candidate.module);
    } catch (e) {
      skipped.push({ id: candidate.id, reason: describe(e) });
      log(`backend ${candidate.id}: skipped (${describe(e)})`);
      continue;
    }
    const active = await deps.activate(candidate, threads);
    if (active === false) {
      skipped.push({ id: candidate.id, reason: 'loaded but failed to initialise' });
      log(`backend ${candidate.id}: skipped (loaded but failed to initialise)`);
      continue;
    }
    // Fused BatchNormalization training on wasm and cpu; other backends keep the stock path.
    registerBatchNormKernels();
    installFusedBatchNorm();
    registerLstmCellKernels();
    // Right validation values for multi-output models, whatever the backend.
    installMultiOutputEvaluationFix();
    current = { id: candidate.id, backend: candidate.tfBackend, threads: active, reason, skipped };
    log(`backend ${candidate.id}: chosen, ${reason}, ${active} thread(s)`);
    return current;
  }
  throw new DlError(
    'BACKEND_UNAVAILABLE',
    `no usable backend for '${prefer}': ${skipped.map((s) => `${s.id} ${s.reason}`).join('; ')}`,
  );
}

const defaultDeps: BackendDeps = {
  load: (name) => import(name),
  async activate(candidate, threads) {
    if (candidate.tfBackend === 'wasm') return activateWasm(threads);
    const ok = await tf.setBackend(candidate.tfBackend);
    if (!ok) return false;
    await tf.ready();
    return candidate.tfBackend === 'cpu' ? 1 : threads;
  },
};

/** The threaded build starts in ~150 ms; past this, assume its workers are stuck. */
const THREADED_INIT_TIMEOUT_MS = 20_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * wasm with our training kernels, on the threaded-SIMD build when more than one thread is
 * asked for. The thread count is fixed when the backend first initialises; later calls keep
 * the running backend (re-creating it would invalidate every tensor on it). If the threaded
 * build fails to start, tfjs's single-threaded build is used instead.
 */
async function activateWasm(threads: number): Promise<number | false> {
  registerWasmTrainingKernels();
  const initialised = tf.findBackend('wasm') != null;
  if (!initialised && threads > 1) registerThreadedWasmBackend(threads);
  let ok = await withTimeout(tf.setBackend('wasm'), THREADED_INIT_TIMEOUT_MS).catch(() => false);
  if (!ok && !initialised && threads > 1) {
    registerStockWasmBackend();
    ok = await tf.setBackend('wasm').catch(() => false);
  }
  if (!ok) return false;
  await tf.ready();
  return wasmThreadsInUse();
}
