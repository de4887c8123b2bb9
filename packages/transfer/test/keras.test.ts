import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DlError, initBackend, Rng, tf, withSeededRandom } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../src/backbones/load';
import { buildInceptionV3 } from '../src/keras/inception-v3';
import { buildMobileNetV2, makeDivisible } from '../src/keras/mobilenet-v2';
import { buildVgg16, buildVgg19 } from '../src/keras/vgg';
import { loadKerasWeights, saveKerasWeights } from '../src/keras/weights';

let root: string;

beforeAll(async () => {
  await initBackend({ threads: 1 });
  root = await mkdtemp(join(tmpdir(), 'dl-transfer-keras-'));
});

// Keras' own counts (model.summary() of keras.applications), with and without the top.
const COUNTS = [
  ['VGG16', buildVgg16, 138_357_544, 14_714_688],
  ['VGG19', buildVgg19, 143_667_240, 20_024_384],
  ['InceptionV3', buildInceptionV3, 23_851_784, 21_802_784],
  ['MobileNetV2', buildMobileNetV2, 3_538_984, 2_257_984],
] as const;

describe('Keras-compatible builders', () => {
  for (const [name, build, withTop, withoutTop] of COUNTS) {
    it(`${name} has Keras' parameter count with and without the top`, () => {
      const top = build({ init: 'zeros' });
      const base = build({ includeTop: false, init: 'zeros' });
      try {
        expect(top.countParams()).toBe(withTop);
        expect(base.countParams()).toBe(withoutTop);
        expect(top.getLayer('predictions').outputShape).toEqual([null, 1000]);
      } finally {
        top.dispose();
        base.dispose();
      }
    }, 120_000);
  }

  it("uses Keras' layer names", () => {
    const m = buildMobileNetV2({ includeTop: false, inputShape: [64, 64, 3], alpha: 0.35 });
    const names = m.layers.map((l) => l.name);
    m.dispose();
    for (const n of [
      'Conv1',
      'bn_Conv1',
      'expanded_conv_depthwise',
      'block_1_pad',
      'block_16_project_BN',
      'Conv_1_bn',
      'out_relu',
    ]) {
      expect(names).toContain(n);
    }
    expect(makeDivisible(32 * 0.35)).toBe(16);
    const v = buildVgg16({ includeTop: false, inputShape: [32, 32, 3], init: 'zeros' });
    expect(v.layers.slice(1, 4).map((l) => l.name)).toEqual([
      'block1_conv1',
      'block1_conv2',
      'block1_pool',
    ]);
    v.dispose();
  });

  it('refuses an input size the top cannot take', () => {
    expect(() => buildVgg16({ inputShape: [64, 64, 3] })).toThrow(
      /with the top the input must be 224×224/,
    );
  });
});

const seeded = <T>(seed: number, f: () => T) => withSeededRandom(new Rng(seed), f);

function outputsOf(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
}

