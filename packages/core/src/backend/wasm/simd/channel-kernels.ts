import { forLoop, I32, type KernelFunction, op, toBytes, V128 } from './assembler';

/**
 * SIMD passes over channels-last data (`rows × C` float32, C a multiple of 4) with per-channel
 * vectors (C floats): the passes of a fused batch normalisation (batch-norm/wasm.ts), 4 lanes
 * at a time. Each is one flat loop over the data; the channel offset wraps at the end of a row.
 *
 * Every function takes (n, C, ...pointers): n floats of data, C channels, byte addresses.
 */
const N = 0;
const C = 1;
const ptr = (k: number) => 2 + k;

function channelLoop(
  name: string,
  pointers: number,
  body: (L: { i: number; ch: number; t: number }) => (readonly number[])[],
): KernelFunction {
  const first = 2 + pointers;
  const L = { i: first, end: first + 1, ch: first + 2, rowBytes: first + 3, t: first + 4 };
  return {
    name,
    params: Array(2 + pointers).fill(I32),
    locals: [
      [4, I32],
      [1, V128],
    ],
    body: [
      ...toBytes(N, L.end),
      ...toBytes(C, L.rowBytes),
      ...forLoop(L.i, L.end, 16, [
        ...body(L),
        // ch = ch + 16 == rowBytes ? 0 : ch + 16
        op.localGet(L.ch),
        op.i32Const(16),
        op.i32Add,
        op.localSet(L.ch),
        op.i32Const(0),
        op.localGet(L.ch),
        op.localGet(L.ch),
        op.localGet(L.rowBytes),
        op.i32Eq,
        op.select,
        op.localSet(L.ch),
      ]),
    ],
  };
}

/** Address of pointer k's element at byte offset `offset` (a local). */
const addr = (k: number, offset: number) => [op.localGet(ptr(k)), op.localGet(offset), op.i32Add];
const load = (k: number, offset: number) => [...addr(k, offset), op.v128Load];

/** acc[c] += x  — (n, C, x, acc) */
export const columnSum = channelLoop('columnSum', 2, ({ i, ch }) => [
  ...addr(1, ch),
  ...load(1, ch),
  ...load(0, i),
  op.f32x4Add,
  op.v128Store,
]);

/** acc[c] += (x − mean[c])²  — (n, C, x, mean, acc) */
export const columnSquaredDeviation = channelLoop('columnSquaredDeviation', 3, ({ i, ch, t }) => [
  ...addr(2, ch),
  ...load(2, ch),
  ...load(0, i),
  ...load(1, ch),
  op.f32x4Sub,
  op.localTee(t),
  op.localGet(t),
  op.f32x4Mul,
  op.f32x4Add,
  op.v128Store,
]);

/** y = x·scale[c] + shift[c]  — (n, C, x, scale, shift, y) */
export const channelAffine = channelLoop('channelAffine', 4, ({ i, ch }) => [
  ...addr(3, i),
  ...load(0, i),
  ...load(1, ch),
  op.f32x4Mul,
  ...load(2, ch),
  op.f32x4Add,
  op.v128Store,
]);

/** accDy[c] += dy;  accDyDev[c] += dy·(x − mean[c])  — (n, C, dy, x, mean, accDy, accDyDev) */
export const columnGradientSums = channelLoop('columnGradientSums', 5, ({ i, ch, t }) => [
  ...load(0, i),
  op.localSet(t),
  ...addr(3, ch),
  ...load(3, ch),
  op.localGet(t),
  op.f32x4Add,
  op.v128Store,
  ...addr(4, ch),
  ...load(4, ch),
  op.localGet(t),
  ...load(1, i),
  ...load(2, ch),
  op.f32x4Sub,
  op.f32x4Mul,
  op.f32x4Add,
  op.v128Store,
]);

/** dx = a[c]·dy + b[c]·x + k[c]  — (n, C, dy, x, a, b, k, dx) */
export const channelAffine2 = channelLoop('channelAffine2', 6, ({ i, ch }) => [
  ...addr(5, i),
  ...load(2, ch),
  ...load(0, i),
  op.f32x4Mul,
  ...load(3, ch),
  ...load(1, i),
  op.f32x4Mul,
  op.f32x4Add,
  ...load(4, ch),
  op.f32x4Add,
  op.v128Store,
]);

export const CHANNEL_KERNELS = [
  columnSum,
  columnSquaredDeviation,
  channelAffine,
  columnGradientSums,
  channelAffine2,
];

type Pass = (n: number, c: number, ...pointers: number[]) => void;
export interface ChannelKernels {
  columnSum: Pass;
  columnSquaredDeviation: Pass;
  channelAffine: Pass;
  columnGradientSums: Pass;
  channelAffine2: Pass;
}
