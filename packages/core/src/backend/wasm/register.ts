import {
  getKernel,
  type KernelFunc,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { comparisonKernels } from './broadcast-compare';
import { conv2DBackpropFilterKernel } from './conv2d-backprop-filter';
import { conv2DBackpropInputKernel } from './conv2d-backprop-input';
import { depthwiseBackpropKernels } from './depthwise-backprop';
import { installFusedAdam } from './fused-adam';
import { gatherKernel } from './gather';
import { captureStockKernel } from './heap';
import { identityKernel } from './identity';
import { matMulKernels } from './matmul';
import { maxPoolGradKernel } from './max-pool-grad';
import { oneHotKernel } from './one-hot';
import { sliceKernels } from './slice';
import { sumKernel } from './sum';
import { tileKernel } from './tile';
import { unsortedSegmentSumKernel } from './unsorted-segment-sum';

/** Kernels @dl/core adds to or replaces in tfjs-backend-wasm, by name. */
export const WASM_TRAINING_KERNELS = [
  conv2DBackpropFilterKernel,
  conv2DBackpropInputKernel,
  ...depthwiseBackpropKernels,
  unsortedSegmentSumKernel,
  maxPoolGradKernel,
  tileKernel,
  ...sliceKernels,
  oneHotKernel,
  sumKernel,
  gatherKernel,
  ...comparisonKernels,
  ...matMulKernels,
  identityKernel,
] as const;

/** Stock kernels ours are built from; captured before any is replaced. */
const STOCK_DEPENDENCIES = [
  'BatchMatMul',
  '_FusedMatMul',
  'Conv2D',
  'Conv2DBackpropInput',
  'Transpose',
  'Reshape',
  'Reverse',
  'Slice',
  'SplitV',
  'Unpack',
  'OneHot',
  'Sum',
  'Add',
  'Tile',
  'GatherV2',
  'Equal',
  'NotEqual',
  'Greater',
  'GreaterEqual',
  'Less',
  'LessEqual',
];

let registered = false;

/**
 * Makes tfjs-backend-wasm training-complete and fast: registers the missing gradient kernels
 * and replaces the matrix products with ones that keep transposed products on XNNPACK, and
 * MaxPoolGrad, Conv2DBackpropInput, Tile, Slice/SplitV/Unpack, OneHot (float32), Sum over leading axes, GatherV2 and broadcast
 * comparisons with faster ones, and Identity with a buffer-sharing one; Adam updates run as one SIMD pass (fused-adam.ts).
 * Idempotent. Must run after `@tensorflow/tfjs-backend-wasm` is imported (which registers the
 * stock kernels) and works before or after the backend is initialised.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  for (const name of STOCK_DEPENDENCIES) {
    if (!captureStockKernel(name)) {
      throw new Error(`tfjs-backend-wasm is not loaded: stock kernel '${name}' is missing`);
    }
  }
  for (const k of WASM_TRAINING_KERNELS) {
    const existing = getKernel(k.kernelName, 'wasm');
    if (existing) unregisterKernel(k.kernelName, 'wasm');
    registerKernel({
      kernelName: k.kernelName,
      backendName: 'wasm',
      // Stock matmul kernels cwrap their wasm entry point in setupFunc; keep it.
      setupFunc: existing?.setupFunc,
      kernelFunc: k.kernelFunc as unknown as KernelFunc,
    });
  }
  installFusedAdam();
  registered = true;
}
