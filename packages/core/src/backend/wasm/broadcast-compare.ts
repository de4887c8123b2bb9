import type { TensorInfo } from '@tensorflow/tfjs-core';
import { asWasmBackend, dispose, type KernelArgs, reshape, runStock } from './heap';
import { tileKernel } from './tile';

/**
 * Comparisons with broadcasting. Stock wasm compares broadcast operands element by element
 * with index arithmetic (~200 ns an element): the max-over-time gradient's Equal(x, max) was a
 * quarter of a TextCNN training step. Tiling the smaller operand to the output shape (block
 * copies, see tile.ts) and comparing equal shapes is an order of magnitude faster.
 */
const COMPARISONS = ['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual'] as const;

function broadcastShape(a: number[], b: number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(Math.max(da, db));
  }
  return out;
}

function compareKernel(name: (typeof COMPARISONS)[number]) {
  return (args: KernelArgs) => {
    const backend = asWasmBackend(args.backend);
    const { a, b } = args.inputs;
    const same = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
    const outShape = same ? null : broadcastShape(a.shape, b.shape);
    if (!outShape || a.dtype === 'string') return runStock(name, backend, args.inputs, args.attrs);
    const expand = (t: TensorInfo): TensorInfo => {
      const padded = [...Array(outShape.length - t.shape.length).fill(1), ...t.shape];
      if (padded.every((d, i) => d === outShape[i])) return reshape(backend, t, outShape);
      const r = reshape(backend, t, padded);
      const tiled = tileKernel.kernelFunc({
        inputs: { x: r },
        backend,
        attrs: { reps: outShape.map((d, i) => d / padded[i]) },
      });
      dispose(backend, r);
      return tiled;
    };
    const ea = expand(a);
    const eb = expand(b);
    const out = runStock(name, backend, { a: ea, b: eb });
    dispose(backend, ea, eb);
    return out;
  };
}

export const comparisonKernels = COMPARISONS.map((name) => ({
  kernelName: name,
  kernelFunc: compareKernel(name),
}));
