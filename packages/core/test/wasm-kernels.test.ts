import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { planMatMul } from '../src/backend/wasm';
import { loadBothBackends, randomValues, relError, runOn } from './helpers/parity';

const TOL = 1e-4;

beforeAll(loadBothBackends);

async function expectParity(f: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  const ref = await runOn('cpu', f);
  const got = await runOn('wasm', f);
  expect(got.length).toBe(ref.length);
  for (let i = 0; i < ref.length; i++) expect(relError(got[i], ref[i])).toBeLessThanOrEqual(TOL);
}

const t = (shape: number[], seed: number) => tf.tensor(randomValues(shape, seed), shape);
/** Zeros of a rank-4 shape held in a number[] (only their shape is used). */
const z4 = (shape: number[]): tf.Tensor4D => tf.zeros(shape) as tf.Tensor as tf.Tensor4D;

describe('matmul routing plan', () => {
  it('keeps untransposed products with a small or already packed right operand on stock', () => {
    expect(planMatMul([512, 3200], [3200, 32], false, false)).toBe('stock');
    expect(planMatMul([32, 3200], [3200, 512], false, false, true)).toBe('stock');
  });
  it('packs the small activations, not a fresh large weight, in a forward pass', () => {
    expect(planMatMul([32, 3200], [3200, 512], false, false)).toBe('swapped');
  });
  it('folds a batched left operand onto one product', () => {
    expect(planMatMul([4, 30, 50], [50, 10], false, false)).toBe('fold');
  });
  it('avoids copying a large weight for dx = dy·Wᵀ', () => {
    expect(planMatMul([32, 512], [3200, 512], false, true)).toBe('swapped');
  });
  it('transposes the activation for dW = xᵀ·dy', () => {
    expect(planMatMul([32, 3200], [32, 512], true, false)).toBe('direct');
  });
});

describe('BatchMatMul on wasm matches cpu', () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[7, 5], [5, 3], false, false],
    [[5, 7], [5, 3], true, false],
    [[7, 5], [3, 5], false, true],
    [[5, 7], [3, 5], true, true],
    [[32, 300], [300, 64], false, false],
    [[32, 300], [32, 64], true, false],
    [[32, 64], [300, 64], false, true],
    [[1, 9, 4], [1, 4, 6], false, false],
    [[3, 9, 4], [4, 6], false, false],
    [[3, 4, 9], [3, 6, 4], true, true],
    [[2, 3, 9, 4], [2, 3, 4, 6], false, false],
  ];
  for (const [as, bs, ta, tb] of cases) {
    it(`${JSON.stringify(as)}${ta ? 'ᵀ' : ''} · ${JSON.stringify(bs)}${tb ? 'ᵀ' : ''}`, async () => {
      await expectParity(() => tf.matMul(t(as, 1), t(bs, 2), ta, tb));
    });
  }
  it('a right operand used again (a recurrent kernel, an inference weight) stays exact', async () => {
    await expectParity(() => {
      const w = t([200, 64], 3);
      return [1, 2, 3].map((k) => tf.matMul(t([5, 200], 10 + k), w));
    });
  });
  it('fused matmul with bias and relu, transposed operands', async () => {
    await expectParity(() =>
      tf.fused.matMul({
        a: t([6, 4], 3),
        b: t([5, 6], 4),
        transposeA: true,
        transposeB: true,
        bias: t([5], 5),
        activation: 'relu',
      }),
    );
  });
  it('gradients of a dense product', async () => {
    await expectParity(() => {
      const x = t([8, 20], 6);
      const w = t([20, 12], 7);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b).square().sum());
      return g([x, w]);
    });
  });
});

type ConvCase = {
  x: number[];
  f: number[];
  strides: number;
  pad: 'same' | 'valid';
  dilations?: number;
};

const convCases: ConvCase[] = [
  { x: [1, 5, 5, 1], f: [3, 3, 1, 2], strides: 1, pad: 'same' },
  { x: [2, 7, 6, 3], f: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [3, 9, 8, 2], f: [3, 2, 2, 5], strides: 2, pad: 'same' },
  { x: [2, 9, 9, 4], f: [1, 1, 4, 3], strides: 2, pad: 'valid' },
  { x: [4, 20, 20, 1], f: [3, 3, 1, 16], strides: 1, pad: 'same' },
  // The last row and column reach no window: the im2col path, not the convolution one.
  { x: [2, 8, 8, 2], f: [3, 3, 2, 3], strides: 2, pad: 'valid' },
  { x: [2, 8, 8, 6], f: [3, 3, 6, 3], strides: 2, pad: 'valid' },
  // More than 4 input channels and a kernel larger than 1×1: the convolution form of dW.
  { x: [2, 6, 7, 6], f: [3, 3, 6, 5], strides: 1, pad: 'same' },
  { x: [3, 1, 11, 8], f: [1, 3, 8, 4], strides: 1, pad: 'same' }, // Conv1D
];

