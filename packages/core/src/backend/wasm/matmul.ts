import type { TensorInfo } from '@tensorflow/tfjs-core';
import {
  asWasmBackend,
  dispose,
  type KernelArgs,
  reshape,
  runStock,
  sizeOf,
  transposeLast2,
} from './heap';

/**
 * Matrix products on the fast path.
 *
 * Stock tfjs-backend-wasm sends a product to XNNPACK only when neither operand is transposed
 * and both have batch 1; everything else goes to a naive triple loop that is 10–20× slower
 * (and, with a batched left operand and an unbatched right one, reads past the right operand).
 * Training is full of transposed products: dW = xᵀ·dy and dx = dy·Wᵀ for every Dense layer.
 *
 * XNNPACK treats the right operand as weights: it repacks it (transposing, ~4× the cost of a
 * plain transpose here) whenever it sees a new tensor, and caches the packing per tensor. In
 * training every weight is a new tensor each step, so the packing matters as much as the
 * transposes. For C = op(A)·op(B) there are two ways onto the fast path:
 *   direct:  C  = op(A) · op(B)     — copy each transposed operand, pack op(B);
 *   swapped: Cᵀ = op(B)ᵀ · op(A)ᵀ   — copy each non-transposed operand, pack op(A)ᵀ, transpose C.
 * We pick the cheaper by elements moved. For the seed plate model's Dense(3200→512) at batch 32
 * this packs the 32-row activations instead of the 1.6M-element kernel in the forward pass, and
 * never transposes the kernel for dx = dy·Wᵀ.
 */
export type MatMulPlan = 'stock' | 'fold' | 'direct' | 'swapped';

/** Packing a right operand costs about this many plain element copies (measured, 2-core x64). */
const PACK_COST = 4;

export function planMatMul(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
  /** XNNPACK already holds a packing of B (it was the right operand of an earlier product). */
  bPacked = false,
): MatMulPlan {
  const batchA = sizeOf(aShape.slice(0, -2));
  const batchB = sizeOf(bShape.slice(0, -2));
  if (batchB !== 1) return transposeA || transposeB ? 'direct' : 'stock';
  if (batchA !== 1) {
    // [batch, M, K]·[K, N] is one [batch·M, K]·[K, N] product when A needs no transpose.
    return transposeA ? 'direct' : 'fold';
  }
  if (!transposeA && !transposeB && bPacked) return 'stock';
  const sizeA = sizeOf(aShape);
  const sizeB = sizeOf(bShape);
  const m = transposeA ? aShape[aShape.length - 1] : aShape[aShape.length - 2];
  const n = transposeB ? bShape[bShape.length - 2] : bShape[bShape.length - 1];
  const direct = (transposeA ? sizeA : 0) + (transposeB ? sizeB : 0) + PACK_COST * sizeB;
  const swapped = (transposeA ? 0 : sizeA) + (transposeB ? 0 : sizeB) + m * n + PACK_COST * sizeA;
  if (swapped < direct) return 'swapped';
  return transposeA || transposeB ? 'direct' : 'stock';
}

/** Right operands XNNPACK has packed and cached (its cache lives until the tensor is freed). */
const packed = new WeakSet<object>();
/**
 * Untransposed right operands seen before. A weight used a second time will likely be used
 * again (a recurrent kernel at every time step, any weight at inference): packing it once on the
 * stock path then beats transposing it for the swapped plan at every use — 1.3 ms → 0.3 ms for an
 * LSTM step's [20, 200]·[200, 800], 100 ms → 3 ms for a [1, 800]·[800, 10000] inference product.
 */
const seen = new WeakSet<object>();

function outputShape(a: TensorInfo, b: TensorInfo, tA: boolean, tB: boolean): number[] {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = tA ? a.shape[ra - 1] : a.shape[ra - 2];
  const n = tB ? b.shape[rb - 2] : b.shape[rb - 1];
  const outer = a.shape.length >= b.shape.length ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
  return [...outer, m, n];
}

function batchMatMul(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { a, b } = args.inputs;
  const transposeA = Boolean(args.attrs?.transposeA);
  const transposeB = Boolean(args.attrs?.transposeB);
  const reused = packed.has(b.dataId) || (!transposeA && !transposeB && seen.has(b.dataId));
  const plan = planMatMul(a.shape, b.shape, transposeA, transposeB, reused);
  if (!transposeA && !transposeB) seen.add(b.dataId);
  const attrs = { transposeA: false, transposeB: false };
  if (plan === 'stock') {
    if (!transposeA && !transposeB) packed.add(b.dataId);
    return runStock('BatchMatMul', backend, { a, b }, { transposeA, transposeB });
  }
  const outShape = outputShape(a, b, transposeA, transposeB);

  if (plan === 'fold') {
    const k = a.shape[a.shape.length - 1];
    const a2 = reshape(backend, a, [1, sizeOf(a.shape) / k, k]);
    const c = runStock('BatchMatMul', backend, { a: a2, b }, attrs);
    const out = reshape(backend, c, outShape);
    dispose(backend, a2, c);
    return out;
  }

  if (plan === 'direct') {
    const a2 = transposeA ? transposeLast2(backend, a) : a;
    const b2 = transposeB ? transposeLast2(backend, b) : b;
    const c = runStock('BatchMatMul', backend, { a: a2, b: b2 }, attrs);
    if (a2 !== a) dispose(backend, a2);
    if (b2 !== b) dispose(backend, b2);
    const out = reshape(backend, c, outShape);
    dispose(backend, c);
    return out;
  }

  // swapped: Cᵀ = op(B)ᵀ · op(A)ᵀ, then one transpose of the (small) result.
  const bT = transposeB ? b : transposeLast2(backend, b);
  const aT = transposeA ? a : transposeLast2(backend, a);
  const cT = runStock('BatchMatMul', backend, { a: bT, b: aT }, attrs);
  const c = transposeLast2(backend, cT);
  const out = reshape(backend, c, outShape);
  if (bT !== b) dispose(backend, bT);
  if (aT !== a) dispose(backend, aT);
  dispose(backend, cT, c);
  return out;
}

/**
 * _FusedMatMul (matmul + bias + activation) with transposes materialised first, so the fused
 * XNNPACK path applies. Layers' forward passes are untransposed; this matters for gradients of
 * models that fuse.
 */
function fusedMatMul(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const attrs = { ...(args.attrs ?? {}) };
  const { a, b, ...rest } = args.inputs;
  if (!attrs.transposeA && !attrs.transposeB) {
    return runStock('_FusedMatMul', backend, args.inputs, attrs);
  }
  const a2 = attrs.transposeA ? transposeLast2(backend, a) : a;
  const b2 = attrs.transposeB ? transposeLast2(backend, b) : b;
  const out = runStock(
    '_FusedMatMul',
    backend,
    { a: a2, b: b2, ...rest },
    { ...attrs, transposeA: false, transposeB: false },
  );
  if (a2 !== a) dispose(backend, a2);
  if (b2 !== b) dispose(backend, b2);
  return out;
}

export const matMulKernels = [
  { kernelName: 'BatchMatMul', kernelFunc: batchMatMul },
  { kernelName: '_FusedMatMul', kernelFunc: fusedMatMul },
] as const;
