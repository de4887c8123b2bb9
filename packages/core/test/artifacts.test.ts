import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDirAtomic } from '../src/artifacts/atomic';
import {
  dataFingerprint,
  loadModelDir,
  readDlMeta,
  saveModelDir,
} from '../src/artifacts/model-dir';
import { loadOptimizerState, saveOptimizerState } from '../src/artifacts/optimizer-state';
import { initBackend } from '../src/backend/init';
import { isDlError } from '../src/errors';
import * as tf from '../src/tf';

const root = mkdtempSync(join(tmpdir(), 'dl-artifacts-'));
const meta = { task: 'toy', package: { name: '@dl/core', version: '0.0.0' }, labels: ['a', 'b'] };

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function toy(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu' }));
  m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return m;
}

describe('model directories', () => {
  it('round-trips weights and dl.json; loads with plain tf.loadLayersModel too', async () => {
    const m = toy();
    const dir = join(root, 'roundtrip');
    await saveModelDir(m, dir, meta);
    expect(readdirSync(dir).sort()).toEqual(['dl.json', 'model.json', 'weights.bin']);
    const { model, meta: read } = await loadModelDir(dir, { task: 'toy' });
    expect(read).toMatchObject({
      format: 'dl-model',
      formatVersion: 1,
      task: 'toy',
      labels: ['a', 'b'],
    });
    const x = tf.tensor2d([[1, 2, 3]]);
    expect(Array.from((model.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((m.predict(x) as tf.Tensor).dataSync()),
    );
    // Plain TensorFlow.js, no @dl code: the standard model.json + shard through tf.io.fromMemory.
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const bin = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
    const plain = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      }),
    );
    expect(Array.from((plain.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((m.predict(x) as tf.Tensor).dataSync()),
    );
  });

  it('says what is wrong: missing dir, not a @dl model, wrong task, newer format, corrupt JSON', async () => {
    const dir = join(root, 'checks');
    await saveModelDir(toy(), dir, meta);
    await expect(loadModelDir(join(root, 'nope'))).rejects.toThrow(
      /nope: model directory does not exist/,
    );
    await expect(loadModelDir(dir, { task: 'speech' })).rejects.toThrow(
      /this is a 'toy' model \(saved by @dl\/core\); expected 'speech'/,
    );
    const dlJson = join(dir, 'dl.json');
    const good = readFileSync(dlJson, 'utf8');
    writeFileSync(dlJson, JSON.stringify({ ...JSON.parse(good), formatVersion: 99 }));
    await expect(readDlMeta(dir)).rejects.toThrow(/format version 99 is newer/);
    writeFileSync(dlJson, '{ not json');
    const err = await readDlMeta(dir).catch((e) => e);
    expect(isDlError(err, 'FILE_CORRUPT')).toBe(true);
    expect(err.message).toMatch(/dl\.json: invalid JSON/);
    await rm(dlJson);
    await expect(readDlMeta(dir)).rejects.toThrow(/no dl\.json: not a @dl model directory/);
  });

  it('rejects a truncated weights file and a missing shard', async () => {
    const dir = join(root, 'truncated');
    await saveModelDir(toy(), dir, meta);
    const bin = join(dir, 'weights.bin');
    // (3·4 + 4) + (4·2 + 2) = 26 float32 weights = 104 bytes.
    writeFileSync(bin, readFileSync(bin).subarray(0, 10));
    await expect(loadModelDir(dir)).rejects.toThrow(
      /weights are 10 bytes; model.json describes 104/,
    );
    await rm(bin);
    await expect(loadModelDir(dir)).rejects.toThrow(
      /weights shard listed in model.json is missing/,
    );
  });

  it('an interrupted save leaves the previous model intact and no debris', async () => {
    const dir = join(root, 'atomic');
    await saveModelDir(toy(), dir, meta);
    const before = readFileSync(join(dir, 'weights.bin'));
    await expect(
      replaceDirAtomic(dir, async (tmp) => {
        writeFileSync(join(tmp, 'weights.bin'), 'partial');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readFileSync(join(dir, 'weights.bin'))).toEqual(before);
    expect(readdirSync(root).filter((f) => f.startsWith('.atomic'))).toEqual([]);
  });

  it('optimizer state round-trips (Adam moments and iterations)', async () => {
    const m = toy();
    const x = tf.randomNormal([8, 3]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2);
    await m.fit(x, y, { epochs: 2, verbose: 0 });
    const dir = join(root, 'opt');
    await saveModelDir(m, dir, meta);
    await saveOptimizerState(m.optimizer, dir);
    const fresh = toy();
    await loadOptimizerState(fresh.optimizer, dir);
    const a = await m.optimizer.getWeights();
    const b = await fresh.optimizer.getWeights();
    expect(b.map((w) => w.name)).toEqual(a.map((w) => w.name));
    for (const [i, w] of b.entries()) {
      expect(Array.from(w.tensor.dataSync())).toEqual(Array.from(a[i].tensor.dataSync()));
    }
    const sgd = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
    sgd.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await expect(loadOptimizerState(sgd.optimizer, dir)).rejects.toThrow(
      /checkpoint optimizer is Adam; the model is compiled with SGD/,
    );
  });

  it('fingerprints are stable and sensitive', () => {
    const a = dataFingerprint(['a.png', new Uint8Array([1, 2])]);
    expect(a).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(dataFingerprint(['a.png', new Uint8Array([1, 2])])).toBe(a);
    expect(dataFingerprint(['a.png', new Uint8Array([1, 3])])).not.toBe(a);
    expect(existsSync(root)).toBe(true);
  });
});
