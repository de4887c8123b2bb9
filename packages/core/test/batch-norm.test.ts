import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchNormTraining,
  installFusedBatchNorm,
  registerBatchNormKernels,
  useFusedBatchNorm,
} from '../src/backend/batch-norm';
import {
  batchNormTrainingBackward,
  batchNormTrainingForward,
} from '../src/backend/batch-norm/math';
import { asWasmBackend } from '../src/backend/wasm/heap';
import { CHANNEL_KERNELS } from '../src/backend/wasm/simd/channel-kernels';
import { instantiateOnBackend } from '../src/backend/wasm/simd/instantiate';
import * as tf from '../src/tf';
import { loadBothBackends, randomValues, relError } from './helpers/parity';

const TOL = 1e-4;
const EPS = 1e-3;

beforeAll(async () => {
  await loadBothBackends();
  registerBatchNormKernels();
  installFusedBatchNorm();
});

describe('fused batch-norm math (hand values)', () => {
  it('normalises each channel with its biased batch statistics', () => {
    // channel 0: 1, 3 → μ 2, σ² 1;  channel 1: 2, 6 → μ 4, σ² 4
    const x = Float32Array.of(1, 2, 3, 6);
    const y = new Float32Array(4);
    const mean = new Float32Array(2);
    const variance = new Float32Array(2);
    batchNormTrainingForward(
      x,
      2,
      Float32Array.of(2, 1),
      Float32Array.of(0, 10),
      0,
      y,
      mean,
      variance,
    );
    expect([...mean]).toEqual([2, 4]);
    expect([...variance]).toEqual([1, 4]);
    // γ 2, β 0 on channel 0: ±2;  γ 1, β 10 on channel 1: 10 ∓ 1
    expect([...y]).toEqual([-2, 9, 2, 11]);
  });

  it('gives the hand-derived gradients of a three-row channel', () => {
    // x = 0, 3, 6: μ 3, σ² 6, x̂ = (−1, 0, 1)·√(3/2); dy = (1, 0, 0), γ 1, ε 0.
    const x = Float32Array.of(0, 3, 6);
    const dx = new Float32Array(3);
    const dGamma = new Float32Array(1);
    const dBeta = new Float32Array(1);
    const one = Float32Array.of(1);
    const zero = Float32Array.of(0);
    batchNormTrainingBackward(
      Float32Array.of(1, 0, 0),
      x,
      1,
      one,
      Float32Array.of(3),
      Float32Array.of(6),
      zero,
      zero,
      0,
      dx,
      dGamma,
      dBeta,
    );
    const s = Math.sqrt(1.5);
    expect(dBeta[0]).toBeCloseTo(1, 6);
    expect(dGamma[0]).toBeCloseTo(-s, 6);
    // dx = invStd/N·(N·dy − dβ − x̂·dγ), invStd = 1/√6
    const expected = [0, 1, 2].map((i) => {
      const xhat = [-s, 0, s][i];
      return (1 / Math.sqrt(6) / 3) * (3 * (i === 0 ? 1 : 0) - 1 - xhat * -s);
    });
    for (let i = 0; i < 3; i++) expect(dx[i]).toBeCloseTo(expected[i], 6);
    // A shift of every row leaves the normalised output unchanged: Σ dx = 0.
    expect(dx[0] + dx[1] + dx[2]).toBeCloseTo(0, 6);
  });
});

/** moments + batchNorm, differentiated op by op by tfjs: the reference. */
function stockTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor[] {
  const axes = [...Array(x.rank - 1).keys()];
  const { mean, variance } = tf.moments(x, axes);
  return [tf.batchNorm(x, mean, variance, beta, gamma, EPS), mean, variance];
}

