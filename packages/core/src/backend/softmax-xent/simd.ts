import { forLoop, I32, type KernelFunction, op, toBytes, V128 } from '../wasm/simd/assembler';

/**
 * The memory-bound pass of softmax cross-entropy's backward (math.ts scaleRowsSumColumns), 4
 * lanes at a time, in the tfjs module's memory:
 *   for each row r:  p[r, j] ← w[r]·p[r, j];  colsum[j] += p[r, j]     (j < cols4)
 * one read and one write of the [rows, vocab] matrix; colsum (one vocab row) stays in cache.
 * Pointers are byte addresses; cols4Bytes is the whole-vector part of a row (⌊cols/4⌋·16),
 * rowBytes a row's stride (cols·4). The remaining columns are done in JavaScript.
 */
const P = { rows: 0, cols4Bytes: 1, rowBytes: 2, p: 3, w: 4, colsum: 5 };
const L = { r: 6, rEnd: 7, j: 8, row: 9, W: 10, D: 11 };

/** f32.load (align 4, offset 0): not among the shared assembler's instructions. */
const f32Load = [0x2a, 2, 0];

const rowAt = [op.localGet(L.row), op.localGet(L.j), op.i32Add];
const colAt = [op.localGet(P.colsum), op.localGet(L.j), op.i32Add];

export const scaleRowsFunction: KernelFunction = {
  name: 'scaleRowsSumColumns',
  params: [I32, I32, I32, I32, I32, I32],
  locals: [
    [4, I32],
    [2, V128],
  ],
  body: [
    op.localGet(P.p),
    op.localSet(L.row),
    op.i32Const(0),
    op.localSet(L.r),
    ...toBytes(P.rows, L.rEnd),
    // r walks the weights in bytes; row is the row's byte address.
    ...forLoop(L.r, L.rEnd, 4, [
      op.localGet(P.w),
      op.localGet(L.r),
      op.i32Add,
      f32Load,
      op.f32x4Splat,
      op.localSet(L.W),
      op.i32Const(0),
      op.localSet(L.j),
      ...forLoop(L.j, P.cols4Bytes, 16, [
        // D = p[r, j…j+3]·W, stored back
        ...rowAt,
        ...rowAt,
        op.v128Load,
        op.localGet(L.W),
        op.f32x4Mul,
        op.localTee(L.D),
        op.v128Store,
        // colsum[j…j+3] += D
        ...colAt,
        ...colAt,
        op.v128Load,
        op.localGet(L.D),
        op.f32x4Add,
        op.v128Store,
      ]),
      op.localGet(L.row),
      op.localGet(P.rowBytes),
      op.i32Add,
      op.localSet(L.row),
    ]),
  ],
};

export type ScaleRowsKernel = (
  rows: number,
  cols4Bytes: number,
  rowBytes: number,
  p: number,
  w: number,
  colsum: number,
) => void;
