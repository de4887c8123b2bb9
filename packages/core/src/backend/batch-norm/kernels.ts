import {
  engine,
  type GradConfig,
  getKernel,
  registerGradient,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { DlError } from '../../errors';
import { type ArrayKernelArgs, isWasm, registerArrayKernel, runOnArrays } from '../array-kernels';
import { batchNormTrainingBackward, batchNormTrainingForward } from './math';
import { wasmBackward, wasmForward } from './wasm';

/** x, γ, β → [y, batch mean, batch variance] (attrs: epsilon). */
export const BN_TRAINING = 'DlBatchNormTraining';
/** dy, x, γ, μ, σ², dμ, dσ² → [dx, dγ, dβ] (attrs: epsilon). */
export const BN_TRAINING_GRAD = 'DlBatchNormTrainingGrad';

function channelsOf(x: TensorInfo, gamma: TensorInfo, beta?: TensorInfo): number {
  const c = x.shape[x.shape.length - 1];
  if (x.shape.length < 2 || gamma.shape.length !== 1 || gamma.shape[0] !== c) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `batch norm: x [${x.shape}] needs rank ≥ 2 and γ of shape [${c}], got [${gamma.shape}]`,
    );
  }
  if (beta && (beta.shape.length !== 1 || beta.shape[0] !== c)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `batch norm: β must have shape [${c}], got [${beta.shape}]`,
    );
  }
  return c;
}

const forwardKernel = (args: ArrayKernelArgs): TensorInfo[] => {
  const { x, gamma, beta } = args.inputs;
  const c = channelsOf(x, gamma, beta);
  const epsilon = args.attrs?.epsilon as number;
  const simd =
    isWasm(args.backend) && x.dtype === 'float32'
      ? wasmForward(args.backend, x, gamma, beta, epsilon)
      : null;
  if (simd) return simd;
  return runOnArrays('batch norm', args.backend, [x, gamma, beta], [x.shape, [c], [c]], (i, o) =>
    batchNormTrainingForward(i[0], c, i[1], i[2], epsilon, o[0], o[1], o[2]),
  );
};

const backwardKernel = (args: ArrayKernelArgs): TensorInfo[] => {
  const { dy, x, gamma, mean, variance, dMean, dVariance } = args.inputs;
  const c = channelsOf(x, gamma);
  const epsilon = args.attrs?.epsilon as number;
  const simd =
    isWasm(args.backend) && x.dtype === 'float32' && dy.dtype === 'float32'
      ? wasmBackward(args.backend, args.inputs, epsilon)
      : null;
  if (simd) return simd;
  return runOnArrays(
    'batch norm',
    args.backend,
    [dy, x, gamma, mean, variance, dMean, dVariance],
    [x.shape, [c], [c]],
    (i, o) =>
      batchNormTrainingBackward(
        i[0],
        i[1],
        c,
        i[2],
        i[3],
        i[4],
        i[5],
        i[6],
        epsilon,
        o[0],
        o[1],
        o[2],
      ),
  );
};

const gradient: GradConfig = {
  kernelName: BN_TRAINING,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dMean, dVariance] = dys as Tensor[];
    const [x, gamma, mean, variance] = saved;
    // One kernel gives all three gradients; the closures hand them out.
    const [dx, dGamma, dBeta] = engine().runKernel(
      BN_TRAINING_GRAD,
      { dy, x, gamma, mean, variance, dMean, dVariance },
      { epsilon: attrs.epsilon as number },
    ) as unknown as Tensor[];
    return { x: () => dx, gamma: () => dGamma, beta: () => dBeta };
  },
};

let registered = false;

/** Registers the fused training kernels on wasm and cpu, and their gradient. Idempotent. */
export function registerBatchNormKernels(): void {
  if (registered) return;
  registerArrayKernel(BN_TRAINING, forwardKernel);
  registerArrayKernel(BN_TRAINING_GRAD, backwardKernel);
  registerGradient(gradient);
  registered = true;
}

/**
 * Batch normalisation with this batch's statistics, in one kernel forward and one backward:
 * returns [y, mean, variance] (biased variance over every axis but the last, as tf.moments).
 * Gradients flow to x, γ and β through all three outputs.
 */
export function batchNormTraining(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  epsilon: number,
): [Tensor, Tensor, Tensor] {
  registerBatchNormKernels();
  return engine().runKernel(BN_TRAINING, { x, gamma, beta }, { epsilon }) as unknown as [
    Tensor,
    Tensor,
    Tensor,
  ];
}

/** Whether the fused kernels exist for the active backend. */
export function batchNormKernelsAvailable(): boolean {
  registerBatchNormKernels();
  return getKernel(BN_TRAINING, engine().backendName) != null;
}
