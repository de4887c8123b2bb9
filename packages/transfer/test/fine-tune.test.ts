import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DlError,
  fileSystemHandler,
  initBackend,
  Rng,
  readDlMeta,
  readImage,
  tf,
  withSeededRandom,
} from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBackbone } from '../src/backbones/backbone';
import { preprocessImages } from '../src/backbones/preprocess';
import { backboneFromDirectory } from '../src/backbones/registry';
import type { BackboneSpec } from '../src/backbones/spec';
import type { TransferDataset } from '../src/data';
import { evaluateTransfer } from '../src/evaluate';
import { crossValidateFineTune } from '../src/fine-tune/cv';
import { fineTuneNetwork, withHead } from '../src/fine-tune/network';
import { logNumber } from '../src/head-fit';
import { buildTransferModel } from '../src/model';
import { loadTransferPredictor } from '../src/predict';
import { synthTransferDataset } from '../src/synth';
import type { TransferFeatureRecord } from '../src/task';
import { trainTransfer } from '../src/train';

/**
 * A tiny seeded conv net with a residual block and batch norms (random statistics, so an
 * inference-mode BN is not the identity): conv1 → bn1 → conv_a → bn_a → res_add(bn1, bn_a) →
 * res_relu → conv2 (stride 2) → pool. Features: conv2, mean+max pooled (24 values).
 */
function residualNet(): tf.LayersModel {
  return withSeededRandom(new Rng(11), () => {
    const input = tf.input({ shape: [24, 24, 3], name: 'image' });
    const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
      layer.apply(x) as tf.SymbolicTensor;
    const c1 = apply(
      tf.layers.conv2d({
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        name: 'conv1',
      }),
      input,
    );
    const b1 = apply(tf.layers.batchNormalization({ name: 'bn1' }), c1);
    const ca = apply(
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', name: 'conv_a' }),
      b1,
    );
    const ba = apply(tf.layers.batchNormalization({ name: 'bn_a' }), ca);
    const add = apply(tf.layers.add({ name: 'res_add' }), [b1, ba]);
    const relu = apply(tf.layers.activation({ activation: 'relu', name: 'res_relu' }), add);
    const c2 = apply(
      tf.layers.conv2d({
        filters: 12,
        kernelSize: 3,
        strides: 2,
        activation: 'relu',
        name: 'conv2',
      }),
      relu,
    );
    const out = apply(tf.layers.globalAveragePooling2d({ name: 'pool' }), c2);
    const model = tf.model({ inputs: input, outputs: out });
    const rng = new Rng(5);
    for (const name of ['bn1', 'bn_a']) {
      const bn = model.getLayer(name);
      const n = 8;
      const vec = (f: () => number) => tf.tensor1d(Array.from({ length: n }, f));
      const ws = [
        vec(() => 0.5 + rng.next()),
        vec(() => rng.normal(0, 0.3)),
        vec(() => rng.normal(0, 0.5)),
        vec(() => 0.3 + rng.next()),
      ];
      bn.setWeights(ws);
      tf.dispose(ws);
    }
    return model;
  });
}

const FEATURES = [{ node: 'conv2', pooling: 'mean+max' as const }];

let root: string;
let spec: BackboneSpec;
let data: TransferDataset;

beforeAll(async () => {
  await initBackend({ threads: 1 });
  root = await mkdtemp(join(tmpdir(), 'dl-transfer-ft-'));
  const model = residualNet();
  await model.save(fileSystemHandler(join(root, 'net')));
  model.dispose();
  spec = backboneFromDirectory(join(root, 'net'), {
    name: 'tiny-residual',
    features: FEATURES,
    preprocessing: { size: [24, 24], scaling: 'unit' },
  });
  data = await synthTransferDataset({
    outDir: join(root, 'shapes'),
    classes: ['disc', 'square', 'ring'],
    perClass: 40,
    size: 32,
    seed: 4,
  });
});