/** Outputs and the gradients of a loss that uses all three outputs, flattened. */
function outputsAndGrads(
  shape: number[],
  op: (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor[],
): Float32Array[] {
  return tf.tidy(() => {
    const c = shape[shape.length - 1];
    // Offset and scaled, so that a naive E[x²] − E[x]² would lose digits.
    const x = tf.tensor(randomValues(shape, 1), shape).mul(4).add(3);
    const gamma = tf.tensor(randomValues([c], 2)).add(1);
    const beta = tf.tensor(randomValues([c], 3));
    const w = tf.tensor(randomValues(shape, 4), shape);
    const a = tf.tensor(randomValues([c], 5));
    const b = tf.tensor(randomValues([c], 6));
    const loss = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const [y, mean, variance] = op(xx, gg, bb);
      return y.mul(w).sum().add(mean.mul(a).sum()).add(variance.mul(b).sum()) as tf.Scalar;
    };
    const outs = op(x, gamma, beta);
    const grads = tf.grads(loss)([x, gamma, beta]);
    return [...outs, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe.each(['cpu', 'wasm'] as const)('fused batch-norm kernels on %s', (backend) => {
  it.each([[[37, 5]], [[4, 23, 16]], [[3, 7, 5, 8]]])(
    'match moments + batchNorm, outputs and gradients, for shape %j',
    async (shape) => {
      await tf.setBackend(backend);
      const ref = outputsAndGrads(shape, stockTraining);
      const got = outputsAndGrads(shape, (x, g, b) => batchNormTraining(x, g, b, EPS));
      const names = ['y', 'mean', 'variance', 'dx', 'dγ', 'dβ'];
      for (let i = 0; i < ref.length; i++) {
        expect(relError(got[i], ref[i]), names[i]).toBeLessThanOrEqual(TOL);
      }
    },
  );

  it.runIf(backend === 'wasm')('runs as SIMD passes when channels are a multiple of 4', () => {
    const kernels = instantiateOnBackend(
      asWasmBackend(tf.engine().backend),
      'channels',
      CHANNEL_KERNELS,
    );
    expect(kernels && Object.keys(kernels).sort()).toEqual(
      CHANNEL_KERNELS.map((k) => k.name).sort(),
    );
  });

  it('rejects γ of the wrong length', async () => {
    await tf.setBackend(backend);
    expect(() => batchNormTraining(tf.zeros([2, 3]), tf.ones([4]), tf.zeros([3]), EPS)).toThrow(
      /γ of shape \[3\]/,
    );
  });
});

function bnModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv1d({ inputShape: [12, 6], filters: 8, kernelSize: 3, useBias: false }));
  m.add(tf.layers.batchNormalization({ momentum: 0.9 }));
  m.add(tf.layers.activation({ activation: 'relu' }));
  m.add(tf.layers.flatten());
  // No bias before a BatchNormalization: its gradient is exactly zero, and Adam would turn
  // the rounding noise in it into ±lr steps that differ from run to run.
  m.add(tf.layers.dense({ units: 4, useBias: false }));
  m.add(tf.layers.batchNormalization());
  m.add(tf.layers.activation({ activation: 'softmax' }));
  m.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
  return m;
}

const batch = (step: number) =>
  tf.tidy(() => ({
    x: tf
      .tensor(randomValues([16, 12, 6], 10 + step), [16, 12, 6])
      .mul(3)
      .add(1),
    y: tf.oneHot(
      tf.tensor1d(
        [...Array(16).keys()].map((i) => (i * 7 + step) % 4),
        'int32',
      ),
      4,
    ),
  }));

/** Trains `steps` batches from the given weights; returns the losses and the final weights. */
async function trainFrom(
  model: tf.LayersModel,
  start: tf.Tensor[],
  fused: boolean,
  steps: number,
): Promise<{ losses: number[]; weights: Float32Array[] }> {
  useFusedBatchNorm(fused);
  try {
    model.setWeights(start);
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) {
      const { x, y } = batch(s);
      losses.push((await model.trainOnBatch(x, y)) as number);
      tf.dispose([x, y]);
    }
    return { losses, weights: model.getWeights().map((w) => w.dataSync() as Float32Array) };
  } finally {
    useFusedBatchNorm(true);
  }
}

describe('BatchNormalization layers train through the fused kernels', () => {
  it.each(['cpu', 'wasm'] as const)(
    'same losses, weights and moving statistics as the stock layer on %s',
    async (backend) => {
      await tf.setBackend(backend);
      const build = () => bnModel();
      const start = build().getWeights();
      const stock = await trainFrom(build(), start, false, 5);
      const fused = await trainFrom(build(), start, true, 5);
      expect(relError(fused.losses, stock.losses)).toBeLessThanOrEqual(TOL);
      // Includes each layer's moving mean and variance (non-trainable weights).
      expect(fused.weights).toHaveLength(10);
      for (let i = 0; i < stock.weights.length; i++) {
        expect(relError(fused.weights[i], stock.weights[i]), `weight ${i}`).toBeLessThanOrEqual(
          TOL,
        );
      }
      tf.dispose(start);
    },
  );

  it.each([true, false])('leaks no tensors across training steps (fused: %s)', async (fused) => {
    await tf.setBackend('wasm');
    const model = bnModel();
    const start = model.getWeights().map((w) => w.clone());
    await trainFrom(model, start, fused, 1); // creates Adam's slots
    const before = tf.memory().numTensors;
    await trainFrom(model, start, fused, 4);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(start);
  });
});

describe('wasm Identity shares its buffer', () => {
  it('a clone outlives its source and keeps its values', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor([1, 2, 3]);
    const b = a.clone();
    a.dispose();
    expect([...(await b.data())]).toEqual([1, 2, 3]);
    b.dispose();
  });
});