describe('Keras .h5 weights', () => {
  const small = {
    includeTop: false,
    inputShape: [32, 32, 3] as [number, number, number],
    alpha: 0.35,
  };

  it('round trip: saved .h5 weights load into a fresh model and give the same outputs', async () => {
    const a = seeded(1, () => buildMobileNetV2(small));
    const b = seeded(2, () => buildMobileNetV2(small));
    const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 3);
    try {
      // BatchNormalization moving statistics too: make them non-trivial first
      for (const l of a.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
        l.setWeights(l.getWeights().map((w, i) => tf.tidy(() => w.add(tf.scalar(0.1 * (i + 1))))));
      }
      const path = join(root, 'mnv2.h5');
      await saveKerasWeights(a, path);
      const before = outputsOf(b, x);
      const report = await loadKerasWeights(b, path);
      expect(report.missing).toEqual([]);
      expect(report.unexpected).toEqual([]);
      expect(report.mismatched).toEqual([]);
      expect(report.loaded.length).toBe(a.layers.filter((l) => l.weights.length).length);
      expect(report.parameters).toBe(a.countParams());
      const want = outputsOf(a, x);
      const got = outputsOf(b, x);
      expect(Array.from(got)).toEqual(Array.from(want));
      expect(Array.from(before)).not.toEqual(Array.from(want));
    } finally {
      tf.dispose(x);
      a.dispose();
      b.dispose();
    }
  });

  it('weights of another architecture are refused, naming the file, and nothing is set', async () => {
    const vgg = seeded(1, () => buildVgg16({ includeTop: false, inputShape: [32, 32, 3] }));
    const path = join(root, 'vgg16.h5');
    await saveKerasWeights(vgg, path);
    vgg.dispose();
    const m = buildMobileNetV2(small);
    const before = m.getWeights().map((w) => w.dataSync()[0]);
    const err = await loadKerasWeights(m, path).catch((e) => e);
    expect(err).toBeInstanceOf(DlError);
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/no layer of the file matches the model/);
    expect(err.message).toMatch(/missing from the file: Conv1, bn_Conv1/);
    expect(m.getWeights().map((w) => w.dataSync()[0])).toEqual(before);
    m.dispose();
  });

  it('a shape mismatch names the layer and both shapes', async () => {
    const a = buildMobileNetV2(small);
    const path = join(root, 'alpha035.h5');
    await saveKerasWeights(a, path);
    a.dispose();
    const wider = buildMobileNetV2({ ...small, alpha: 0.5 });
    const err = await loadKerasWeights(wider, path).catch((e) => e);
    expect(err).toBeInstanceOf(DlError);
    // α 0.35 → 0.5: the first blocks keep their widths, block 1's projection doubles
    expect(err.message).toMatch(
      /block_1_project block_1_project\/kernel:0: model has \[1,1,48,16\], file has \[1,1,48,8\]/,
    );
    expect(err.message).toMatch(/shape mismatches in all/);
    wider.dispose();
  });

  it('no-top weights into a model with its top: missing layers reported, loaded with allowMissing', async () => {
    const base = seeded(4, () => buildVgg19({ includeTop: false, inputShape: [32, 32, 3] }));
    const path = join(root, 'vgg19-notop.h5');
    await saveKerasWeights(base, path);
    base.dispose();
    const pooled = buildVgg19({
      includeTop: false,
      inputShape: [32, 32, 3],
      pooling: 'avg',
      init: 'zeros',
    });
    const withHead = tf.model({
      inputs: pooled.inputs,
      outputs: tf.layers
        .dense({ units: 2, name: 'head' })
        .apply(pooled.outputs[0]) as tf.SymbolicTensor,
    });
    await expect(loadKerasWeights(withHead, path)).rejects.toThrow(/missing from the file: head/);
    const report = await loadKerasWeights(withHead, path, { allowMissing: true });
    expect(report.missing).toEqual(['head']);
    expect(report.loaded).toHaveLength(16);
    withHead.dispose();
  });

  it('a file that is not HDF5, or HDF5 without Keras layers, is refused naming it', async () => {
    const text = join(root, 'notes.h5');
    await writeFile(text, 'not hdf5');
    const m = buildMobileNetV2(small);
    await expect(loadKerasWeights(m, text)).rejects.toThrow(/notes\.h5: not an HDF5 file/);
    await expect(loadKerasWeights(m, join(root, 'absent.h5'))).rejects.toThrow(
      /absent\.h5: cannot read/,
    );
    m.dispose();
  });

  it('does not overwrite a file of the user unless told to', async () => {
    const mine = join(root, 'mine.h5');
    await writeFile(mine, 'precious');
    const m = buildMobileNetV2(small);
    await expect(saveKerasWeights(m, mine)).rejects.toThrow(/not written by @dl/);
    expect(await readFile(mine, 'utf8')).toBe('precious');
    await saveKerasWeights(m, mine, { overwrite: true });
    expect((await readFile(mine)).subarray(1, 4).toString()).toBe('HDF');
    m.dispose();
  });
});

describe('Keras 2 weights by name: nsfwjs models are keras.applications networks', () => {
  // nsfwjs ships Keras 2.2.4 InceptionV3 and MobileNetV2 (with its own top): their weights,
  // written to .h5 and loaded by name into our builders, must give the same features.
  const cases = [
    [
      'nsfw-inception-v3',
      () => buildInceptionV3({ includeTop: false, init: 'zeros' }),
      'mixed10',
      299,
    ],
    [
      'nsfw-mobilenet-v2',
      () => buildMobileNetV2({ includeTop: false, init: 'zeros' }),
      'out_relu',
      224,
    ],
  ] as const;
  for (const [name, build, node, side] of cases) {
    it(`${name}: our builder with its weights computes the same ${node}`, async () => {
      const backbone = await loadBackbone(name);
      const ours = build();
      const path = join(root, `${name}.h5`);
      const x = tf.randomUniform([1, side, side, 3], 0, 1, 'float32', 5);
      try {
        if (backbone.network.kind !== 'layers') throw new Error('expected a layers model');
        await saveKerasWeights(backbone.network.model, path);
        const report = await loadKerasWeights(ours, path);
        expect(report.missing).toEqual([]);
        expect(report.unexpected).toEqual(['dense_1', 'dense_2', 'dense_3']);
        const want = tf.tidy(() =>
          (backbone.forward(x as tf.Tensor4D).dataSync() as Float32Array).slice(),
        );
        const got = tf.tidy(
          () => (ours.predict(x) as tf.Tensor).mean([1, 2]).dataSync() as Float32Array,
        );
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
        expect(worst).toBeLessThan(1e-4);
      } finally {
        tf.dispose(x);
        ours.dispose();
        backbone.dispose();
      }
    }, 300_000);
  }
});
