import type { WasmBackend } from '../heap';
import { assembleModule, type KernelFunction } from './assembler';

type WasmApi = {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};
type WasmModuleMemory = { wasmMemory?: object; asm?: { memory?: object } };

const cache = new WeakMap<object, Map<string, Record<string, unknown> | null>>();

/**
 * Our kernels `functions`, assembled into a module that imports the tfjs wasm module's own
 * memory (so they read and write tensors in place), instantiated once per backend and `key`.
 * Null when that memory cannot be found (callers then take a stock or JavaScript path).
 */
export function instantiateOnBackend(
  backend: WasmBackend,
  key: string,
  functions: KernelFunction[],
): Record<string, unknown> | null {
  let byKey = cache.get(backend);
  if (!byKey) {
    byKey = new Map();
    cache.set(backend, byKey);
  }
  if (!byKey.has(key)) {
    const mod = backend.wasm as unknown as WasmModuleMemory;
    const memory = mod.wasmMemory ?? mod.asm?.memory ?? null;
    let exports: Record<string, unknown> | null = null;
    if (memory) {
      const shared = backend.wasm.HEAPU8.buffer instanceof SharedArrayBuffer;
      const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
      const module = new WA.Module(assembleModule(functions, shared));
      exports = new WA.Instance(module, { env: { memory } }).exports;
    }
    byKey.set(key, exports);
  }
  return byKey.get(key)!;
}
