// Logistic regression on two numeric features (SEEDS.md §9), with the notes' odds-ratio check:
// in a fitted logistic model, raising one feature by one unit multiplies the odds p/(1-p) by
// e^w for that feature, whatever the other feature is. The data are drawn from a known model
// (exam score and hours studied → admitted), fitted with TensorFlow.js by gradient descent, and
// checked against the exact maximum-likelihood fit (Newton / IRLS) computed here directly.
//   node examples/src/logistic-regression.mjs        (after `pnpm build`)
import { fileURLToPath } from 'node:url';
import { initBackend, Rng, tf } from '@dl/core';

/** The model the data come from: logit = -6 + 0.05·score + 0.4·hours. */
export const TRUE_WEIGHTS = { bias: -6, score: 0.05, hours: 0.4 };

/** `count` applicants: score ~ U(20, 100), hours ~ U(0, 10), admitted ~ Bernoulli(σ(logit)). */
export function synthAdmissions(count, seed = 1) {
  const rng = new Rng(seed);
  const x = new Float64Array(count * 2);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const score = rng.uniform(20, 100);
    const hours = rng.uniform(0, 10);
    const logit = TRUE_WEIGHTS.bias + TRUE_WEIGHTS.score * score + TRUE_WEIGHTS.hours * hours;
    x[i * 2] = score;
    x[i * 2 + 1] = hours;
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { x, y, count };
}

/** Standardise columns so gradient descent is well conditioned; returns the map back. */
function standardise(x, count) {
  const mean = [0, 0];
  const std = [0, 0];
  for (let i = 0; i < count; i++) for (let f = 0; f < 2; f++) mean[f] += x[i * 2 + f] / count;
  for (let i = 0; i < count; i++)
    for (let f = 0; f < 2; f++) std[f] += (x[i * 2 + f] - mean[f]) ** 2 / count;
  const s = std.map(Math.sqrt);
  const z = Float32Array.from(x, (v, j) => (v - mean[j % 2]) / s[j % 2]);
  return { z, mean, std: s };
}

/** Fits σ(w·x + b) with TensorFlow.js (Dense(1, sigmoid), binary cross-entropy, Adam, full batch). */
export async function fitLogistic(data, options = {}) {
  const { epochs = 400, learningRate = 0.1 } = options;
  const { z, mean, std } = standardise(data.x, data.count);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [2],
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: 'zeros',
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'binaryCrossentropy' });
  const xs = tf.tensor2d(z, [data.count, 2]);
  const ys = tf.tensor2d(Float32Array.from(data.y), [data.count, 1]);
  await model.fit(xs, ys, { epochs, batchSize: data.count, shuffle: false, verbose: 0 });
  const [kernel, bias] = model.getWeights().map((w) => Array.from(w.dataSync()));
  tf.dispose([xs, ys]);
  model.dispose();
  // Back to raw units: w_raw = w_std / std, b_raw = b - Σ w_raw · mean.
  const score = kernel[0] / std[0];
  const hours = kernel[1] / std[1];
  return { bias: bias[0] - score * mean[0] - hours * mean[1], score, hours };
}

/** The exact maximum-likelihood fit by Newton's method (IRLS) on [1, score, hours]. */
export function fitLogisticNewton(data, iterations = 25) {
  let w = [0, 0, 0];
  for (let it = 0; it < iterations; it++) {
    const g = [0, 0, 0];
    const h = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    for (let i = 0; i < data.count; i++) {
      const row = [1, data.x[i * 2], data.x[i * 2 + 1]];
      const p = 1 / (1 + Math.exp(-(w[0] * row[0] + w[1] * row[1] + w[2] * row[2])));
      for (let a = 0; a < 3; a++) {
        g[a] += (data.y[i] - p) * row[a];
        for (let b = 0; b < 3; b++) h[a][b] += p * (1 - p) * row[a] * row[b];
      }
    }
    const step = solve3(h, g);
    w = w.map((v, a) => v + step[a]);
  }
  return { bias: w[0], score: w[1], hours: w[2] };
}

/** Solves the 3×3 system A·s = g (Cramer's rule: A is a small positive-definite Hessian). */
function solve3(a, g) {
  const det = (m) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(a);
  return [0, 1, 2].map((c) => det(a.map((row, r) => row.map((v, k) => (k === c ? g[r] : v)))) / d);
}

/** Odds p/(1-p) of admission under fitted weights. */
export function oddsOf(w, score, hours) {
  return Math.exp(w.bias + w.score * score + w.hours * hours);
}

/**
 * The odds-ratio check: the odds at hours + 1 over the odds at hours, at several points, and
 * e^w_hours; they agree at every point, and e^w_hours estimates the true e^0.4 ≈ 1.49.
 */
export function oddsRatioCheck(w) {
  const points = [
    [40, 2],
    [60, 5],
    [90, 8],
  ];
  const ratios = points.map(([s, h]) => oddsOf(w, s, h + 1) / oddsOf(w, s, h));
  return { ratios, expWeight: Math.exp(w.hours), trueRatio: Math.exp(TRUE_WEIGHTS.hours) };
}

export async function main(options = {}) {
  const { count = 2000, seed = 1, epochs = 400 } = options;
  await initBackend();
  const data = synthAdmissions(count, seed);
  const fitted = await fitLogistic(data, { epochs });
  const exact = fitLogisticNewton(data);
  const check = oddsRatioCheck(fitted);
  const fmt = (w) =>
    `bias ${w.bias.toFixed(3)}, score ${w.score.toFixed(4)}, hours ${w.hours.toFixed(3)}`;
  console.log(`tfjs fit:   ${fmt(fitted)}`);
  console.log(`Newton MLE: ${fmt(exact)}`);
  console.log(
    `odds ratio per extra hour: ${check.ratios.map((r) => r.toFixed(4)).join(', ')} = e^w ${check.expWeight.toFixed(4)} (true ${check.trueRatio.toFixed(4)})`,
  );
  return { fitted, exact, check };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
