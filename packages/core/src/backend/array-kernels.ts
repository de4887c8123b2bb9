import {
  getKernel,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  registerKernel,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { DlError } from '../errors';
import { f32View, sizeOf, type WasmBackend } from './wasm/heap';

/**
 * Kernels written as loops over Float32Arrays, for the backends whose tensors JavaScript can
 * see without a copy: wasm (views into the module's heap) and cpu (the backend's own arrays).
 * Used where one pass replaces many tfjs ops (fused batch norm, the LSTM cell).
 */
export const ARRAY_KERNEL_BACKENDS = ['wasm', 'cpu'] as const;

export type ArrayKernelArgs = {
  inputs: Record<string, TensorInfo>;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
};

export function isWasm(backend: KernelBackend): backend is KernelBackend & WasmBackend {
  return 'wasm' in backend && 'dataIdMap' in backend;
}

/**
 * Runs `compute` on Float32Array views of the inputs and fresh outputs of the given shapes.
 * wasm: views straight into the module's heap, taken after every output is allocated (an
 * allocation may grow the heap and detach earlier views). cpu: the backend's own arrays.
 */
export function runOnArrays(
  what: string,
  backend: KernelBackend,
  inputs: TensorInfo[],
  outShapes: number[][],
  compute: (ins: Float32Array[], outs: Float32Array[]) => void,
): TensorInfo[] {
  for (const t of inputs) {
    if (t.dtype !== 'float32') {
      throw new DlError('KERNEL_UNSUPPORTED', `${what} kernel: dtype ${t.dtype}, not float32`);
    }
  }
  if (isWasm(backend)) {
    const outs = outShapes.map((s) => backend.makeOutput(s, 'float32'));
    compute(
      inputs.map((t) => f32View(backend, t)),
      outs.map((t) => f32View(backend, t)),
    );
    return outs;
  }
  const cpu = backend as KernelBackend & {
    makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  };
  const ins = inputs.map((t) => cpu.readSync(t.dataId) as Float32Array);
  const outs = outShapes.map((s) => new Float32Array(sizeOf(s)));
  compute(ins, outs);
  return outs.map((values, i) => cpu.makeTensorInfo(outShapes[i], 'float32', values));
}

/** Registers `kernelFunc` as `kernelName` on wasm and cpu, where not registered yet. */
export function registerArrayKernel(
  kernelName: string,
  kernelFunc: (args: ArrayKernelArgs) => TensorInfo[],
): void {
  for (const backendName of ARRAY_KERNEL_BACKENDS) {
    if (!getKernel(kernelName, backendName)) {
      registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc });
    }
  }
}
