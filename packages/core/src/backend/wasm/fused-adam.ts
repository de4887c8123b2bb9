import {
  AdamOptimizer,
  engine,
  getBackend,
  type NamedTensorMap,
  type Tensor,
  type TensorInfo,
  tidy,
  type Variable,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { addressOf, f32View, type WasmBackend } from './heap';
import { type AdamKernel, adamFunction } from './simd/adam-kernel';
import { instantiateOnBackend } from './simd/instantiate';

/**
 * Adam's update as one SIMD pass per variable on wasm.
 *
 * Stock tfjs runs Adam as 14 element-wise ops per variable, each reading and writing whole
 * tensors: for the seed plate model's 1.6M-parameter Dense kernel that is ~21 ms a step on this
 * memory-bound machine, a third of the step. Our kernel (simd/adam-kernel.ts) shares the tfjs
 * module's memory, updates m and v in place and writes the new weights to a fresh buffer —
 * fresh, so that XNNPACK's packed-weight cache, keyed by tensor id, never sees stale weights.
 * Same state variables (names, getWeights/setWeights, serialisation) as tfjs's AdamOptimizer;
 * other backends and anything unusual (non-float32, data not on wasm) take the stock path.
 */
interface AdamInternals {
  accumulatedFirstMoment: { originalName: string; variable: Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: Variable }[];
  accBeta1: Variable;
  accBeta2: Variable;
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  incrementIterations(): void;
}

type Gradients = { name: string; tensor: Tensor }[] | NamedTensorMap;

let stockApply: ((this: AdamOptimizer, g: Gradients) => void) | null = null;

export function installFusedAdam(): void {
  if (stockApply) return;
  stockApply = AdamOptimizer.prototype.applyGradients as unknown as typeof stockApply;
  const patched = function (this: AdamOptimizer, g: Gradients) {
    if (getBackend() !== 'wasm' || !fusedApply(this as unknown as AdamInternals, g)) {
      stockApply!.call(this, g);
    }
  };
  AdamOptimizer.prototype.applyGradients = patched as AdamOptimizer['applyGradients'];
}

/** The kernel bound to this backend's memory, or null if the memory cannot be found. */
function kernelFor(backend: WasmBackend): AdamKernel | null {
  return (instantiateOnBackend(backend, 'adam', [adamFunction])?.adam as AdamKernel) ?? null;
}

function onWasm(backend: WasmBackend, t: Tensor): boolean {
  return (
    t.dtype === 'float32' && (backend.dataIdMap as unknown as Map<object, unknown>).has(t.dataId)
  );
}

/** Returns false, having changed nothing, when the stock path must be used instead. */
function fusedApply(opt: AdamInternals, grads: Gradients): boolean {
  const backend = engine().backend as unknown as WasmBackend;
  const kernel = kernelFor(backend);
  if (!kernel) return false;
  const names = Array.isArray(grads) ? grads.map((v) => v.name) : Object.keys(grads);
  const values = names.map((n) => engine().registeredVariables[n]);
  const gradients = names.map((n, i) =>
    Array.isArray(grads) ? grads[i].tensor : (grads as NamedTensorMap)[n],
  );
  for (let i = 0; i < names.length; i++) {
    if (!values[i] || !onWasm(backend, values[i])) return false;
    if (gradients[i] && !onWasm(backend, gradients[i])) return false;
  }

  const { beta1, beta2, epsilon, learningRate } = opt;
  const c1 = 1 - opt.accBeta1.dataSync()[0];
  const c2 = 1 - opt.accBeta2.dataSync()[0];
  const lrT = (learningRate * Math.sqrt(c2)) / c1;
  const epsT = epsilon * Math.sqrt(c2);

  names.forEach((name, i) => {
    const value = values[i];
    opt.accumulatedFirstMoment[i] ??= {
      originalName: `${name}/m`,
      variable: tidy(() => zerosLike(value).variable(false)),
    };
    opt.accumulatedSecondMoment[i] ??= {
      originalName: `${name}/v`,
      variable: tidy(() => zerosLike(value).variable(false)),
    };
    const gradient = gradients[i];
    if (gradient == null) return;
    const m = ownBuffer(backend, opt.accumulatedFirstMoment[i].variable);
    const v = ownBuffer(backend, opt.accumulatedSecondMoment[i].variable);
    const next = backend.makeOutput(value.shape, 'float32');
    const size = value.size;
    const simd = size - (size % 4);
    const ptr = (t: TensorInfo) => addressOf(backend, t);
    kernel(
      simd,
      ptr(value),
      ptr(gradient),
      ptr(m),
      ptr(v),
      ptr(next),
      beta1,
      1 - beta1,
      beta2,
      1 - beta2,
      lrT,
      epsT,
    );
    if (simd < size) {
      // The < 4 trailing elements, same formula (views taken after the last allocation).
      const [mv, vv, wv, gv, out] = [m, v, value, gradient, next].map((t) => f32View(backend, t));
      for (let j = simd; j < size; j++) {
        mv[j] = beta1 * mv[j] + (1 - beta1) * gv[j];
        vv[j] = beta2 * vv[j] + (1 - beta2) * gv[j] * gv[j];
        out[j] = wv[j] - (lrT * mv[j]) / (Math.sqrt(vv[j]) + epsT);
      }
    }
    const t = engine().makeTensorFromTensorInfo(next);
    value.assign(t);
    t.dispose();
  });
  tidy(() => {
    opt.accBeta1.assign(opt.accBeta1.mul(beta1));
    opt.accBeta2.assign(opt.accBeta2.mul(beta2));
  });
  opt.incrementIterations();
  return true;
}

/**
 * A moment variable's buffer, safe to update in place: if its data is shared (e.g. after
 * setWeights from a caller's tensor), give the variable a private copy first.
 */
function ownBuffer(backend: WasmBackend, variable: Variable): TensorInfo {
  const refs = (backend as unknown as { refCount(d: object): number }).refCount(variable.dataId);
  if (refs > 1) {
    const copy = tidy(() => variable.clone());
    variable.assign(copy);
    copy.dispose();
  }
  return { dataId: variable.dataId, shape: variable.shape, dtype: variable.dtype };
}
