import type { TensorInfo } from '@tensorflow/tfjs-core';
import { addressOf, f32View, sizeOf, type WasmBackend } from '../wasm/heap';
import { CHANNEL_KERNELS, type ChannelKernels } from '../wasm/simd/channel-kernels';
import { instantiateOnBackend } from '../wasm/simd/instantiate';
import { backwardCoefficients, forwardCoefficients } from './math';

/**
 * The fused batch-norm passes as SIMD kernels over the tensors in wasm memory: 3 passes
 * forward, 2 backward, per-channel algebra in JavaScript between them (math.ts). Returns null
 * — the caller then runs math.ts's loops — when channels are not a multiple of 4 or the
 * kernels cannot be instantiated. Sums accumulate in float32 lanes, as tfjs's own reductions.
 */
function kernels(backend: WasmBackend, channels: number): ChannelKernels | null {
  if (channels % 4 !== 0) return null;
  return instantiateOnBackend(backend, 'channels', CHANNEL_KERNELS) as ChannelKernels | null;
}

export function wasmForward(
  backend: WasmBackend,
  x: TensorInfo,
  gamma: TensorInfo,
  beta: TensorInfo,
  epsilon: number,
): TensorInfo[] | null {
  const c = x.shape[x.shape.length - 1];
  const k = kernels(backend, c);
  if (!k) return null;
  const n = sizeOf(x.shape);
  const rows = n / c;
  const y = backend.makeOutput(x.shape, 'float32');
  const mean = backend.makeOutput([c], 'float32');
  const variance = backend.makeOutput([c], 'float32');
  const scratch = backend.makeOutput([4 * c], 'float32'); // Σx | Σ(x−μ)² | scale | shift
  const s = f32View(backend, scratch);
  const [sums, squares, scale, shift] = [0, 1, 2, 3].map((j) => s.subarray(j * c, (j + 1) * c));
  const [meanV, varianceV] = [mean, variance].map((t) => f32View(backend, t));
  const at = (t: TensorInfo, offset = 0) => addressOf(backend, t, offset);

  s.fill(0, 0, 2 * c);
  k.columnSum(n, c, at(x), at(scratch));
  // The second pass centres on the mean, which must be in wasm memory: the mean output.
  for (let j = 0; j < c; j++) meanV[j] = sums[j] / rows;
  k.columnSquaredDeviation(n, c, at(x), at(mean), at(scratch, c));
  forwardCoefficients(
    sums,
    squares,
    rows,
    f32View(backend, gamma),
    f32View(backend, beta),
    epsilon,
    {
      mean: meanV,
      variance: varianceV,
      scale,
      shift,
    },
  );
  k.channelAffine(n, c, at(x), at(scratch, 2 * c), at(scratch, 3 * c), at(y));
  backend.disposeData(scratch.dataId);
  return [y, mean, variance];
}

export function wasmBackward(
  backend: WasmBackend,
  inputs: Record<string, TensorInfo>,
  epsilon: number,
): TensorInfo[] | null {
  const { dy, x, gamma, mean, variance, dMean, dVariance } = inputs;
  const c = x.shape[x.shape.length - 1];
  const k = kernels(backend, c);
  if (!k) return null;
  const n = sizeOf(x.shape);
  const dx = backend.makeOutput(x.shape, 'float32');
  const dGamma = backend.makeOutput([c], 'float32');
  const dBeta = backend.makeOutput([c], 'float32');
  const scratch = backend.makeOutput([5 * c], 'float32'); // Σdy | Σdy(x−μ) | a | b | k
  const s = f32View(backend, scratch);
  const [sumDy, sumDyDev, a, b, kk] = [0, 1, 2, 3, 4].map((j) => s.subarray(j * c, (j + 1) * c));
  const at = (t: TensorInfo, offset = 0) => addressOf(backend, t, offset);

  s.fill(0, 0, 2 * c);
  k.columnGradientSums(n, c, at(dy), at(x), at(mean), at(scratch), at(scratch, c));
  const v = (t: TensorInfo) => f32View(backend, t);
  backwardCoefficients(
    sumDy,
    sumDyDev,
    n / c,
    v(gamma),
    v(mean),
    v(variance),
    v(dMean),
    v(dVariance),
    epsilon,
    {
      a,
      b,
      k: kk,
      dGamma: v(dGamma),
      dBeta: v(dBeta),
    },
  );
  k.channelAffine2(
    n,
    c,
    at(dy),
    at(x),
    at(scratch, 2 * c),
    at(scratch, 3 * c),
    at(scratch, 4 * c),
    at(dx),
  );
  backend.disposeData(scratch.dataId);
  return [dx, dGamma, dBeta];
}
