import { engine, getKernel, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { DlError } from '../../errors';
import { type ArrayKernelArgs, registerArrayKernel, runOnArrays } from '../array-kernels';
import { lstmCellBackward, lstmCellForward } from './math';

/** z [b, 4u], c₋₁ [b, u] → [h, c, gates, tanh c]. */
export const LSTM_CELL = 'DlLstmCell';
/** dh, dc, gates, tanh c, c₋₁ → [dz, dc₋₁]. */
export const LSTM_CELL_GRAD = 'DlLstmCellGrad';

function unitsOf(z: TensorInfo, c: TensorInfo): number {
  const [rows, units] = c.shape;
  if (
    c.shape.length !== 2 ||
    z.shape.length !== 2 ||
    z.shape[0] !== rows ||
    z.shape[1] !== 4 * units
  ) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `LSTM cell: z must be [batch, 4·units] for a cell state [batch, units]; got z [${z.shape}], c [${c.shape}]`,
    );
  }
  return units;
}

const forwardKernel = (args: ArrayKernelArgs): TensorInfo[] => {
  const { z, c } = args.inputs;
  const units = unitsOf(z, c);
  return runOnArrays(
    'LSTM cell',
    args.backend,
    [z, c],
    [c.shape, c.shape, z.shape, c.shape],
    (i, o) => lstmCellForward(i[0], i[1], units, o[0], o[1], o[2], o[3]),
  );
};

const backwardKernel = (args: ArrayKernelArgs): TensorInfo[] => {
  const { dh, dc, gates, tanhC, cPrev } = args.inputs;
  const units = unitsOf(gates, cPrev);
  return runOnArrays(
    'LSTM cell',
    args.backend,
    [dh, dc, gates, tanhC, cPrev],
    [gates.shape, cPrev.shape],
    (i, o) => lstmCellBackward(i[0], i[1], i[2], i[3], i[4], units, o[0], o[1]),
  );
};

let registered = false;

export function registerLstmCellKernels(): void {
  if (registered) return;
  registerArrayKernel(LSTM_CELL, forwardKernel);
  registerArrayKernel(LSTM_CELL_GRAD, backwardKernel);
  registered = true;
}

let enabled = true;

/** Turns the fused cell off (true: back on) — for comparisons and benchmarks. */
export function useFusedLstmCell(on: boolean): void {
  enabled = on;
}

/** Whether lstmCell / lstmCellGrad run on the active backend (wasm, cpu) and are switched on. */
export function lstmCellAvailable(): boolean {
  registerLstmCellKernels();
  return enabled && getKernel(LSTM_CELL, engine().backendName) != null;
}

/**
 * One LSTM step's element-wise part as one kernel (math.ts): ~10 tfjs ops become one pass.
 * No gradient is registered: it is for hand-written backward passes, which call
 * {@link lstmCellGrad} with the returned `gates` and `tanhC`.
 */
export function lstmCell(
  z: Tensor,
  cPrev: Tensor,
): { h: Tensor; c: Tensor; gates: Tensor; tanhC: Tensor } {
  registerLstmCellKernels();
  const [h, c, gates, tanhC] = engine().runKernel(LSTM_CELL, {
    z,
    c: cPrev,
  }) as unknown as Tensor[];
  return { h, c, gates, tanhC };
}

/** The step's backward (math.ts): dL/dz and dL/dc₋₁. */
export function lstmCellGrad(
  dh: Tensor,
  dc: Tensor,
  saved: { gates: Tensor; tanhC: Tensor; cPrev: Tensor },
): { dz: Tensor; dcPrev: Tensor } {
  registerLstmCellKernels();
  const [dz, dcPrev] = engine().runKernel(LSTM_CELL_GRAD, {
    dh,
    dc,
    gates: saved.gates,
    tanhC: saved.tanhC,
    cPrev: saved.cPrev,
  }) as unknown as Tensor[];
  return { dz, dcPrev };
}
