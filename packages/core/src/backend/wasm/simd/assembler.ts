/**
 * A minimal WebAssembly binary writer: just enough to emit one-function SIMD kernels that
 * share the tfjs wasm module's memory. No toolchain is needed at build or install time, and
 * the bytes are produced from readable instruction lists below rather than shipped as a blob.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...new TextEncoder().encode(s)].map((b) => [b]));
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** Instructions used by our kernels (wasm core + SIMD proposal as standardised). */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Shl: [0x74],
  i32Eq: [0x46],
  select: [0x1b],
  i32GeU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  i32Load: [0x28, 2, 0], // memarg: align 4 bytes, offset 0
  v128Load: [0xfd, ...uleb(0), 0, 0], // memarg: align hint 1 byte (unaligned ok), offset 0
  v128Store: [0xfd, ...uleb(11), 0, 0],
  f32x4Splat: [0xfd, ...uleb(19)],
  i32x4Splat: [0xfd, ...uleb(17)],
  f32x4Eq: [0xfd, ...uleb(65)],
  v128And: [0xfd, ...uleb(78)],
  v128AndNot: [0xfd, ...uleb(79)],
  v128Or: [0xfd, ...uleb(80)],
  f32x4Max: [0xfd, ...uleb(233)],
  f32x4Sqrt: [0xfd, ...uleb(227)],
  f32x4Add: [0xfd, ...uleb(228)],
  f32x4Sub: [0xfd, ...uleb(229)],
  f32x4Mul: [0xfd, ...uleb(230)],
  f32x4Div: [0xfd, ...uleb(231)],
} as const;

type Code = (readonly number[])[];

/**
 * `while (counter < limit) { body; counter += step }` over i32 locals (unsigned compare); the
 * caller sets the counter's start.
 */
export function forLoop(counter: number, limit: number, step: number, body: Code): Code {
  return [
    op.block,
    op.loop,
    op.localGet(counter),
    op.localGet(limit),
    op.i32GeU,
    op.brIf(1),
    ...body,
    op.localGet(counter),
    op.i32Const(step),
    op.i32Add,
    op.localSet(counter),
    op.br(0),
    op.end,
    op.end,
  ];
}

/** local[to] = local[from] · 4: a float count as bytes. */
export const toBytes = (from: number, to: number): Code => [
  op.localGet(from),
  op.i32Const(2),
  op.i32Shl,
  op.localSet(to),
];

export interface KernelFunction {
  name: string;
  params: number[];
  /** Extra locals after the params, as [count, type] runs. */
  locals: [number, number][];
  body: (readonly number[])[];
}

/**
 * A module importing `env.memory` (shared when the tfjs build is threaded) and exporting the
 * given functions, none of which returns a value.
 */
export function assembleModule(functions: KernelFunction[], sharedMemory: boolean): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec([])]);
  // Memory limits: min 0 (any current size matches); a shared import must state a maximum,
  // and 65536 pages (4 GiB) admits any actual maximum.
  const limits = sharedMemory ? [0x03, ...uleb(0), ...uleb(65536)] : [0x00, ...uleb(0)];
  const imports = vec([[...name('env'), ...name('memory'), 0x02, ...limits]]);
  const funcs = vec(functions.map((_, i) => uleb(i)));
  const exports = vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const codes = vec(
    functions.map((f) => {
      const body = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.body.flat(), ...op.end];
      return [...uleb(body.length), ...body];
    }),
  );
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, codes),
  ]);
}
