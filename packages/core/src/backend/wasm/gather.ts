import { DlError } from '../../errors';
import { asWasmBackend, heapView, i32View, type KernelArgs, runStock, sizeOf } from './heap';

/**
 * GatherV2 (batchDims 0, any axis) as block copies: for each slice before the axis and each
 * index, the block after the axis (one element when the axis is the last). Stock wasm spends
 * 80–100 ns per output element (a per-index assertion closure, then a generic gather): 83 ms a
 * step for Kim's CNN-rand's embedding lookup at batch 50 × 70 tokens × 300 dimensions, 35 ms
 * for a sampled softmax's 1,024 columns of a [200, 10000] output kernel.
 */
function gatherV2(args: KernelArgs) {
  const backend = asWasmBackend(args.backend);
  const { x, indices } = args.inputs;
  const rank = x.shape.length;
  const axis = ((Number(args.attrs?.axis ?? 0) % rank) + rank) % rank;
  const batchDims = Number(args.attrs?.batchDims ?? 0);
  if (
    batchDims !== 0 ||
    (x.dtype !== 'float32' && x.dtype !== 'int32') ||
    indices.dtype !== 'int32'
  ) {
    return runStock('GatherV2', backend, args.inputs, args.attrs);
  }
  const dim = x.shape[axis];
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const count = sizeOf(indices.shape);
  const out = backend.makeOutput(
    [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)],
    x.dtype,
  );
  const ids = i32View(backend, indices);
  for (let i = 0; i < count; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < dim)) {
      backend.disposeData(out.dataId);
      throw new DlError(
        'INVALID_ARGUMENT',
        `GatherV2: the index value ${id} is not in [0, ${dim - 1}]`,
      );
    }
  }
  const src = heapView(backend, x);
  const dst = heapView(backend, out);
  for (let o = 0, d = 0; o < outer; o++) {
    const base = o * dim;
    if (inner === 1) {
      for (let i = 0; i < count; i++, d++) dst[d] = src[base + ids[i]];
    } else {
      for (let i = 0; i < count; i++, d += inner) {
        const from = (base + ids[i]) * inner;
        dst.set(src.subarray(from, from + inner), d);
      }
    }
  }
  return out;
}

export const gatherKernel = { kernelName: 'GatherV2', kernelFunc: gatherV2 } as const;
