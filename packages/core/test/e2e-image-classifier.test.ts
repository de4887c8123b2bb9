import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jimp } from 'jimp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFingerprint, loadModelDir, saveModelDir } from '../src/artifacts/model-dir';
import { initBackend } from '../src/backend/init';
import { classBalance } from '../src/data/balance';
import { LabelMap } from '../src/data/label-map';
import { stratifiedSplit } from '../src/data/split';
import { oneHotLabels, takeSamples } from '../src/data/tensors';
import { listClassFolders } from '../src/io/readers/folders';
import { readImage } from '../src/io/readers/image-decode';
import { imagesToTensor } from '../src/io/readers/image-tensor';
import { Rng, withSeededRandom } from '../src/random/rng';
import { htmlReport, modelSummary } from '../src/report';
import * as tf from '../src/tf';
import { evaluateClassifier } from '../src/train/evaluate';
import { cosineDecay } from '../src/train/schedules';
import { trainModel } from '../src/train/train';

/**
 * One real training run through the whole kit: images written to disk in a folder-per-class
 * layout (PNG, and PGM for one class), read back by the readers, split with the seeded
 * stratified split, trained by trainModel with a schedule, checkpoints and early stopping,
 * evaluated with per-class metrics, saved and reloaded as a model directory, reported as HTML.
 */
const root = mkdtempSync(join(tmpdir(), 'dl-e2e-'));
const SIZE = 16;
const CLASSES = ['bar', 'cross', 'ring'];

function draw(kind: string, rng: Rng): Uint8Array {
  const px = new Uint8Array(SIZE * SIZE);
  const dx = rng.int(5) - 2;
  const dy = rng.int(5) - 2;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const u = x - 7.5 - dx;
      const v = y - 7.5 - dy;
      const on =
        kind === 'bar'
          ? Math.abs(u) < 1.5 && Math.abs(v) < 6
          : kind === 'cross'
            ? (Math.abs(u) < 1.2 || Math.abs(v) < 1.2) && Math.abs(u) < 6 && Math.abs(v) < 6
            : Math.abs(Math.hypot(u, v) - 4.5) < 1.2;
      px[y * SIZE + x] = Math.max(0, Math.min(255, (on ? 220 : 30) + rng.normal(0, 25)));
    }
  }
  return px;
}

