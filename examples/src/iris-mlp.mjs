// The course's iris MLP (SEEDS.md §9): Dense(7, tanh) → Dense(3, softmax), mean squared error,
// plain SGD, scored by stratified 10-fold cross-validation; then trained on all 150 flowers,
// saved Keras-style as an architecture JSON plus a weights file, reloaded, and used to predict.
//   node examples/src/iris-mlp.mjs        (after `pnpm build`)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DlError, initBackend, kFold, Rng, tf, withSeededRandom } from '@dl/core';

export const SPECIES = ['setosa', 'versicolor', 'virginica'];
const IRIS_CSV = fileURLToPath(new URL('../data/iris.csv', import.meta.url));

/** Reads iris.csv: four measurements and a species name per line, after a header. */
export async function loadIris(path = IRIS_CSV) {
  const lines = (await readFile(path, 'utf8')).trim().split('\n').slice(1);
  const features = new Float32Array(lines.length * 4);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const label = SPECIES.indexOf(cells[4]);
    const values = cells.slice(0, 4).map(Number);
    if (cells.length !== 5 || label < 0 || values.some((v) => !Number.isFinite(v))) {
      throw new DlError(
        'DATA_INVALID',
        `line ${i + 2}: expected 4 numbers and a species, found '${line}'`,
        { path },
      );
    }
    features.set(values, i * 4);
    labels[i] = label;
  });
  return { features, labels, count: lines.length };
}

/** Per-feature mean and standard deviation of the given rows (fitted on training rows only). */
function standardiser(features, rows) {
  const mean = [0, 0, 0, 0];
  const std = [0, 0, 0, 0];
  for (const r of rows) for (let f = 0; f < 4; f++) mean[f] += features[r * 4 + f] / rows.length;
  for (const r of rows)
    for (let f = 0; f < 4; f++) std[f] += (features[r * 4 + f] - mean[f]) ** 2 / rows.length;
  return { mean, std: std.map(Math.sqrt) };
}

function tensorsOf(iris, rows, scale) {
  const x = new Float32Array(rows.length * 4);
  rows.forEach((r, i) => {
    for (let f = 0; f < 4; f++)
      x[i * 4 + f] = (iris.features[r * 4 + f] - scale.mean[f]) / scale.std[f];
  });
  const labels = Int32Array.from(rows, (r) => iris.labels[r]);
  return {
    x: tf.tensor2d(x, [rows.length, 4]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), 3),
    labels,
  };
}

/** The course's network, compiled as it was: MSE on the softmax, SGD. */
export function buildIrisMlp(learningRate = 0.1) {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 7, activation: 'tanh' }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: tf.train.sgd(learningRate),
    loss: 'meanSquaredError',
    metrics: ['accuracy'],
  });
  return model;
}

async function trainOn(iris, rows, options, rng) {
  const scale = standardiser(iris.features, rows);
  const data = tensorsOf(iris, rows, scale);
  const model = withSeededRandom(rng, () => buildIrisMlp(options.learningRate));
  await model.fit(data.x, data.y, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    shuffle: true,
    verbose: 0,
  });
  tf.dispose([data.x, data.y]);
  return { model, scale };
}

function accuracyOf(model, iris, rows, scale) {
  const data = tensorsOf(iris, rows, scale);
  const predicted = tf.tidy(() => model.predict(data.x).argMax(-1).dataSync());
  tf.dispose([data.x, data.y]);
  return predicted.filter((p, i) => p === data.labels[i]).length / rows.length;
}

/** Stratified k-fold accuracy of the MLP: one fresh, seeded model per fold. */
export async function crossValidateIris(options = {}) {
  const o = { folds: 10, epochs: 300, batchSize: 8, learningRate: 0.1, seed: 7, ...options };
  const iris = await loadIris(o.path);
  const rng = new Rng(o.seed);
  const foldAccuracy = [];
  for (const [i, fold] of kFold(iris.labels, o.folds, rng.fork('folds')).entries()) {
    const { model, scale } = await trainOn(iris, fold.train, o, rng.fork(`fold-${i}`));
    foldAccuracy.push(accuracyOf(model, iris, fold.test, scale));
    model.dispose();
  }
  const mean = foldAccuracy.reduce((a, b) => a + b, 0) / foldAccuracy.length;
  return { foldAccuracy, mean };
}

/**
 * Keras' `model.to_json()` + `save_weights`: the architecture as JSON, the weights as one binary
 * file with a manifest of names and shapes, and the standardiser beside them.
 */
export async function saveArchitectureAndWeights(model, scale, dir) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'architecture.json'), JSON.stringify(model.toJSON(null, false)));
  const weights = model.getWeights();
  const manifest = weights.map((w, i) => ({ name: model.weights[i].name, shape: w.shape }));
  const bytes = Buffer.concat(weights.map((w) => Buffer.from(w.dataSync().buffer)));
  await writeFile(join(dir, 'weights.bin'), bytes);
  await writeFile(join(dir, 'weights.json'), JSON.stringify({ manifest, scale }));
}

/** Rebuilds the model from its architecture JSON and loads the weights file into it. */
export async function loadArchitectureAndWeights(dir) {
  const architecture = JSON.parse(await readFile(join(dir, 'architecture.json'), 'utf8'));
  const model = await tf.models.modelFromJSON({ modelTopology: architecture });
  const { manifest, scale } = JSON.parse(await readFile(join(dir, 'weights.json'), 'utf8'));
  const bytes = await readFile(join(dir, 'weights.bin'));
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let offset = 0;
  model.setWeights(
    manifest.map(({ shape }) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const t = tf.tensor(all.slice(offset, offset + size), shape);
      offset += size;
      return t;
    }),
  );
  return { model, scale };
}

/** Class probabilities for raw measurements [sepal length, sepal width, petal length, petal width]. */
export function predictSpecies(model, scale, measurements) {
  const x = measurements.map((v, f) => (v - scale.mean[f]) / scale.std[f]);
  const p = tf.tidy(() => model.predict(tf.tensor2d([x], [1, 4])).dataSync());
  const best = p.indexOf(Math.max(...p));
  return { species: SPECIES[best], probabilities: Array.from(p) };
}

/** Cross-validates, then trains on everything, saves, reloads and predicts one flower. */
export async function main(options = {}) {
  const o = {
    folds: 10,
    epochs: 300,
    batchSize: 8,
    learningRate: 0.1,
    seed: 7,
    outDir: 'iris-mlp',
    ...options,
  };
  await initBackend();
  const cv = await crossValidateIris(o);
  const iris = await loadIris(o.path);
  const all = Array.from({ length: iris.count }, (_, i) => i);
  const { model, scale } = await trainOn(iris, all, o, new Rng(o.seed).fork('final'));
  await saveArchitectureAndWeights(model, scale, o.outDir);
  const reloaded = await loadArchitectureAndWeights(o.outDir);
  const flower = [6.3, 3.3, 6.0, 2.5]; // iris #101, a virginica
  const before = predictSpecies(model, scale, flower);
  const after = predictSpecies(reloaded.model, reloaded.scale, flower);
  console.log(
    `${o.folds}-fold accuracy ${cv.mean.toFixed(3)} (folds ${cv.foldAccuracy.map((a) => a.toFixed(2)).join(' ')})`,
  );
  console.log(
    `reloaded model predicts ${after.species} (p = ${Math.max(...after.probabilities).toFixed(3)})`,
  );
  model.dispose();
  reloaded.model.dispose();
  return { cv, before, after };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
