import { backend_util, slice_util, type TensorInfo, util } from '@tensorflow/tfjs-core';
import {
  asWasmBackend,
  heapView,
  type KernelArgs,
  runStock,
  sizeOf,
  type WasmBackend,
} from './heap';

/**
 * Slice by copying from a view of the input. Stock wasm first copies the whole input out of the
 * heap (readSync) and then slices that copy, so every slice costs as much as its input: 0.7 ms
 * to take 20 rows of a [400, 800] tensor, 15 ms to split it into 20 time steps — the inner loop
 * of every recurrent network. SplitV (tf.split) and Unpack (tf.unstack) below slice the same way.
 */
function slice(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { x } = args.inputs;
  if (x.dtype === 'string' || x.dtype === 'complex64') {
    return runStock('Slice', backend, args.inputs, args.attrs);
  }
  const [begin, size] = slice_util.parseSliceParams(
    x as never,
    args.attrs?.begin as number[],
    args.attrs?.size as number[],
  );
  return sliceFromView(backend, x, begin, size);
}

function sliceFromView(
  backend: WasmBackend,
  x: TensorInfo,
  begin: number[],
  size: number[],
): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const n = sizeOf(size);
  if (n === 0) return out;
  // Views after the last allocation (makeOutput may grow the heap).
  const src = heapView(backend, x);
  const dst = heapView(backend, out);
  const rank = x.shape.length;
  if (rank === 0) {
    dst[0] = src[0];
    return out;
  }
  const strides = new Array<number>(rank);
  for (let d = rank - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= x.shape[d];
  }
  if (slice_util.isSliceContinous(x.shape, begin, size)) {
    const at = slice_util.computeFlatOffset(begin, strides);
    dst.set(src.subarray(at, at + n));
    return out;
  }
  // Row by row: the innermost axis is contiguous in both.
  const inner = size[rank - 1];
  let outAt = 0;
  const copy = (dim: number, inAt: number): void => {
    const from = inAt + begin[dim] * strides[dim];
    if (dim === rank - 1) {
      dst.set(src.subarray(from, from + inner), outAt);
      outAt += inner;
      return;
    }
    for (let i = 0; i < size[dim]; i++) copy(dim + 1, from + i * strides[dim]);
  };
  copy(0, 0);
  return out;
}

/** SplitV (tf.split) as slices from a view; stock calls its own copying slice. */
function splitV(args: KernelArgs): TensorInfo[] {
  const backend = asWasmBackend(args.backend);
  const { x } = args.inputs;
  if (x.dtype === 'string' || x.dtype === 'complex64') {
    return runStock('SplitV', backend, args.inputs, args.attrs) as unknown as TensorInfo[];
  }
  const axis = util.parseAxisParam(args.attrs?.axis as number, x.shape)[0];
  const sizes = backend_util.prepareSplitSize(
    x as never,
    args.attrs?.numOrSizeSplits as number | number[],
    axis,
  );
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const piece = sliceFromView(backend, x, [...begin], size);
    begin[axis] += s;
    return piece;
  });
}

/** Unpack (tf.unstack) as slices from a view, each reshaped without its axis. */
function unpack(args: KernelArgs): TensorInfo[] {
  const backend = asWasmBackend(args.backend);
  const x = args.inputs.value;
  if (x.dtype === 'string' || x.dtype === 'complex64') {
    return runStock('Unpack', backend, args.inputs, args.attrs) as unknown as TensorInfo[];
  }
  const rank = x.shape.length;
  const axis = ((args.attrs?.axis as number) + rank) % rank;
  const outShape = x.shape.filter((_, i) => i !== axis);
  const begin = new Array<number>(rank).fill(0);
  const size = [...x.shape];
  size[axis] = 1;
  return Array.from({ length: x.shape[axis] }, (_, i) => {
    begin[axis] = i;
    const { dataId, dtype } = sliceFromView(backend, x, [...begin], size);
    return { dataId, dtype, shape: outShape };
  });
}

export const sliceKernels = [
  { kernelName: 'Slice', kernelFunc: slice },
  { kernelName: 'SplitV', kernelFunc: splitV },
  { kernelName: 'Unpack', kernelFunc: unpack },
] as const;
