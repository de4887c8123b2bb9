import {
  type DataId,
  type DataType,
  getKernel,
  type KernelBackend,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * The parts of tfjs-backend-wasm's BackendWasm our kernels use. The class is not exported with
 * these members typed, so we describe them here; `asWasmBackend` checks them at run time.
 */
export interface WasmBackend extends KernelBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: DataId): { id: number; memoryOffset: number } };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: DataId, force?: boolean): boolean;
}

export function asWasmBackend(backend: unknown): WasmBackend {
  const b = backend as Partial<WasmBackend>;
  if (!b || typeof b.makeOutput !== 'function' || !b.wasm || !b.dataIdMap) {
    throw new Error('@dl/core wasm kernel called with a backend that is not tfjs-backend-wasm');
  }
  return b as WasmBackend;
}

/**
 * A Float32Array view of a tensor in the wasm heap. Views go stale when the heap grows (any
 * allocation may grow it), so take them after the last allocation and never keep them.
 */
export function f32View(backend: WasmBackend, t: TensorInfo): Float32Array {
  const { memoryOffset } = backend.dataIdMap.get(t.dataId);
  return new Float32Array(backend.wasm.HEAPU8.buffer, memoryOffset, sizeOf(t.shape));
}

/** A view of a tensor in the wasm heap typed by its dtype (int32, bool as bytes, else float32). */
export function heapView(
  backend: WasmBackend,
  t: TensorInfo,
): Float32Array | Int32Array | Uint8Array {
  if (t.dtype === 'int32') return i32View(backend, t);
  if (t.dtype === 'bool') {
    return new Uint8Array(backend.wasm.HEAPU8.buffer, addressOf(backend, t), sizeOf(t.shape));
  }
  return f32View(backend, t);
}

/** A tensor's byte address in the wasm heap, `floatOffset` 4-byte elements in. */
export function addressOf(backend: WasmBackend, t: TensorInfo, floatOffset = 0): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset + 4 * floatOffset;
}

export function i32View(backend: WasmBackend, t: TensorInfo): Int32Array {
  const { memoryOffset } = backend.dataIdMap.get(t.dataId);
  return new Int32Array(backend.wasm.HEAPU8.buffer, memoryOffset, sizeOf(t.shape));
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** What tfjs passes a kernel function. */
export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: NamedAttrMap;
}

type WasmKernelFunc = (args: {
  inputs: Record<string, TensorInfo>;
  backend: WasmBackend;
  attrs?: NamedAttrMap;
}) => TensorInfo;

/**
 * The stock wasm implementation of a kernel, captured before we override any: our kernels are
 * built from stock ones (Transpose, Reshape, BatchMatMul's fast XNNPACK path).
 */
const stock = new Map<string, WasmKernelFunc>();

export function captureStockKernel(name: string): WasmKernelFunc | undefined {
  if (!stock.has(name)) {
    const config = getKernel(name, 'wasm');
    if (!config) return undefined;
    stock.set(name, config.kernelFunc as unknown as WasmKernelFunc);
  }
  return stock.get(name);
}

export function runStock(
  name: string,
  backend: WasmBackend,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const fn = captureStockKernel(name);
  if (!fn) throw new Error(`tfjs-backend-wasm has no '${name}' kernel`);
  return fn({ inputs, backend, attrs });
}

/** Transposes the last two axes of a tensor of rank ≥ 2 into a new wasm tensor. */
export function transposeLast2(backend: WasmBackend, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return runStock('Transpose', backend, { x }, { perm });
}

export function reshape(backend: WasmBackend, x: TensorInfo, shape: number[]): TensorInfo {
  return runStock('Reshape', backend, { x }, { shape });
}

export function dispose(backend: WasmBackend, ...ts: TensorInfo[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}
