import type { TensorInfo } from '@tensorflow/tfjs-core';
import { DlError } from '../../errors';
import { asWasmBackend, f32View, i32View, type KernelArgs, sizeOf } from './heap';

/**
 * UnsortedSegmentSum: out[s, …] = Σ x[i, …] over i with segmentIds[i] = s. tfjs builds the
 * gradient of Gather (so of every Embedding layer) from it. Ids outside [0, numSegments) are
 * dropped, as in TensorFlow.
 */
function unsortedSegmentSum(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { x, segmentIds } = args.inputs;
  const numSegments = Number(args.attrs?.numSegments);
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new DlError('KERNEL_UNSUPPORTED', `UnsortedSegmentSum on wasm: dtype ${x.dtype}`);
  }
  const idsRank = segmentIds.shape.length;
  const inner = sizeOf(x.shape.slice(idsRank));
  const rows = sizeOf(segmentIds.shape);
  const out = backend.makeOutput([numSegments, ...x.shape.slice(idsRank)], x.dtype);
  const view = x.dtype === 'float32' ? f32View : i32View;
  const o = view(backend, out);
  const xs = view(backend, x);
  const ids = i32View(backend, segmentIds);
  o.fill(0);
  for (let i = 0; i < rows; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) o[dst + j] += xs[src + j];
  }
  return out;
}

export const unsortedSegmentSumKernel = {
  kernelName: 'UnsortedSegmentSum',
  kernelFunc: unsortedSegmentSum,
} as const;
