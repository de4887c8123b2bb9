import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSystemHandler, Rng, tf, withSeededRandom } from '@dl/core';
import { backboneFromDirectory } from '../../src/backbones/registry';
import type { BackboneSpec } from '../../src/backbones/spec';

/**
 * A tiny seeded conv net saved as a TF.js layers model directory, used as a user backbone:
 * 16×16 input, features cut at `conv2` (mean+max pooled, 16 values). Fast enough for tests
 * that extract features many times.
 */
export async function tinyBackbone(): Promise<{ spec: BackboneSpec; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dl-transfer-tiny-'));
  const model = withSeededRandom(new Rng(7), () => {
    const input = tf.input({ shape: [16, 16, 3] });
    const c1 = tf.layers
      .conv2d({ filters: 6, kernelSize: 3, activation: 'relu', name: 'conv1' })
      .apply(input) as tf.SymbolicTensor;
    const c2 = tf.layers
      .conv2d({ filters: 8, kernelSize: 3, strides: 2, activation: 'relu', name: 'conv2' })
      .apply(c1) as tf.SymbolicTensor;
    const out = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(c2) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  });
  await model.save(fileSystemHandler(dir));
  model.dispose();
  const spec = backboneFromDirectory(dir, {
    name: 'tiny',
    features: [{ node: 'conv2', pooling: 'mean+max' }],
    preprocessing: { size: [16, 16], scaling: 'unit' },
  });
  return { spec, dir };
}
