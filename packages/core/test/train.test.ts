import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelDir, readDlMeta } from '../src/artifacts/model-dir';
import { initBackend } from '../src/backend/init';
import { Rng, withSeededRandom } from '../src/random/rng';
import * as tf from '../src/tf';
import { EarlyStoppingCallback } from '../src/train/callbacks';
import { clipByGlobalNorm, trainSteps } from '../src/train/step-loop';
import { trainModel } from '../src/train/train';

const root = mkdtempSync(join(tmpdir(), 'dl-train-'));
const meta = { task: 'toy', package: { name: '@dl/core', version: '0.0.0' } };

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Two Gaussian blobs in 4-D: learnable, small, deterministic per seed. */
function blobs(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 4);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    labels.push(c);
    for (let j = 0; j < 4; j++) x[i * 4 + j] = rng.normal(c === 0 ? -1 : 1, 1);
  }
  return { x: tf.tensor2d(x, [n, 4]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 2) };
}

function buildModel(seed: number, lr = 0.05, dropout = 0.2): tf.Sequential {
  return withSeededRandom(new Rng(seed).fork('init'), () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }));
    m.add(tf.layers.dropout({ rate: dropout }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    m.compile({
      optimizer: tf.train.adam(lr),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    return m;
  });
}

const silent = { progress: 'silent' as const };

describe('trainModel', () => {
  it('the same seed on the same backend gives the same history (init, shuffle, dropout)', async () => {
    const data = blobs(64, 1);
    const run = async (seed: number) =>
      (
        await trainModel({
          model: buildModel(seed),
          train: data,
          epochs: 3,
          batchSize: 16,
          seed,
          ...silent,
        })
      ).history;
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(a).toEqual(b);
    expect(a.loss).not.toEqual(c.loss);
  });

  it('learns: held-out accuracy ≥ 0.9 and a falling loss', async () => {
    const train = blobs(200, 2);
    const test = blobs(100, 3);
    const model = buildModel(1);
    const r = await trainModel({
      model,
      train,
      validation: test,
      epochs: 8,
      batchSize: 16,
      seed: 1,
      ...silent,
    });
    expect(r.stopReason).toBe('completed');
    expect(r.history.loss.at(-1)!).toBeLessThan(r.history.loss[0]);
    expect(r.history.val_acc.at(-1)!).toBeGreaterThanOrEqual(0.9);
  });

  it('checkpoints best and last; resuming from last equals training straight through', async () => {
    const data = blobs(64, 4);
    const straight = buildModel(7, 0.05, 0);
    await trainModel({
      model: straight,
      train: data,
      epochs: 4,
      batchSize: 16,
      shuffle: false,
      ...silent,
    });

    const dir = join(root, 'ckpt');
    const first = buildModel(7, 0.05, 0);
    const r1 = await trainModel({
      model: first,
      train: data,
      validation: data,
      epochs: 2,
      batchSize: 16,
      shuffle: false,
      checkpoint: { dir, meta },
      ...silent,
    });
    expect(r1.bestEpoch).toBeDefined();
    const last = await readDlMeta(join(dir, 'last'));
    expect(last.extra).toMatchObject({ epoch: 1, checkpoint: 'last' });
    expect(JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')).loss).toHaveLength(2);

    const resumed = buildModel(99, 0.05, 0); // different init: everything comes from the checkpoint
    const r2 = await trainModel({
      model: resumed,
      train: data,
      validation: data,
      epochs: 4,
      batchSize: 16,
      shuffle: false,
      resumeFrom: join(dir, 'last'),
      ...silent,
    });
    expect(r2.epochs).toBe(4);
    expect(r2.history.loss).toHaveLength(4);
    expect(r2.message).toMatch(/^resumed after epoch 2, trained 2 more epoch\(s\)/);
    const a = straight.getWeights().map((w) => Array.from(w.dataSync()));
    const b = resumed.getWeights().map((w) => Array.from(w.dataSync()));
    a.forEach((w, i) => w.forEach((v, j) => expect(b[i][j]).toBeCloseTo(v, 5)));
  });

  it('a resumed run replaces best/ only when it beats the epochs before the interruption', async () => {
    const dir = join(root, 'resume-best');
    const data = blobs(32, 12);
    // Validation on data of the other label: its loss is best at the start and worsens.
    const flipped = { x: data.x, y: tf.sub(1, data.y) };
    const common = { train: data, validation: flipped, batchSize: 8, shuffle: false, ...silent };
    const r1 = await trainModel({
      ...common,
      model: buildModel(4, 0.05, 0),
      epochs: 2,
      checkpoint: { dir, meta },
    });
    expect(r1.bestEpoch).toBe(0);
    const r2 = await trainModel({
      ...common,
      model: buildModel(5, 0.05, 0),
      epochs: 4,
      checkpoint: { dir, meta },
      resumeFrom: join(dir, 'last'),
    });
    expect(r2.history.val_loss).toHaveLength(4);
    expect(r2.bestEpoch).toBe(0);
    expect((await readDlMeta(join(dir, 'best'))).extra).toMatchObject({ epoch: 0 });
    expect((await readDlMeta(join(dir, 'last'))).extra).toMatchObject({ epoch: 3 });
    // A resumed run that stops early says both.
    const r3 = await trainModel({
      ...common,
      model: buildModel(5, 0.05, 0),
      epochs: 8,
      earlyStopping: { patience: 1 },
      checkpoint: { dir, meta },
      resumeFrom: join(dir, 'last'),
    });
    expect(r3.stopReason).toBe('early-stopping');
    expect(r3.message).toMatch(/^resumed after epoch 4; early stopping at epoch \d+: val_loss/);
  });

  it('refuses to resume a checkpoint of another run, naming the field that differs', async () => {
    const dir = join(root, 'other-run');
    const data = blobs(16, 13);
    const run = (m: typeof meta & Record<string, unknown>, epochs: number, resume: boolean) =>
      trainModel({
        model: buildModel(8, 0.05, 0),
        train: data,
        epochs,
        batchSize: 8,
        checkpoint: { dir, meta: m },
        ...(resume ? { resumeFrom: join(dir, 'last') } : {}),
        ...silent,
      });
    const settings = { ...meta, seed: 1, extra: { config: { width: 8, rate: 0.1 } } };
    await run(settings, 1, false);
    await expect(run({ ...settings, seed: 2 }, 2, true)).rejects.toThrow(
      /cannot resume from .*last: its seed differs from this run's \(checkpoint 1, now 2\)/,
    );
    await expect(
      run({ ...settings, extra: { config: { width: 8, rate: 0.2 } } }, 2, true),
    ).rejects.toThrow(/its config\.rate differs .*\(checkpoint 0\.1, now 0\.2\)/);
    const resumed = await run(settings, 2, true);
    expect(resumed.epochs).toBe(2);
  });

  it('says clearly when there is no checkpoint to resume from', async () => {
    await expect(
      trainModel({
        model: buildModel(6),
        train: blobs(8, 1),
        epochs: 2,
        resumeFrom: join(root, 'nothing-here', 'last'),
        ...silent,
      }),
    ).rejects.toThrow(/no checkpoint to resume from: .*nothing-here/);
  });

  it('restoreBest ends with the best epoch’s weights', async () => {
    const dir = join(root, 'restore');
    const model = buildModel(2, 0.05, 0);
    const data = blobs(32, 10);
    // Validation on data of the other label: its loss is best at the start and worsens.
    const flipped = { x: data.x, y: tf.sub(1, data.y) };
    const r = await trainModel({
      model,
      train: data,
      validation: flipped,
      epochs: 4,
      batchSize: 8,
      checkpoint: { dir, meta, restoreBest: true },
      ...silent,
    });
    expect(r.bestEpoch).toBe(0);
    expect(r.message).toMatch(/weights of the best epoch \(1\) restored/);
    const { loadModelDir } = await import('../src/artifacts/model-dir');
    const { model: best } = await loadModelDir(join(dir, 'best'));
    const a = model.getWeights().map((w) => Array.from(w.dataSync()));
    const b = best.getWeights().map((w) => Array.from(w.dataSync()));
    expect(a).toEqual(b);
  });

  it('stops on a NaN loss, keeps the last good checkpoint and says so', async () => {
    const data = blobs(32, 5);
    const model = buildModel(3);
    const dir = join(root, 'nan');
    const poison = new (class extends tf.Callback {
      override async onEpochEnd(epoch: number) {
        if (epoch === 1) {
          const [k, b] = model.layers[0].getWeights();
          model.layers[0].setWeights([tf.fill(k.shape, Number.NaN), b]);
        }
      }
    })();
    const r = await trainModel({
      model,
      train: data,
      epochs: 5,
      batchSize: 8,
      checkpoint: { dir, meta, monitor: 'loss' },
      callbacks: [poison],
      ...silent,
    });
    expect(r.stopReason).toBe('diverged');
    expect(r.message).toMatch(
      /non-finite weights \(dense_\w+\/kernel\) at epoch 3; training stopped\. Weights restored from the last good checkpoint .*last \(epoch 2\)/,
    );
    expect(model.getWeights().every((w) => w.dataSync().every(Number.isFinite))).toBe(true);
    expect((await readDlMeta(join(dir, 'last'))).extra?.epoch).toBe(1);
  });

  it('stops at the first non-finite batch loss; without checkpoints it says the weights diverged', async () => {
    const model = withSeededRandom(new Rng(1), () => {
      const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1 })] });
      m.compile({ optimizer: tf.train.sgd(50), loss: 'meanSquaredError' });
      return m;
    });
    const x = tf.randomNormal([64, 4], 0, 10, 'float32', 1);
    const r = await trainModel({
      model,
      train: { x, y: x.sum(1, true) },
      epochs: 20,
      batchSize: 8,
      shuffle: false,
      ...silent,
    });
    expect(r.stopReason).toBe('diverged');
    expect(r.message).toMatch(
      /^loss (NaN|Infinity) at epoch \d+, batch \d+; training stopped\. No checkpoint/,
    );
  });

  it('early stopping ends a run that cannot improve', async () => {
    const r = await trainModel({
      model: buildModel(1, 0, 0), // learning rate 0, no dropout: the loss never changes
      train: blobs(32, 6),
      epochs: 10,
      batchSize: 32,
      shuffle: false,
      earlyStopping: { monitor: 'loss', patience: 2 },
      ...silent,
    });
    expect(r.stopReason).toBe('early-stopping');
    expect(r.epochs).toBe(3);
    expect(r.message).toMatch(/early stopping at epoch 3: loss did not improve for 2 epoch/);
    const cb = new EarlyStoppingCallback({ monitor: 'val_acc', patience: 1 });
    (cb as unknown as { model: unknown }).model = { stopTraining: false };
    await cb.onEpochEnd(0, { val_acc: 0.5 });
    await cb.onEpochEnd(1, { val_acc: 0.6 }); // accuracies are maximised
    expect(cb.stoppedEpoch).toBeNull();
    await cb.onEpochEnd(2, { val_acc: 0.6 });
    expect(cb.stoppedEpoch).toBe(2);
  });

  it('applies the learning-rate schedule and records it', async () => {
    const model = buildModel(1, 0.1);
    const r = await trainModel({
      model,
      train: blobs(16, 7),
      epochs: 3,
      schedule: (e) => 0.1 / (e + 1),
      ...silent,
    });
    expect(r.history.lr).toEqual([0.1, 0.05, 0.1 / 3]);
  });

  it('prints plain lines off a TTY and a redrawn bar on one', async () => {
    const plain: string[] = [];
    await trainModel({
      model: buildModel(1),
      train: blobs(64, 8),
      epochs: 2,
      batchSize: 8,
      progress: 'auto',
      progressOut: { write: (s: string) => plain.push(s), isTTY: false },
    });
    expect(plain).toHaveLength(2);
    expect(plain[0]).toMatch(
      /^epoch 1\/2 {2}loss \d\.\d{4} {2}acc \d\.\d{4} {2}\(\d+\.\ds, ETA \d+\.\ds\)\n$/,
    );
    const tty: string[] = [];
    await trainModel({
      model: buildModel(1),
      train: blobs(64, 8),
      epochs: 1,
      batchSize: 8,
      progress: 'bar',
      progressOut: { write: (s: string) => tty.push(s), isTTY: true },
    });
    expect(tty.at(-1)?.startsWith('\r\u001b[2Kepoch 1/1  loss')).toBe(true);
  });

  it('keeps the live tensor count flat across epochs', async () => {
    // tfjs's History holds each epoch's log scalars until fit returns, so epochs are compared
    // by the count after whole runs: a 1-epoch run and a 6-epoch run must leave the same.
    const data = blobs(64, 9);
    const model = buildModel(1);
    const run = (epochs: number) =>
      trainModel({
        model,
        train: data,
        validation: data,
        epochs,
        batchSize: 16,
        ...silent,
      });
    await run(1); // creates the optimizer's slot variables
    const afterOne = tf.memory().numTensors;
    await run(6);
    expect(tf.memory().numTensors).toBe(afterOne);
  });

  it('rejects bad arguments and an uncompiled model', async () => {
    await expect(
      trainModel({ model: buildModel(1), train: blobs(8, 1), epochs: 0 }),
    ).rejects.toThrow(/epochs must be a positive integer/);
    const raw = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
    await expect(trainModel({ model: raw, train: blobs(8, 1), epochs: 1 })).rejects.toThrow(
      /compiled model/,
    );
  });
});

