import type { TensorInfo } from '@tensorflow/tfjs-core';
import { asWasmBackend, f32View, i32View, type KernelArgs, runStock } from './heap';

/**
 * OneHot that honours its dtype. Stock wasm writes int32 values whatever the requested dtype, so
 * `tf.oneHot(ids, depth, 1, 0, 'float32')` comes out as the float32 reading of the int 1 bits
 * (1.4e-45, i.e. zeros). Float outputs are filled here from a view; int32 stays on stock.
 */
function oneHot(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { indices } = args.inputs;
  const attrs = args.attrs ?? {};
  if (attrs.dtype !== 'float32') return runStock('OneHot', backend, args.inputs, attrs);
  const depth = attrs.depth as number;
  const out = backend.makeOutput([...indices.shape, depth], 'float32');
  const dst = f32View(backend, out);
  const ids = i32View(backend, indices);
  dst.fill(attrs.offValue as number);
  const on = attrs.onValue as number;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id >= 0 && id < depth) dst[i * depth + id] = on;
  }
  return out;
}

export const oneHotKernel = { kernelName: 'OneHot', kernelFunc: oneHot } as const;
