import { DlError } from '../../errors';
import {
  asWasmBackend,
  i32View,
  type KernelArgs,
  runStock,
  sizeOf,
  type WasmBackend,
} from './heap';

function typedView(backend: WasmBackend, dataId: object, dtype: string, n: number) {
  const { memoryOffset } = backend.dataIdMap.get(dataId);
  const buffer = backend.wasm.HEAPU8.buffer;
  return dtype === 'int32'
    ? new Int32Array(buffer, memoryOffset, n)
    : new Float32Array(buffer, memoryOffset, n);
}

/**
 * GatherV2 along axis 0 (every embedding lookup) as one row copy per index. Stock wasm spends
 * 80–100 ns per output element here (a per-index assertion closure, then a generic gather):
 * 83 ms a step for Kim's CNN-rand at batch 50 × 70 tokens × 300 dimensions, the whole
 * inference time of the TextCNN seed model. Other axes and batch dims take the stock path.
 */
function gatherV2(args: KernelArgs) {
  const backend = asWasmBackend(args.backend);
  const { x, indices } = args.inputs;
  const axis = Number(args.attrs?.axis ?? 0);
  const batchDims = Number(args.attrs?.batchDims ?? 0);
  if (
    (axis !== 0 && axis !== -x.shape.length) ||
    batchDims !== 0 ||
    (x.dtype !== 'float32' && x.dtype !== 'int32') ||
    indices.dtype !== 'int32'
  ) {
    return runStock('GatherV2', backend, args.inputs, args.attrs);
  }
  const rows = x.shape[0];
  const row = sizeOf(x.shape.slice(1));
  const count = sizeOf(indices.shape);
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  const ids = i32View(backend, indices);
  const src = typedView(backend, x.dataId, x.dtype, sizeOf(x.shape));
  const dst = typedView(backend, out.dataId, x.dtype, count * row);
  for (let i = 0; i < count; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < rows)) {
      backend.disposeData(out.dataId);
      throw new DlError(
        'INVALID_ARGUMENT',
        `GatherV2: the index value ${id} is not in [0, ${rows - 1}]`,
      );
    }
    dst.set(src.subarray(id * row, (id + 1) * row), i * row);
  }
  return out;
}

export const gatherKernel = { kernelName: 'GatherV2', kernelFunc: gatherV2 } as const;
