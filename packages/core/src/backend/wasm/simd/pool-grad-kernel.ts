import { forLoop, I32, type KernelFunction, op, toBytes, V128 } from './assembler';

/**
 * The gradient of one max-pooling window over C channels (C a multiple of 4), 4 at a time:
 * the window's first maximum in scan order (the tie rule of tfjs-cpu: after ReLU, windows of
 * zeros tie) receives dy, every other cell 0. `cells` holds the window cells' byte offsets
 * from the window's start, in scan order. Writes every cell of the window, so windows must not
 * overlap. Parameters: (nCells, C, x, dy, dx, cells) — x, dx: the window's first cell; dy:
 * the output position's first channel; all byte addresses.
 */
const P = { nCells: 0, c: 1, x: 2, dy: 3, dx: 4, cells: 5 };
const L = { ch: 6, chEnd: 7, k: 8, off: 9, m: 10, g: 11, taken: 12, eq: 13 };

/** off = cells[k] + ch (bytes from the window start). */
const cellOffset = [
  op.localGet(P.cells),
  op.localGet(L.k),
  op.i32Const(2),
  op.i32Shl,
  op.i32Add,
  op.i32Load,
  op.localGet(L.ch),
  op.i32Add,
  op.localSet(L.off),
];
const loadX = [op.localGet(P.x), op.localGet(L.off), op.i32Add, op.v128Load];
const kLoop = (start: number, body: (readonly number[])[]) => [
  op.i32Const(start),
  op.localSet(L.k),
  ...forLoop(L.k, P.nCells, 1, [...cellOffset, ...body]),
];

export const poolGradWindow: KernelFunction = {
  name: 'poolGradWindow',
  params: [I32, I32, I32, I32, I32, I32],
  locals: [
    [4, I32],
    [4, V128],
  ],
  body: [
    ...toBytes(P.c, L.chEnd),
    ...forLoop(L.ch, L.chEnd, 16, [
      // m = max over the cells (the first cell starts it)
      op.i32Const(0),
      op.localSet(L.k),
      ...cellOffset,
      ...loadX,
      op.localSet(L.m),
      ...kLoop(1, [...loadX, op.localGet(L.m), op.f32x4Max, op.localSet(L.m)]),
      // g = dy; taken = 0
      op.localGet(P.dy),
      op.localGet(L.ch),
      op.i32Add,
      op.v128Load,
      op.localSet(L.g),
      op.i32Const(0),
      op.i32x4Splat,
      op.localSet(L.taken),
      // each cell: eq = (x == m) & ~taken; dx = g & eq; taken |= eq
      ...kLoop(0, [
        ...loadX,
        op.localGet(L.m),
        op.f32x4Eq,
        op.localGet(L.taken),
        op.v128AndNot,
        op.localSet(L.eq),
        op.localGet(P.dx),
        op.localGet(L.off),
        op.i32Add,
        op.localGet(L.g),
        op.localGet(L.eq),
        op.v128And,
        op.v128Store,
        op.localGet(L.taken),
        op.localGet(L.eq),
        op.v128Or,
        op.localSet(L.taken),
      ]),
    ]),
  ],
};

export type PoolGradWindow = (
  nCells: number,
  c: number,
  x: number,
  dy: number,
  dx: number,
  cells: number,
) => void;