describe('Conv2DBackpropFilter on wasm matches cpu', () => {
  for (const c of convCases) {
    it(`x ${c.x} filter ${c.f} stride ${c.strides} ${c.pad}`, async () => {
      const dyShape = tf.tidy(() => tf.conv2d(z4(c.x), z4(c.f), c.strides, c.pad).shape);
      await expectParity(
        () =>
          tf
            .engine()
            .runKernel(
              'Conv2DBackpropFilter',
              { x: t(c.x, 11), dy: t(dyShape, 12) },
              { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f },
            ) as tf.Tensor,
      );
    });
  }
  it('gradients of conv2d (input and filter) through tf.grads', async () => {
    await expectParity(() => {
      const g = tf.grads((x: tf.Tensor, f: tf.Tensor) =>
        tf
          .conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same')
          .square()
          .sum(),
      );
      return g([t([2, 8, 7, 3], 13), t([3, 3, 3, 4], 14)]);
    });
  });
});

/**
 * Dilation d is the same as a filter with d−1 zeros inserted between taps. tfjs-cpu's depthwise
 * backprops ignore dilations (its gradient rejects d > 1), so the reference for a dilated case
 * is cpu's backprop with that zero-inserted filter.
 */
function dilateFilter(f: tf.Tensor4D, d: number): tf.Tensor4D {
  if (d === 1) return f;
  const [fh, fw, ci, cm] = f.shape;
  const eh = (fh - 1) * d + 1;
  const ew = (fw - 1) * d + 1;
  const src = f.dataSync();
  const out = new Float32Array(eh * ew * ci * cm);
  for (let kh = 0; kh < fh; kh++)
    for (let kw = 0; kw < fw; kw++)
      for (let j = 0; j < ci * cm; j++)
        out[(kh * d * ew + kw * d) * ci * cm + j] = src[(kh * fw + kw) * ci * cm + j];
  return tf.tensor4d(out, [eh, ew, ci, cm]);
}

