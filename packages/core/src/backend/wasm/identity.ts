import type { TensorInfo } from '@tensorflow/tfjs-core';
import { asWasmBackend, type KernelArgs } from './heap';

/**
 * Identity shares the input's buffer (reference-counted, as Reshape does) instead of copying
 * it. tfjs clones every tensor it saves for the backward pass through Identity, so stock wasm
 * copied ~170 activations per training step of the speech model (4% of the step). Sharing is
 * safe because tensors are immutable: our only in-place writer, fused Adam, copies a buffer
 * whose reference count is above one before writing to it.
 */
function identity(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend) as ReturnType<typeof asWasmBackend> & {
    incRef(dataId: object): void;
  };
  const { x } = args.inputs;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityKernel = { kernelName: 'Identity', kernelFunc: identity } as const;
