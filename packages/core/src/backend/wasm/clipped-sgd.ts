import {
  engine,
  getBackend,
  type NamedTensorMap,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { addressOf, f32View, type WasmBackend } from './heap';
import { instantiateOnBackend } from './simd/instantiate';
import {
  type AxpyKernel,
  axpyFunction,
  type SumSquaresKernel,
  sumSquaresFunction,
} from './simd/sgd-kernel';

type Kernels = { sumSquares: SumSquaresKernel; axpy: AxpyKernel };

function kernelsFor(backend: WasmBackend): Kernels | null {
  const e = instantiateOnBackend(backend, 'clipped-sgd', [sumSquaresFunction, axpyFunction]);
  return e ? (e as unknown as Kernels) : null;
}

const onWasm = (backend: WasmBackend, t: Tensor) =>
  t.dtype === 'float32' && (backend.dataIdMap as unknown as Map<object, unknown>).has(t.dataId);

/** Σ x² of one tensor: SIMD lanes, then the < 4 trailing elements; summed in float64. */
function sumOfSquares(backend: WasmBackend, k: Kernels, x: Tensor, scratch: TensorInfo): number {
  const size = x.size;
  const simd = size - (size % 4);
  k.sumSquares(4 * simd, addressOf(backend, x), addressOf(backend, scratch));
  const lanes = f32View(backend, scratch);
  let s = lanes[0] + lanes[1] + lanes[2] + lanes[3];
  if (simd < size) {
    const v = f32View(backend, x);
    for (let j = simd; j < size; j++) s += v[j] * v[j];
  }
  return s;
}

/**
 * One SGD step with gradients clipped to global L2 norm `clipNorm` (0: none) — what core's
 * clipByGlobalNorm followed by tfjs's SGDOptimizer does — in two SIMD passes on wasm: the norm
 * (one read of every gradient) and w ← w − lr·scale·g into a fresh buffer (fresh, so XNNPACK's
 * packed-weight cache never sees stale weights), scale = clipNorm / max(norm, clipNorm).
 * Returns false, having changed nothing, when the stock path must be used (another backend,
 * a tensor not on wasm, non-float32). Returns true and the norm otherwise.
 */
export function clippedSgdStep(
  grads: NamedTensorMap,
  learningRate: number,
  clipNorm: number,
): { norm: number } | false {
  if (getBackend() !== 'wasm') return false;
  const backend = engine().backend as unknown as WasmBackend;
  const k = kernelsFor(backend);
  if (!k) return false;
  const names = Object.keys(grads).filter((n) => grads[n] != null);
  const values = names.map((n) => engine().registeredVariables[n]);
  for (let i = 0; i < names.length; i++) {
    if (!values[i] || !onWasm(backend, values[i]) || !onWasm(backend, grads[names[i]])) {
      return false;
    }
  }
  let norm = 0;
  if (clipNorm > 0) {
    const scratch = backend.makeOutput([4], 'float32');
    let sq = 0;
    for (const n of names) sq += sumOfSquares(backend, k, grads[n], scratch);
    backend.disposeData(scratch.dataId);
    norm = Math.sqrt(sq);
  }
  const scale = clipNorm > 0 ? clipNorm / Math.max(norm, clipNorm) : 1;
  const alpha = -learningRate * scale;
  names.forEach((name, i) => {
    const value = values[i];
    const gradient = grads[name];
    const next = backend.makeOutput(value.shape, 'float32');
    const size = value.size;
    const simd = size - (size % 4);
    k.axpy(
      4 * simd,
      addressOf(backend, value),
      addressOf(backend, gradient),
      addressOf(backend, next),
      alpha,
    );
    if (simd < size) {
      const [w, g, out] = [value, gradient, next].map((t) => f32View(backend, t));
      for (let j = simd; j < size; j++) out[j] = w[j] + alpha * g[j];
    }
    const t = engine().makeTensorFromTensorInfo(next);
    value.assign(t);
    t.dispose();
  });
  return { norm };
}