describe('Conv2DBackpropInput on wasm matches cpu', () => {
  const cases: ConvCase[] = [
    ...convCases,
    { x: [2, 7, 7, 3], f: [2, 2, 3, 4], strides: 2, pad: 'valid' },
    { x: [2, 8, 8, 2], f: [3, 3, 2, 3], strides: 3, pad: 'same' },
    { x: [1, 6, 9, 2], f: [5, 3, 2, 2], strides: 2, pad: 'same' },
  ];
  for (const c of cases) {
    it(`x ${c.x} filter ${c.f} stride ${c.strides} ${c.pad}`, async () => {
      const dyShape = tf.tidy(() => tf.conv2d(z4(c.x), z4(c.f), c.strides, c.pad).shape);
      await expectParity(
        () =>
          tf
            .engine()
            .runKernel(
              'Conv2DBackpropInput',
              { dy: t(dyShape, 15), filter: t(c.f, 16) },
              { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
            ) as tf.Tensor,
      );
    });
  }
});

describe('depthwise conv backprops on wasm match cpu', () => {
  const cases: ConvCase[] = [
    { x: [1, 6, 6, 2], f: [3, 3, 2, 1], strides: 1, pad: 'same' },
    { x: [2, 9, 8, 3], f: [3, 3, 3, 2], strides: 2, pad: 'same' },
    { x: [3, 7, 7, 2], f: [2, 3, 2, 3], strides: 1, pad: 'valid' },
    { x: [2, 10, 10, 2], f: [3, 3, 2, 2], strides: 1, pad: 'same', dilations: 2 },
    { x: [2, 11, 9, 1], f: [3, 3, 1, 2], strides: 2, pad: 'valid', dilations: 2 },
    { x: [2, 11, 9, 1], f: [3, 3, 1, 2], strides: 2, pad: 'valid' },
  ];
  for (const c of cases) {
    const d = c.dilations ?? 1;
    const label = `x ${c.x} filter ${c.f} stride ${c.strides} ${c.pad} dilation ${d}`;
    const dyShapeOf = () =>
      tf.tidy(() => tf.depthwiseConv2d(z4(c.x), z4(c.f), c.strides, c.pad, 'NHWC', d).shape);
    const [fh, fw, ci, cm] = c.f;
    const expanded = [(fh - 1) * d + 1, (fw - 1) * d + 1, ci, cm];
    const attrs = { strides: c.strides, pad: c.pad };

    it(`filter gradient, ${label}`, async () => {
      const x = () => t(c.x, 21);
      const dyShape = dyShapeOf();
      const dy = () => t(dyShape, 22);
      const [ref] = await runOn('cpu', () => {
        const full = tf
          .engine()
          .runKernel(
            'DepthwiseConv2dNativeBackpropFilter',
            { x: x(), dy: dy() },
            { ...attrs, dilations: 1, filterShape: expanded },
          ) as tf.Tensor4D;
        // Keep the taps that exist in the dilated filter.
        return tf.stridedSlice(full, [0, 0, 0, 0], full.shape, [d, d, 1, 1]);
      });
      const [got] = await runOn(
        'wasm',
        () =>
          tf
            .engine()
            .runKernel(
              'DepthwiseConv2dNativeBackpropFilter',
              { x: x(), dy: dy() },
              { ...attrs, dilations: d, filterShape: c.f },
            ) as tf.Tensor,
      );
      expect(relError(got, ref)).toBeLessThanOrEqual(TOL);
    });

    it(`input gradient, ${label}`, async () => {
      const dyShape = dyShapeOf();
      const dy = () => t(dyShape, 23);
      const f = () => t(c.f, 24) as tf.Tensor4D;
      const [ref] = await runOn(
        'cpu',
        () =>
          tf
            .engine()
            .runKernel(
              'DepthwiseConv2dNativeBackpropInput',
              { dy: dy(), filter: dilateFilter(f(), d) },
              { ...attrs, dilations: 1, inputShape: c.x },
            ) as tf.Tensor,
      );
      const [got] = await runOn(
        'wasm',
        () =>
          tf
            .engine()
            .runKernel(
              'DepthwiseConv2dNativeBackpropInput',
              { dy: dy(), filter: f() },
              { ...attrs, dilations: d, inputShape: c.x },
            ) as tf.Tensor,
      );
      expect(relError(got, ref)).toBeLessThanOrEqual(TOL);
    });
  }

  it('gradients of a depthwise conv through tf.grads', async () => {
    await expectParity(() => {
      const g = tf.grads((x: tf.Tensor, f: tf.Tensor) =>
        tf
          .depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same')
          .square()
          .sum(),
      );
      return g([t([2, 9, 7, 3], 25), t([3, 3, 3, 2], 26)]);
    });
  });
});

describe('UnsortedSegmentSum on wasm matches cpu', () => {
  it('sums rows by segment, dropping out-of-range ids', async () => {
    await expectParity(() =>
      tf.unsortedSegmentSum(t([6, 4], 31), tf.tensor1d([0, 2, 2, 5, -1, 0], 'int32'), 4),
    );
  });
  it('gradient of gather (an embedding lookup)', async () => {
    await expectParity(() => {
      const table = t([10, 3], 32);
      const ids = tf.tensor2d(
        [
          [1, 2, 1],
          [9, 0, 1],
        ],
        [2, 3],
        'int32',
      );
      return tf.grad((w: tf.Tensor) => tf.gather(w, ids).square().sum())(table);
    });
  });
});

describe('MaxPoolGrad on wasm matches cpu', () => {
  type Pair = number | [number, number];
  const cases: { x: number[]; size: Pair; strides: Pair; pad: 'same' | 'valid' }[] = [
    // SIMD path: channels a multiple of 4, windows neither overlapping nor leaving the input.
    { x: [2, 8, 8, 8], size: 2, strides: 2, pad: 'valid' },
    { x: [2, 8, 8, 4], size: 2, strides: 2, pad: 'same' },
    { x: [3, 1, 11, 16], size: [1, 2], strides: [1, 2], pad: 'valid' }, // Conv1D's pool, odd length
    { x: [2, 9, 10, 12], size: 3, strides: 3, pad: 'valid' },
    // JavaScript path: the rest.
    { x: [2, 8, 8, 3], size: 2, strides: 2, pad: 'same' },
    { x: [2, 7, 9, 2], size: 3, strides: 2, pad: 'same' },
    { x: [1, 7, 7, 4], size: 3, strides: 1, pad: 'valid' },
    { x: [3, 5, 5, 2], size: 1, strides: 1, pad: 'same' },
  ];
  for (const c of cases) {
    it(`x ${c.x} pool ${c.size} stride ${c.strides} ${c.pad}, with ReLU ties`, async () => {
      await expectParity(() =>
        tf.grad((x: tf.Tensor) =>
          tf
            .maxPool(tf.relu(x) as tf.Tensor4D, c.size, c.strides, c.pad)
            .mul(t([c.x[0], 1, 1, c.x[3]], 41))
            .sum(),
        )(t(c.x, 40)),
      );
    });
  }
});

describe('fused Adam on wasm matches stock Adam on cpu', () => {
  for (const threads of ['as configured']) {
    it(`five steps, odd-sized variables (SIMD body and scalar tail), ${threads}`, async () => {
      const run = async (backend: 'cpu' | 'wasm') => {
        await tf.setBackend(backend);
        const w = tf.variable(t([41, 30], 51), true, `adam_w_${backend}`);
        const b = tf.variable(t([31], 52), true, `adam_b_${backend}`);
        const x = t([8, 41], 53);
        const opt = tf.train.adam(0.01, 0.8, 0.95, 1e-6);
        for (let i = 0; i < 5; i++) {
          opt.minimize(
            () =>
              tf
                .matMul(x, w)
                .slice([0, 0], [8, 30])
                .sum(1)
                .add(b.sum())
                .square()
                .mean() as tf.Scalar,
          );
        }
        const weights = await opt.getWeights();
        const out = [w, b, ...weights.slice(1).map((nt) => nt.tensor)].map((v) =>
          v.dataSync().slice(),
        );
        tf.dispose([w, b, x]);
        opt.dispose();
        return out;
      };
      const ref = await run('cpu');
      const got = await run('wasm');
      expect(got.length).toBe(6);
      for (let i = 0; i < ref.length; i++)
        expect(relError(got[i], ref[i])).toBeLessThanOrEqual(TOL);
    });
  }
});

describe('Tile on wasm matches cpu', () => {
  const cases: [number[], number[]][] = [
    [
      [1, 1, 1, 24],
      [32, 20, 20, 1],
    ],
    [
      [2, 3],
      [3, 2],
    ],
    [[4], [5]],
    [
      [2, 1, 3],
      [1, 4, 2],
    ],
    [
      [3, 2],
      [1, 1],
    ],
    // Repeats that are not powers of two (the doubling copies' last partial step).
    [
      [3, 1],
      [1, 7],
    ],
    [
      [2, 2],
      [5, 3],
    ],
  ];
  for (const [shape, reps] of cases) {
    it(`${JSON.stringify(shape)} × ${JSON.stringify(reps)}`, async () => {
      await expectParity(() => tf.tile(t(shape, 61), reps));
    });
  }
  it('int32 and bool', async () => {
    await expectParity(() =>
      tf
        .tile(
          tf.tensor2d(
            [
              [1, 2],
              [3, 4],
            ],
            [2, 2],
            'int32',
          ),
          [2, 3],
        )
        .toFloat(),
    );
    await expectParity(() => tf.tile(tf.tensor1d([1, 0, 1], 'bool'), [2]).toFloat());
  });
});

describe('Slice, SplitV and Unpack on wasm match cpu', () => {
  it('contiguous and strided slices of ranks 1–5', async () => {
    await expectParity(() => [
      tf.slice(t([400, 8], 71), [20, 0], [20, 8]),
      tf.slice(t([6, 9], 72), [1, 2], [3, 4]),
      tf.slice(t([10], 73), [3], [5]),
      tf.slice(t([4, 5, 6], 74), [1, 0, 2], [2, 5, 3]),
      tf.slice(t([3, 4, 5, 6], 75), [1, 1, 1, 1], [2, 2, 3, 4]),
      tf.slice(t([2, 3, 4, 5, 6], 76), [0, 1, 2, 1, 3], [2, 2, 1, 3, 2]),
      tf
        .slice(t([3, 4], 77), [1, 0], [0, 4])
        .reshape([0, 4])
        .sum(),
    ]);
  });
  it('split along each axis, equal and given sizes; unstack', async () => {
    const x = () => t([6, 8, 4], 78);
    await expectParity(() => tf.split(x(), 3, 0));
    await expectParity(() => tf.split(x(), [1, 5, 2], 1));
    await expectParity(() => tf.split(x(), 4, 2));
    await expectParity(() => tf.unstack(x(), 0));
    await expectParity(() => tf.unstack(x(), 1));
    await expectParity(() => tf.unstack(x(), -1));
  });
  it('int32 and bool, and the gradient of a split (an LSTM’s gates)', async () => {
    await expectParity(() =>
      tf.slice(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [0, 1], [2, 2]).toFloat(),
    );
    await expectParity(() =>
      tf.split(tf.tensor1d([1, 0, 1, 1], 'bool'), 2).map((p) => p.toFloat()),
    );
    await expectParity(() =>
      tf.grad((z: tf.Tensor) => {
        const [i, f, g, o] = tf.split(z, 4, 1);
        return tf.sum(tf.mul(tf.mul(tf.sigmoid(i), tf.tanh(g)), tf.add(tf.sigmoid(f), o)));
      })(t([5, 12], 79)),
    );
  });
});

describe('Sum on wasm matches cpu', () => {
  it('over leading axes (bias gradients), keepDims, and the other reductions (stock)', async () => {
    await expectParity(() => [
      tf.sum(t([400, 37], 81), 0),
      tf.sum(t([4, 5, 6], 82), [0, 1]),
      tf.sum(t([4, 5, 6], 83), 0, true),
      tf.sum(t([4, 5, 6], 84), [1, 0]),
      tf.sum(t([4, 5, 6], 85), 1),
      tf.sum(t([4, 5], 86), -1),
      tf.sum(t([4, 5], 87)),
      tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 0).toFloat(),
    ]);
  });
  it('gradient of a bias added to a batch', async () => {
    await expectParity(() =>
      tf.grad((b: tf.Tensor) => tf.sum(tf.square(tf.add(t([30, 7], 88), b))))(t([7], 89)),
    );
  });
});

