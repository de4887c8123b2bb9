import {
  engine,
  getKernel,
  type KernelBackend,
  type KernelFunc,
  registerKernel,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { DlError } from '../../errors';
import { isWasm } from '../array-kernels';
import {
  addressOf,
  asWasmBackend,
  f32View,
  i32View,
  runStock,
  sizeOf,
  type WasmBackend,
} from '../wasm/heap';
import { instantiateOnBackend } from '../wasm/simd/instantiate';
import { scaleRowsSumColumns, softmaxRows, subtractTargets, targetNll } from './math';
import { type ScaleRowsKernel, scaleRowsFunction } from './simd';

/** logits [rows, classes], targets [rows] int32, weights [rows] → [dLogits, dBias, nll]. */
export const SOFTMAX_CROSS_ENTROPY = 'DlSoftmaxCrossEntropy';

type Args = { inputs: Record<string, TensorInfo>; backend: KernelBackend };

function shapesOf({ logits, targets, weights }: Record<string, TensorInfo>) {
  const [rows, cols] = logits.shape;
  if (
    logits.shape.length !== 2 ||
    targets.shape.length !== 1 ||
    targets.shape[0] !== rows ||
    weights.shape.length !== 1 ||
    weights.shape[0] !== rows
  ) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `softmax cross-entropy: logits must be [rows, classes] with targets and weights [rows]; got logits [${logits.shape}], targets [${targets.shape}], weights [${weights.shape}]`,
    );
  }
  if (logits.dtype !== 'float32' || targets.dtype !== 'int32' || weights.dtype !== 'float32') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `softmax cross-entropy: logits and weights must be float32 and targets int32; got ${logits.dtype}, ${targets.dtype}, ${weights.dtype}`,
    );
  }
  return { rows, cols };
}

function simdKernel(backend: WasmBackend): ScaleRowsKernel | null {
  const exports = instantiateOnBackend(backend, 'softmax-xent', [scaleRowsFunction]);
  return (exports?.scaleRowsSumColumns as ScaleRowsKernel) ?? null;
}

/**
 * wasm: the stock (XNNPACK) softmax into a fresh tensor, which then becomes dLogits in place
 * (one SIMD pass for the scaling and the column sums, JavaScript for the row ends and targets).
 */
function wasmKernel({ inputs, backend }: Args): TensorInfo[] {
  const b = asWasmBackend(backend);
  const { rows, cols } = shapesOf(inputs);
  const { logits, targets, weights } = inputs;
  const probs = runStock('Softmax', b, { logits }, { dim: 1 });
  const dBias = b.makeOutput([cols], 'float32');
  const nll = b.makeOutput([rows], 'float32');
  // Views after the last allocation (an allocation may grow the heap and detach them).
  const p = f32View(b, probs);
  const sums = f32View(b, dBias);
  const t = i32View(b, targets);
  const w = f32View(b, weights);
  targetNll(p, t, cols, f32View(b, nll));
  sums.fill(0);
  const simd = simdKernel(b);
  const vectorCols = simd ? cols - (cols % 4) : 0;
  if (simd && vectorCols > 0) {
    const at = (x: TensorInfo) => addressOf(b, x);
    simd(rows, 4 * vectorCols, 4 * cols, at(probs), at(weights), at(dBias));
  }
  scaleRowsSumColumns(p, w, cols, sums, vectorCols);
  subtractTargets(p, t, w, cols, sums);
  return [probs, dBias, nll];
}

function cpuKernel({ inputs, backend }: Args): TensorInfo[] {
  const { rows, cols } = shapesOf(inputs);
  const cpu = backend as KernelBackend & {
    makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  };
  const read = (x: TensorInfo) => cpu.readSync(x.dataId) as Float32Array | Int32Array;
  const t = Int32Array.from(read(inputs.targets));
  const w = Float32Array.from(read(inputs.weights));
  const p = new Float32Array(sizeOf([rows, cols]));
  softmaxRows(read(inputs.logits) as Float32Array, cols, p);
  const nll = new Float32Array(rows);
  const sums = new Float32Array(cols);
  targetNll(p, t, cols, nll);
  scaleRowsSumColumns(p, w, cols, sums);
  subtractTargets(p, t, w, cols, sums);
  return [
    cpu.makeTensorInfo([rows, cols], 'float32', p),
    cpu.makeTensorInfo([cols], 'float32', sums),
    cpu.makeTensorInfo([rows], 'float32', nll),
  ];
}

let registered = false;

export function registerSoftmaxCrossEntropyKernels(): void {
  if (registered) return;
  const kernels = { wasm: wasmKernel, cpu: cpuKernel };
  for (const [backendName, fn] of Object.entries(kernels)) {
    if (!getKernel(SOFTMAX_CROSS_ENTROPY, backendName)) {
      registerKernel({
        kernelName: SOFTMAX_CROSS_ENTROPY,
        backendName,
        kernelFunc: fn as unknown as KernelFunc,
      });
    }
  }
  registered = true;
}

let enabled = true;

/** Turns the fused kernel off (true: back on) — for comparisons and benchmarks. */
export function useFusedSoftmaxCrossEntropy(on: boolean): void {
  enabled = on;
}

/** Whether softmaxCrossEntropy runs on the active backend (wasm, cpu) and is switched on. */
export function softmaxCrossEntropyAvailable(): boolean {
  registerSoftmaxCrossEntropyKernels();
  const name = engine().backendName;
  return enabled && getKernel(SOFTMAX_CROSS_ENTROPY, name) != null && knownBackend(name);
}

const knownBackend = (name: string) =>
  name === 'cpu' || (name === 'wasm' && isWasm(engine().backend));

/**
 * Softmax cross-entropy of `logits` [rows, classes] against `targets` [rows] (int32) as one
 * kernel that also returns its gradient (math.ts): `nll` [rows] = −ln softmax(logits)[target],
 * `dLogits` = weights·(softmax − onehot) and `dBias` = its column sums (the gradient of a bias
 * added to the logits), where `weights` [rows] is each row's share of the loss. The softmax is
 * never returned: on wasm its buffer becomes dLogits. No gradient is registered: it is for
 * hand-written backward passes (the weighted loss is Σ weights·nll).
 */
export function softmaxCrossEntropy(
  logits: Tensor,
  targets: Tensor,
  weights: Tensor,
): { nll: Tensor; dLogits: Tensor; dBias: Tensor } {
  registerSoftmaxCrossEntropyKernels();
  const [dLogits, dBias, nll] = engine().runKernel(SOFTMAX_CROSS_ENTROPY, {
    logits,
    targets,
    weights,
  }) as unknown as Tensor[];
  return { nll, dLogits, dBias };
}
