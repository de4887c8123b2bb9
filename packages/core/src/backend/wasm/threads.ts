import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { findBackendFactory, registerBackend, removeBackend } from '@tensorflow/tfjs-core';
import { nodeRequire } from '../../node-require';

/**
 * tfjs-backend-wasm's threaded-SIMD build under Node worker threads.
 *
 * Stock tfjs turns threads off in Node (tfjs issue #3830): it hands emscripten a Blob URL for
 * the pthread worker and a Blob for the main script, neither of which Node's worker_threads
 * can load. We register our own factory for the 'wasm' backend (kernels are registered by
 * backend name, so all of them — stock and ours — keep working) that:
 *  1. writes the worker source that tfjs ships as a string to a real file (once, atomically);
 *  2. points emscripten at the real factory script and .wasm;
 *  3. makes `emscripten_num_logical_cores` report 2n: tfjs caps its pool at half the logical
 *     cores, which in Node is os.cpus()/2 = 1 on a 2-core machine;
 *  4. keeps the pool's workers from holding Node open (their threads never exit; kernels run
 *     synchronously on the main thread, so nothing is lost);
 *  5. trims emscripten's 8 pre-spawned workers to n (init ~500 ms → ~150 ms) and removes the
 *     process listeners the factory adds that rethrow every error with its 55 KB source line.
 * It relies on emscripten internals of the pinned tfjs 4.22.0 (PThread, instantiateWasm).
 */
type PThreadApi = {
  unusedWorkers: Worker[];
  runningWorkers: Worker[];
  allocateUnusedWorker: () => void;
};
type EmModule = {
  cwrap: (name: string, ret: string | null, args: string[]) => (...a: number[]) => number;
  PThread: PThreadApi;
  tfjs?: unknown;
};
type EmConfig = {
  locateFile: (path: string, prefix: string) => string;
  mainScriptUrlOrBlob: string;
  instantiateWasm: (
    imports: { env: Record<string, unknown> },
    receive: (instance: object, module: object) => void,
  ) => object;
  onAbort: (what: unknown) => void;
  PThread?: PThreadApi;
};

const MAX_THREADS = 8;

/** The WebAssembly global (typed here: its full types live in lib.dom, which we do not load). */
const WebAssemblyApi = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(
        bytes: Uint8Array,
        imports: object,
      ): Promise<{ instance: object; module: object }>;
    };
  }
).WebAssembly;

/**
 * Emscripten refs a worker while its pthread runs and XNNPACK's pool threads never exit, so
 * Node would never exit. Make ref() a no-op; emscripten itself unrefs each worker once it has
 * loaded the module (until then the pending load must keep the process alive).
 */
function neverRef(w: Worker): Worker {
  w.ref = () => {};
  return w;
}

function writeWorkerFile(wasmOut: string): string {
  const exported = nodeRequire(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  // The same newline escaping tfjs applies before it makes its Blob.
  const source = exported.wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'dl-tfjs-wasm-threads');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `tfjs-backend-wasm-threaded-simd.${hash}.worker.cjs`);
  if (!existsSync(path)) {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, source);
    renameSync(tmp, path); // atomic: concurrent processes (test forks) may race here
  }
  return path;
}

/** Removes the process listeners added since `before` was taken. */
function dropNewListeners(before: { ue: unknown[]; ur: unknown[] }): void {
  for (const l of process.listeners('uncaughtException')) {
    if (!before.ue.includes(l)) process.removeListener('uncaughtException', l);
  }
  for (const l of process.listeners('unhandledRejection')) {
    if (!before.ur.includes(l)) process.removeListener('unhandledRejection', l);
  }
}

/**
 * Replaces the 'wasm' backend factory with the threaded one, computing on `threads` threads
 * (main thread included, at most 8). Must run before 'wasm' is first initialised.
 */
export function registerThreadedWasmBackend(threads: number): number {
  const n = Math.max(1, Math.min(MAX_THREADS, Math.floor(threads)));
  const pkgDir = dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const wasmOut = join(pkgDir, 'wasm-out');
  const factoryPath = join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js');
  const wasmPath = join(wasmOut, 'tfjs-backend-wasm-threaded-simd.wasm');

  stockFactory ??= findBackendFactory('wasm');
  tfwasm.setThreadsCount(n);
  removeBackend('wasm');
  registerBackend(
    'wasm',
    async () => {
      const factory = nodeRequire(factoryPath) as (cfg: EmConfig) => Promise<EmModule>;
      const workerPath = writeWorkerFile(wasmOut);
      let fail!: (e: unknown) => void;
      const failed = new Promise<never>((_, reject) => {
        fail = reject;
      });
      const config: EmConfig = {
        locateFile: (p, prefix) =>
          p.endsWith('.worker.js') ? workerPath : p.endsWith('.wasm') ? wasmPath : prefix + p,
        mainScriptUrlOrBlob: factoryPath,
        instantiateWasm: (info, receiveInstance) => {
          info.env.emscripten_num_logical_cores = () => 2 * n;
          WebAssemblyApi.instantiate(readFileSync(wasmPath), info).then(({ instance, module }) => {
            const pt = config.PThread as PThreadApi;
            for (const w of pt.unusedWorkers.splice(n)) void w.terminate();
            pt.unusedWorkers.forEach(neverRef);
            const allocate = pt.allocateUnusedWorker;
            pt.allocateUnusedWorker = () => {
              allocate.call(pt);
              neverRef(pt.unusedWorkers[pt.unusedWorkers.length - 1]);
            };
            receiveInstance(instance, module);
          }, fail);
          return {};
        },
        onAbort: (what) => fail(new Error(`threaded wasm aborted: ${String(what)}`)),
      };
      const before = {
        ue: process.listeners('uncaughtException'),
        ur: process.listeners('unhandledRejection'),
      };
      const ready = factory(config);
      dropNewListeners(before);
      const mod = await Promise.race([ready, failed]);
      mod.tfjs = {
        init: mod.cwrap('init', null, []),
        initWithThreadsCount: mod.cwrap('init_with_threads_count', null, ['number']),
        getThreadsCount: mod.cwrap('get_threads_count', 'number', []),
        registerTensor: mod.cwrap('register_tensor', null, ['number', 'number', 'number']),
        disposeData: mod.cwrap('dispose_data', null, ['number']),
        dispose: mod.cwrap('dispose', null, []),
      };
      // biome-ignore lint/suspicious/noExplicitAny: the emscripten module BackendWasm expects
      const backend = new tfwasm.BackendWasm(mod as any); // starts the n−1 pool threads
      for (const w of mod.PThread.runningWorkers) {
        neverRef(w);
        w.unref();
      }
      return backend;
    },
    2,
  );
  return n;
}

let stockFactory: ReturnType<typeof findBackendFactory> | null = null;

/** Puts back tfjs's own single-threaded factory, e.g. after the threaded one failed to start. */
export function registerStockWasmBackend(): void {
  if (!stockFactory) return;
  removeBackend('wasm');
  tfwasm.setThreadsCount(1);
  registerBackend('wasm', stockFactory, 2);
}

/** Threads the initialised wasm backend computes on. */
export function wasmThreadsInUse(): number {
  return tfwasm.getThreadsCount();
}
