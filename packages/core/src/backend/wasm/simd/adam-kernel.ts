import { F32, forLoop, I32, type KernelFunction, op, toBytes, V128 } from './assembler';

/**
 * One Adam step over float32 arrays in wasm memory, 4 lanes at a time:
 *   m ← β1·m + (1−β1)·g          (in place)
 *   v ← β2·v + (1−β2)·g²         (in place)
 *   out ← w − lrT·m / (√v + epsT)
 * with lrT = lr·√(1−β2ᵗ)/(1−β1ᵗ) and epsT = ε·√(1−β2ᵗ), which is algebraically tfjs's
 * w − lr·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε). Seven array passes become one.
 */
const P = {
  n: 0,
  w: 1,
  g: 2,
  m: 3,
  v: 4,
  out: 5,
  b1: 6,
  omb1: 7,
  b2: 8,
  omb2: 9,
  lrT: 10,
  epsT: 11,
};
const L = {
  i: 12,
  end: 13,
  B1: 14,
  OMB1: 15,
  B2: 16,
  OMB2: 17,
  LRT: 18,
  EPST: 19,
  G: 20,
  M: 21,
  V: 22,
};

const at = (ptr: number) => [op.localGet(ptr), op.localGet(L.i), op.i32Add];
const splat = (param: number, local: number) => [
  op.localGet(param),
  op.f32x4Splat,
  op.localSet(local),
];

export const adamFunction: KernelFunction = {
  name: 'adam',
  params: [I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32],
  locals: [
    [2, I32],
    [9, V128],
  ],
  body: [
    ...splat(P.b1, L.B1),
    ...splat(P.omb1, L.OMB1),
    ...splat(P.b2, L.B2),
    ...splat(P.omb2, L.OMB2),
    ...splat(P.lrT, L.LRT),
    ...splat(P.epsT, L.EPST),
    ...toBytes(P.n, L.end),
    ...forLoop(L.i, L.end, 16, [
      // G = g[i]
      ...at(P.g),
      op.v128Load,
      op.localSet(L.G),
      // m[i] = M = m[i]·B1 + G·OMB1
      ...at(P.m),
      ...at(P.m),
      op.v128Load,
      op.localGet(L.B1),
      op.f32x4Mul,
      op.localGet(L.G),
      op.localGet(L.OMB1),
      op.f32x4Mul,
      op.f32x4Add,
      op.localTee(L.M),
      op.v128Store,
      // v[i] = V = v[i]·B2 + G·G·OMB2
      ...at(P.v),
      ...at(P.v),
      op.v128Load,
      op.localGet(L.B2),
      op.f32x4Mul,
      op.localGet(L.G),
      op.localGet(L.G),
      op.f32x4Mul,
      op.localGet(L.OMB2),
      op.f32x4Mul,
      op.f32x4Add,
      op.localTee(L.V),
      op.v128Store,
      // out[i] = w[i] − LRT·M / (√V + EPST)
      ...at(P.out),
      ...at(P.w),
      op.v128Load,
      op.localGet(L.LRT),
      op.localGet(L.M),
      op.f32x4Mul,
      op.localGet(L.V),
      op.f32x4Sqrt,
      op.localGet(L.EPST),
      op.f32x4Add,
      op.f32x4Div,
      op.f32x4Sub,
      op.v128Store,
    ]),
  ],
};

export type AdamKernel = (
  n: number,
  w: number,
  g: number,
  m: number,
  v: number,
  out: number,
  b1: number,
  omb1: number,
  b2: number,
  omb2: number,
  lrT: number,
  epsT: number,
) => void;