async function writeDataset(): Promise<void> {
  const rng = new Rng(11);
  for (const kind of CLASSES) {
    mkdirSync(join(root, 'data', kind), { recursive: true });
    for (let i = 0; i < 40; i++) {
      const px = draw(kind, rng);
      const file = join(root, 'data', kind, `${i}.${kind === 'ring' ? 'pgm' : 'png'}`);
      if (kind === 'ring') {
        writeFileSync(file, Buffer.concat([Buffer.from(`P5\n# ring\n${SIZE} ${SIZE}\n255\n`), px]));
      } else {
        const rgba = new Uint8Array(SIZE * SIZE * 4);
        px.forEach((v, j) => rgba.set([v, v, v, 255], j * 4));
        const img = new Jimp({ width: SIZE, height: SIZE, data: Buffer.from(rgba) });
        await img.write(file as `${string}.png`);
      }
    }
  }
}

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  await writeDataset();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('end to end: a small image classifier from files', () => {
  it('reads, splits, trains, evaluates, saves, reloads and reports', async () => {
    const before = tf.memory().numTensors;
    const files = await listClassFolders(join(root, 'data'), { extensions: ['.png', '.pgm'] });
    expect(files).toHaveLength(120);
    const labelMap = LabelMap.fromLabels(files.map((f) => f.label));
    const labels = labelMap.encodeAll(files.map((f) => f.label));
    expect(classBalance(labels, labelMap.size).counts).toEqual([40, 40, 40]);

    const images = await Promise.all(files.map((f) => readImage(f.path)));
    const x = imagesToTensor(images, { size: [SIZE, SIZE], channels: 1 });
    const y = oneHotLabels(labels, labelMap.size);
    const rng = new Rng(7);
    const split = stratifiedSplit(
      labels,
      { train: 0.6, validation: 0.2, test: 0.2 },
      rng.fork('split'),
    );
    const train = takeSamples({ x, y }, split.train);
    const validation = takeSamples({ x, y }, split.validation);
    const testX = tf.tidy(() => tf.gather(x, tf.tensor1d(split.test, 'int32')));
    const testLabels = Int32Array.from(split.test, (i) => labels[i]);

    const model = withSeededRandom(rng.fork('init'), () => {
      const m = tf.sequential();
      m.add(
        tf.layers.conv2d({
          inputShape: [SIZE, SIZE, 1],
          filters: 8,
          kernelSize: 3,
          activation: 'relu',
        }),
      );
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
      m.compile({
        optimizer: tf.train.adam(0.01),
        loss: 'categoricalCrossentropy',
        metrics: ['accuracy'],
      });
      return m;
    });
    const meta = {
      task: 'toy-shapes',
      package: { name: '@dl/core', version: '0.0.0' },
      labels: labelMap.toJSON(),
      seed: 7,
      dataFingerprint: dataFingerprint(files.map((f) => f.path.slice(root.length))),
    };
    const run = await trainModel({
      model,
      train,
      validation,
      epochs: 15,
      batchSize: 16,
      seed: 7,
      schedule: cosineDecay({ initial: 0.01, epochs: 15, min: 0.001 }),
      earlyStopping: { monitor: 'val_loss', patience: 4 },
      checkpoint: { dir: join(root, 'run'), meta },
      progress: 'silent',
    });
    expect(existsSync(join(root, 'run', 'best', 'model.json'))).toBe(true);

    const report = await evaluateClassifier(
      model,
      { x: testX, labels: testLabels },
      { labels: labelMap.labels },
    );
    expect(report.macroAvg.f1).toBeGreaterThanOrEqual(0.9);

    const dir = join(root, 'model');
    await saveModelDir(model, dir, { ...meta, metrics: { macroF1: report.macroAvg.f1 } });
    const { model: loaded, meta: loadedMeta } = await loadModelDir(dir, { task: 'toy-shapes' });
    expect(loadedMeta.labels).toEqual(['bar', 'cross', 'ring']);
    const again = await evaluateClassifier(
      loaded,
      { x: testX, labels: testLabels },
      { labels: loadedMeta.labels },
    );
    expect(again.macroAvg.f1).toBe(report.macroAvg.f1);

    const html = htmlReport({
      title: 'toy shapes',
      summary: modelSummary(model),
      history: run.history,
      metrics: { accuracy: report.accuracy, macroF1: report.macroAvg.f1 },
      perClass: report.classes,
      confusion: report.confusionMatrix,
      labels: labelMap.toJSON(),
      meta: { backend: 'wasm', seed: 7, dataFingerprint: meta.dataFingerprint },
    });
    writeFileSync(join(root, 'report.html'), html);
    expect(readFileSync(join(root, 'report.html'), 'utf8')).toMatch(/ring/);

    tf.dispose([x, y, testX, train.x as tf.Tensor, train.y as tf.Tensor]);
    tf.dispose([validation.x as tf.Tensor, validation.y as tf.Tensor]);
    model.optimizer.dispose();
    model.dispose();
    loaded.dispose();
    // Everything this run created is freed: nothing leaked along the way.
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('evaluateClassifier', () => {
  it('macro-averages over the classes present, like sklearn without labels', async () => {
    // A fixed "model": the identity on one-hot inputs, 4 classes; the data only holds 0 and 1.
    const m = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 4, useBias: false, weights: [tf.eye(4)] }),
      ],
    });
    const x = tf.oneHot(tf.tensor1d([0, 0, 1, 1], 'int32'), 4).toFloat();
    const present = await evaluateClassifier(m, { x, labels: [0, 0, 1, 0] });
    // Class 0: P 2/2, R 2/3, F1 0.8; class 1: P 1/2, R 1/1, F1 2/3. Macro over {0,1} = 0.7333.
    expect(present.macroAvg.f1).toBeCloseTo((0.8 + 2 / 3) / 2, 6);
    const all = await evaluateClassifier(m, { x, labels: [0, 0, 1, 0] }, { average: 'all' });
    expect(all.macroAvg.f1).toBeCloseTo((0.8 + 2 / 3) / 4, 6);
    tf.dispose([x]);
    m.dispose();
  });
});