describe('trainSteps (custom training steps)', () => {
  it('clips by global norm: [3, 4] with norm 5 clipped to 1 → [0.6, 0.8]', () => {
    const out = clipByGlobalNorm({ a: tf.tensor1d([3]), b: tf.tensor1d([4]) }, 1);
    expect(out.a.dataSync()[0]).toBeCloseTo(0.6, 6);
    expect(out.b.dataSync()[0]).toBeCloseTo(0.8, 6);
    const kept = clipByGlobalNorm({ a: tf.tensor1d([0.3, 0.4]) }, 1);
    expect(Array.from(kept.a.dataSync())).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });

  it('fits a line with clipped gradients and per-epoch evaluation', async () => {
    const w = tf.variable(tf.scalar(0));
    const b = tf.variable(tf.scalar(0));
    const xs = tf.linspace(-1, 1, 32);
    const ys = xs.mul(3).add(1);
    const r = await trainSteps({
      epochs: 40,
      batches: () => [{ x: xs, y: ys }],
      loss: ({ x, y }) => tf.losses.meanSquaredError(y, x.mul(w).add(b)) as tf.Scalar,
      optimizer: tf.train.adam(0.2),
      clipNorm: 5,
      evaluate: () => ({ w: w.dataSync()[0] }),
      progress: 'silent',
    });
    expect(r.history.loss.at(-1)!).toBeLessThan(0.05);
    expect(r.history.w.at(-1)!).toBeCloseTo(3, 0);
    expect(r.diverged).toBeNull();
  });

  it('shows batches done of stepsPerEpoch and an in-epoch ETA on a TTY', async () => {
    const w = tf.variable(tf.scalar(0));
    const tty: string[] = [];
    await trainSteps({
      epochs: 1,
      batches: () => [1, 2, 3],
      stepsPerEpoch: 3,
      loss: (k) => tf.square(tf.sub(w, k)) as tf.Scalar,
      optimizer: tf.train.sgd(0.1),
      progress: 'bar',
      progressOut: { write: (s: string) => tty.push(s), isTTY: true },
    });
    // The first batch always draws: 1 of 3 done, so an ETA from its time.
    expect(tty[0]).toMatch(/epoch 1\/1 \S+ 33% 1\/3 ETA \d+\.\ds/);
    w.dispose();
  });

  it('rejects checkpoints without a model compiled with the loop’s optimizer', async () => {
    const w = tf.variable(tf.scalar(0));
    const common = {
      epochs: 1,
      batches: () => [1],
      loss: () => tf.square(w) as tf.Scalar,
      checkpoint: { dir: join(root, 'steps-bad'), meta },
      ...silent,
    };
    await expect(trainSteps({ ...common, optimizer: tf.train.sgd(0.1) })).rejects.toThrow(
      /needs `model` to checkpoint or resume/,
    );
    await expect(
      trainSteps({ ...common, model: stepModel(1), optimizer: tf.train.sgd(0.1) }),
    ).rejects.toThrow(/compile `model` with the optimizer/);
    w.dispose();
  });

  it('checkpoints and resumes: weights, optimizer state and history equal a straight run', async () => {
    const data = blobs(32, 20);
    const straight = stepModel(1);
    const r0 = await trainSteps(stepOptions(straight, data, 4));
    const dir = join(root, 'steps-resume');
    const checkpoint = { dir, meta, monitor: 'val_loss' };
    const r1 = await trainSteps({ ...stepOptions(stepModel(1), data, 2), checkpoint });
    expect(r1.message).toMatch(/^trained 2 epoch\(s\); best val_loss/);
    // A different init: the weights and Adam's moments must all come from the checkpoint.
    const resumed = stepModel(2);
    const r2 = await trainSteps({ ...stepOptions(resumed, data, 4), checkpoint, resume: true });
    expect(r2.message).toMatch(/^resumed after epoch 2, trained 2 more epoch\(s\)/);
    expect(r2.epochs).toBe(4);
    expect(r2.history.loss).toHaveLength(4);
    r2.history.loss.forEach((v, i) => expect(v).toBeCloseTo(r0.history.loss[i], 5));
    r2.history.val_loss.forEach((v, i) => expect(v).toBeCloseTo(r0.history.val_loss[i], 5));
    const a = weightsOf(straight);
    weightsOf(resumed).forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(a[i][j], 5)));
    expect(JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')).loss).toHaveLength(4);
    await expect(
      trainSteps({ ...stepOptions(stepModel(1), data, 4), checkpoint, resume: true }),
    ).rejects.toThrow(/checkpoint already has 4 epochs; ask for more than that to resume/);
  });

  it('restoreBest ends with the best epoch by the evaluated metric', async () => {
    const dir = join(root, 'steps-best');
    const model = stepModel(3);
    const r = await trainSteps({
      ...stepOptions(model, blobs(32, 21), 4),
      // The second epoch is the best by this (made-up) validation loss.
      evaluate: (epoch) => ({ val_loss: [3, 1, 2, 4][epoch] }),
      checkpoint: { dir, meta, monitor: 'val_loss', restoreBest: true },
    });
    expect(r.bestEpoch).toBe(1);
    expect(r.message).toMatch(/weights of the best epoch \(2\) restored; best val_loss 1\.0000/);
    const { model: best } = await loadModelDir(join(dir, 'best'));
    expect(weightsOf(model)).toEqual(weightsOf(best));
    best.dispose();
  });

  it('on divergence restores the best epoch, or the last good one of a resumed run', async () => {
    const data = blobs(32, 22);
    const poisonAt = (epoch: number) => (o: ReturnType<typeof stepOptions>) => ({
      ...o,
      loss: (b: Blobs) => {
        const l = o.loss(b);
        return (poisoned === epoch ? tf.mul(l, Number.NaN) : l) as tf.Scalar;
      },
      batches: (e: number) => {
        poisoned = e;
        return o.batches(e);
      },
    });
    let poisoned = -1;
    const dir = join(root, 'steps-nan');
    const model = stepModel(4);
    const r = await trainSteps({
      ...poisonAt(2)(stepOptions(model, data, 5)),
      checkpoint: { dir, meta, monitor: 'val_loss', restoreBest: true },
    });
    expect(r.stopReason).toBe('diverged');
    expect(r.diverged).toMatchObject({ epoch: 2, batch: 0 });
    expect(r.message).toMatch(
      /^loss NaN at epoch 3, batch 1; training stopped\. Weights restored from the best checkpoint .*best \(epoch [12]\)/,
    );
    expect(weightsOf(model).flat().every(Number.isFinite)).toBe(true);

    // Interrupted after 2 epochs; the resumed run diverges at once: back to the checkpoint.
    const dir2 = join(root, 'steps-nan-resumed');
    const first = stepModel(5);
    await trainSteps({ ...stepOptions(first, data, 2), checkpoint: { dir: dir2, meta } });
    const resumed = stepModel(6);
    const r2 = await trainSteps({
      ...poisonAt(2)(stepOptions(resumed, data, 4)),
      checkpoint: { dir: dir2, meta },
      resume: true,
    });
    expect(r2.message).toMatch(
      /^resumed after epoch 2; loss NaN at epoch 3, batch 1; training stopped\. Weights restored from the last good checkpoint .*last \(epoch 2\)/,
    );
    expect(weightsOf(resumed)).toEqual(weightsOf(first));
  });
});

type Blobs = ReturnType<typeof blobs>;

/** A compiled logistic-regression-like model trained by custom steps (Adam: it has state). */
function stepModel(seed: number): tf.Sequential {
  return withSeededRandom(new Rng(seed).fork('init'), () => {
    const m = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 2, activation: 'softmax' })],
    });
    m.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    return m;
  });
}

/** Two half batches an epoch, in a fixed order; validation loss on the whole set. */
function stepOptions(model: tf.LayersModel, data: Blobs, epochs: number) {
  const halves = [0, 16].map((at) => ({
    x: data.x.slice([at, 0], [16, 4]),
    y: data.y.slice([at, 0], [16, 2]),
  }));
  const lossOf = (b: Blobs) =>
    tf.losses.softmaxCrossEntropy(b.y, tf.log(model.apply(b.x) as tf.Tensor)) as tf.Scalar;
  return {
    model,
    epochs,
    batches: (_epoch: number) => halves,
    loss: lossOf,
    evaluate: () => ({ val_loss: tf.tidy(() => lossOf(data).dataSync()[0]) }),
    ...silent,
  };
}

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