describe('splitting a layers backbone for fine-tuning', () => {
  for (const [from, inputs] of [
    ['conv_a', 1],
    ['bn_a', 2],
    ['res_add', 2],
    ['conv2', 1],
    ['conv1', 1],
  ] as const) {
    it(`from ${from}: bottom then rebuilt top gives the original features (${inputs} inputs)`, () => {
      const model = residualNet();
      const backbone = makeBackbone(
        { ...spec, weights: { kind: 'directory', path: '-', format: 'layers-model' } },
        { kind: 'layers', model, weightsId: 'test' },
      );
      const net = fineTuneNetwork(model, backbone.spec, from);
      expect(net.split.refs).toHaveLength(inputs);
      expect(net.split.topLayers[0]).toBe(from);
      const x = tf.randomUniform([3, 24, 24, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      const [want, got] = tf.tidy(() => {
        const b = net.bottom(x);
        const f = net.features.predict(b.length === 1 ? b[0] : b) as tf.Tensor;
        return [backbone.forward(x).arraySync(), f.arraySync()] as number[][][];
      });
      expect(got[0]).toHaveLength(24);
      const diff = Math.max(...want.flat().map((v, i) => Math.abs(v - got.flat()[i])));
      expect(diff).toBeLessThan(1e-6);
      x.dispose();
      model.dispose();
    });
  }

  it('trains the top but keeps its batch norms in inference mode (statistics frozen)', async () => {
    const model = residualNet();
    const backbone = makeBackbone(
      { ...spec, weights: { kind: 'directory', path: '-', format: 'layers-model' } },
      { kind: 'layers', model, weightsId: 'test' },
    );
    const head = buildTransferModel({ featureDim: backbone.featureDim, classes: 3 });
    const net = fineTuneNetwork(model, backbone.spec, 'conv_a');
    const trained = withHead(net, head, null);
    const trainable = trained.trainableWeights.map((w) => w.originalName);
    expect(trainable.some((n) => n.startsWith('conv_a'))).toBe(true);
    expect(trainable.some((n) => n.startsWith('bn_a'))).toBe(false);
    expect(trainable.some((n) => n.startsWith('conv1'))).toBe(false);
    const bnBefore = model
      .getLayer('bn_a')
      .getWeights()
      .map((w) => w.arraySync());
    const convBefore = model.getLayer('conv_a').getWeights()[0].arraySync();
    trained.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
    const x = tf.randomUniform([8, 24, 24, 8], 0, 1, 'float32', 4);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3).toFloat();
    await trained.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    expect(
      model
        .getLayer('bn_a')
        .getWeights()
        .map((w) => w.arraySync()),
    ).toEqual(bnBefore);
    expect(model.getLayer('conv_a').getWeights()[0].arraySync()).not.toEqual(convBefore);
    tf.dispose([x, y]);
    trained.optimizer.dispose();
    head.dispose();
    trained.dispose();
    model.dispose();
  });
});

describe('epoch logs', () => {
  it('are read as numbers whether tfjs hands over numbers or scalar tensors', async () => {
    const t = tf.scalar(0.25);
    expect(await logNumber({ val_loss: t as unknown as number }, 'val_loss')).toBe(0.25);
    expect(await logNumber({ val_loss: 0.5 }, 'val_loss')).toBe(0.5);
    expect(await logNumber({}, 'val_loss')).toBeNaN();
    t.dispose();
  });
});

describe('trainTransfer with fineTune', () => {
  it('refuses a graph-model backbone, naming the layers backbones', async () => {
    const run = trainTransfer({
      outDir: join(root, 'graph'),
      data,
      backbone: 'centernet',
      fineTune: { from: 'anything' },
      progress: 'silent',
    });
    await expect(run).rejects.toThrow(DlError);
    await expect(run).rejects.toThrow(/graph model.*layers backbone: nsfw-mobilenet-v2, /);
  });

  it('refuses an unknown layer, listing the layers it can start from', async () => {
    const run = trainTransfer({
      outDir: join(root, 'unknown'),
      data,
      backbone: spec,
      fineTune: { from: 'block_16_expand' },
      progress: 'silent',
    });
    await expect(run).rejects.toThrow(
      /no such layer; the layers it can start from are: conv1, bn1, conv_a, bn_a, res_add, res_relu, conv2/,
    );
  });

  // Synthetic shapes (40 a class, 3 classes; 24 test images) on the tiny random residual net:
  // its frozen random features separate them only partly (0.67 here); training its top
  // (from conv_a: the residual Add reads the bottom's bn1 too) must beat that by 0.1 on the
  // held-out images and reach 0.75 (chance 1/3). Measured: 0.667 frozen, 0.833 fine-tuned.
  const GOAL = 0.75;

  it('learns at least as well as the frozen head, saves, reloads and predicts identically', async () => {
    const outDir = join(root, 'fine-tuned');
    const r = await trainTransfer({
      outDir,
      data,
      backbone: spec,
      fineTune: { from: 'conv_a', learningRate: 1e-2, epochs: 100, patience: 15, views: 4 },
      validation: 0.2,
      progress: 'silent',
      seed: 3,
    });
    expect(r.split.test).toBe(24);
    expect(r.fineTune?.examples).toBe(r.split.train * 4);
    expect(r.fineTune?.improved).toBe(true);
    const frozen = r.fineTune?.frozen.accuracy ?? 1;
    expect(r.metrics.accuracy).toBeGreaterThanOrEqual(frozen + 0.1);
    expect(r.metrics.accuracy).toBeGreaterThanOrEqual(GOAL);
    const meta = await readDlMeta(outDir);
    const record = meta.preprocessing as unknown as TransferFeatureRecord;
    expect(record.fineTune?.from).toBe('conv_a');
    expect(record.fineTune?.inputs.map((i) => i.layer)).toEqual(['bn1']);
    expect(meta.extra?.fineTune).toMatchObject({ from: 'conv_a', learningRate: 1e-2, views: 4 });
    expect(meta.metrics?.accuracy).toBe(r.metrics.accuracy);

    const paths = data.images.map((im) => im.path);
    const predictor = await loadTransferPredictor(outDir);
    const before = tf.memory().numTensors;
    const p = await predictor.probabilities(paths);
    expect(tf.memory().numTensors).toBe(before);
    expect(predictor.backbone.weightsId).not.toBe(record.weightsId);
    predictor.dispose();

    // the same numbers from plain tfjs: the saved model on the backbone cut at the recorded tensor
    const net = await tf.loadLayersModel(fileSystemHandler(join(root, 'net')));
    const saved = await tf.loadLayersModel(fileSystemHandler(outDir));
    const cut = tf.model({ inputs: net.inputs, outputs: net.getLayer('bn1').output });
    const images = await Promise.all(paths.map((path) => readImage(path)));
    const plain = tf.tidy(() => {
      const x = preprocessImages(images, spec.preprocessing);
      return (saved.predict(cut.predict(x) as tf.Tensor) as tf.Tensor).arraySync() as number[][];
    });
    const diff = Math.max(...plain.flat().map((v, i) => Math.abs(v - p.flat()[i])));
    expect(diff).toBeLessThan(1e-5);
    net.dispose();
    saved.dispose();

    // a second load predicts the same, and evaluation goes through the fine-tuned top
    const again = await loadTransferPredictor(outDir);
    expect(await again.probabilities(paths.slice(0, 5))).toEqual(p.slice(0, 5));
    again.dispose();
    const evaluation = await evaluateTransfer(outDir, data);
    expect(evaluation.metrics.accuracy).toBeGreaterThanOrEqual(GOAL);
  }, 300_000);
});

describe('crossValidateFineTune', () => {
  const cv = (learningRate: number, epochs: number, views: number) =>
    crossValidateFineTune({
      data,
      backbone: spec,
      fineTune: { from: 'conv_a', learningRate, epochs, patience: 15, views },
      folds: 3,
      validation: 0.2,
      progress: 'silent',
      seed: 3,
    });

  it('scores every image once per recipe, and every fold starts from the pretrained top', async () => {
    const before = tf.memory().numTensors;
    const fast = await cv(1e-2, 100, 4);
    const slow = await cv(1e-4, 1, 2);
    expect(tf.memory().numTensors).toBe(before);
    for (const r of [fast, slow]) {
      expect(r.fineTuned.folds).toHaveLength(3);
      expect(r.fineTuned.folds.reduce((n, f) => n + f.metrics.testSamples, 0)).toBe(120);
      expect(r.fineTuned.pooled.metrics.testSamples).toBe(120);
      expect(r.frozen.pooled.metrics.testSamples).toBe(120);
      expect(r.seconds.folds).toHaveLength(3);
    }
    // the frozen head of fold 2 and 3 reads the top as the backbone shipped it: fold 1's
    // fine-tuning (fast or slow) must not leak into the next fold's frozen features
    expect(slow.frozen.folds.map((f) => f.metrics)).toEqual(
      fast.frozen.folds.map((f) => f.metrics),
    );
    expect(slow.frozen.pooled.metrics.ece).toBe(fast.frozen.pooled.metrics.ece);
    // and fine-tuning learns (measured: frozen 0.40 · 0.475 · 0.375, fine-tuned 0.625 · 0.775 ·
    // 0.375, the last fold keeping its frozen head): most folds improve, the mean by ≥ 0.1
    expect(fast.improved.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    fast.fineTuned.folds.forEach((f, i) => {
      expect(f.metrics.accuracy).toBeGreaterThanOrEqual(fast.frozen.folds[i].metrics.accuracy);
    });
    expect(fast.fineTuned.mean.accuracy).toBeGreaterThanOrEqual(fast.frozen.mean.accuracy + 0.1);
  }, 300_000);

  it('refuses a graph-model backbone and an empty data set', async () => {
    await expect(
      crossValidateFineTune({ data, backbone: 'centernet', fineTune: { from: 'x' } }),
    ).rejects.toThrow(/graph model/);
    await expect(
      crossValidateFineTune({
        data: { ...data, images: [] },
        backbone: spec,
        fineTune: { from: 'conv_a' },
      }),
    ).rejects.toThrow(/no images/);
  });
});