describe('OneHot on wasm matches cpu', () => {
  it('float32 output (stock wasm wrote int32 bits), int32, custom on/off values, out-of-range ids', async () => {
    const ids = () => tf.tensor1d([0, 3, 1, -1, 7, 2], 'int32');
    await expectParity(() => tf.oneHot(ids(), 5, 1, 0, 'float32'));
    await expectParity(() => tf.oneHot(ids(), 5, 2.5, -1, 'float32'));
    await expectParity(() => tf.oneHot(ids(), 5).toFloat());
    await expectParity(() =>
      tf.oneHot(tf.tensor2d([1, 0, 2, 2], [2, 2], 'int32'), 3, 1, 0, 'float32'),
    );
  });
});

describe('GatherV2 and broadcast comparisons on wasm match cpu', () => {
  it('gathers embedding rows for 2-D ids (float and int tables)', async () => {
    await expectParity(() =>
      tf.gather(
        t([10, 6], 71),
        tf.tensor2d(
          [
            [1, 9, 1],
            [0, 3, 3],
          ],
          [2, 3],
          'int32',
        ),
      ),
    );
    await expectParity(() =>
      tf
        .gather(
          tf.tensor2d(
            [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
            [3, 2],
            'int32',
          ),
          tf.tensor1d([2, 0], 'int32'),
        )
        .toFloat(),
    );
    await expectParity(() => tf.gather(t([4, 5, 3], 72), tf.tensor1d([1, 2], 'int32'), 1));
    // The last axis (a sampled softmax's columns), repeated and 2-D indices.
    await expectParity(() => tf.gather(t([3, 9], 79), tf.tensor1d([8, 0, 8, 4], 'int32'), 1));
    await expectParity(() =>
      tf.gather(t([2, 3, 6], 80), tf.tensor2d([5, 1, 1, 0], [2, 2], 'int32'), -1),
    );
  });

  it('rejects an out-of-range id clearly', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.gather(t([3, 2], 73), tf.tensor1d([0, 3], 'int32'))).toThrow(
      /index value 3 is not in \[0, 2\]/,
    );
  });

  it('compares with broadcasting (the max-over-time gradient’s Equal and friends)', async () => {
    const x = () => tf.round(t([4, 7, 5], 74).mul(4));
    const m = () => tf.round(t([4, 1, 5], 75).mul(4));
    await expectParity(() => tf.equal(x(), m()).toFloat());
    await expectParity(() => tf.greater(x(), m()).toFloat());
    await expectParity(() => tf.lessEqual(m(), x()).toFloat());
    await expectParity(() => tf.notEqual(x(), tf.scalar(0)).toFloat());
    await expectParity(() => tf.less(tf.round(t([5], 76)), x()).toFloat());
    // A column against a matrix (logsumexp's max gradient): Tile of 1-element blocks.
    await expectParity(() =>
      tf.equal(tf.round(t([6, 37], 81).mul(2)), tf.round(t([6, 1], 82).mul(2))).toFloat(),
    );
  });

  it('gradient of global max pooling over time', async () => {
    await expectParity(() =>
      tf.grad((v: tf.Tensor) =>
        v
          .max(1)
          .mul(t([3, 4], 78))
          .sum(),
      )(t([3, 9, 4], 77)),
    );
  });
});
