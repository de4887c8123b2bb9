import { F32, forLoop, I32, type KernelFunction, op, V128 } from './assembler';

/**
 * SGD with global-norm clipping in two SIMD passes (clipped-sgd.ts), 4 lanes at a time:
 *   sumSquares: out[0…3] = lane-wise Σ x²  over nBytes of x      (the norm's pass: reads x once)
 *   axpy:       out = w + alpha·g                                (the update: one pass)
 * where stock tfjs spends Square, Sum and Mul on the clip and Mul and Add on the update, each a
 * whole-tensor pass. Pointers and lengths are in bytes (multiples of 16).
 */
const S = { nBytes: 0, x: 1, out: 2, i: 3, acc: 4, v: 5 };

export const sumSquaresFunction: KernelFunction = {
  name: 'sumSquares',
  params: [I32, I32, I32],
  locals: [
    [1, I32],
    [2, V128],
  ],
  body: [
    op.i32Const(0),
    op.i32x4Splat,
    op.localSet(S.acc),
    op.i32Const(0),
    op.localSet(S.i),
    ...forLoop(S.i, S.nBytes, 16, [
      op.localGet(S.x),
      op.localGet(S.i),
      op.i32Add,
      op.v128Load,
      op.localTee(S.v),
      op.localGet(S.v),
      op.f32x4Mul,
      op.localGet(S.acc),
      op.f32x4Add,
      op.localSet(S.acc),
    ]),
    op.localGet(S.out),
    op.localGet(S.acc),
    op.v128Store,
  ],
};

const A = { nBytes: 0, w: 1, g: 2, out: 3, alpha: 4, i: 5, alphaV: 6 };
const at = (ptr: number) => [op.localGet(ptr), op.localGet(A.i), op.i32Add];

export const axpyFunction: KernelFunction = {
  name: 'axpy',
  params: [I32, I32, I32, I32, F32],
  locals: [
    [1, I32],
    [1, V128],
  ],
  body: [
    op.localGet(A.alpha),
    op.f32x4Splat,
    op.localSet(A.alphaV),
    op.i32Const(0),
    op.localSet(A.i),
    ...forLoop(A.i, A.nBytes, 16, [
      ...at(A.out),
      ...at(A.w),
      op.v128Load,
      ...at(A.g),
      op.v128Load,
      op.localGet(A.alphaV),
      op.f32x4Mul,
      op.f32x4Add,
      op.v128Store,
    ]),
  ],
};

export type SumSquaresKernel = (nBytes: number, x: number, out: number) => void;
export type AxpyKernel = (nBytes: number, w: number, g: number, out: number, alpha: number) => void;
