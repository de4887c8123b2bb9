import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSystemHandler } from '../src/artifacts/fs-handler';
import { initBackend } from '../src/backend/init';
import * as tf from '../src/tf';

const root = mkdtempSync(join(tmpdir(), 'dl-fs-quantized-'));
beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A saved Dense(2) on 2 inputs whose weights are then stored as float16, as tfjs-converter's --quantize_float16 writes them. */
async function float16Model(dir: string, shardBytes?: number) {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2] })] });
  await model.save(fileSystemHandler(dir));
  model.dispose();
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  for (const w of json.weightsManifest[0].weights) w.quantization = { dtype: 'float16' };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  // kernel [[1, −1], [0.5, 2]], bias [0, 1] in IEEE half precision
  const halves = Uint16Array.of(0x3c00, 0xbc00, 0x3800, 0x4000, 0x0000, 0x3c00);
  const bytes = new Uint8Array(halves.buffer).subarray(0, shardBytes ?? halves.byteLength);
  writeFileSync(join(dir, 'weights.bin'), bytes);
}

describe('fileSystemHandler loads quantized weights', () => {
  it('a float16-quantized model (2 bytes a value) loads with its values', async () => {
    const dir = join(root, 'f16');
    await float16Model(dir);
    const model = await tf.loadLayersModel(fileSystemHandler(dir));
    const [kernel, bias] = model.getWeights().map((t) => Array.from(t.dataSync()));
    expect(kernel).toEqual([1, -1, 0.5, 2]);
    expect(bias).toEqual([0, 1]);
    model.dispose();
  });

  it('a shard shorter than the quantized sizes is still refused, naming the file', async () => {
    const dir = join(root, 'short');
    await float16Model(dir, 10);
    await expect(tf.loadLayersModel(fileSystemHandler(dir))).rejects.toThrow(
      /weights are 10 bytes; model.json describes 12/,
    );
  });
});
