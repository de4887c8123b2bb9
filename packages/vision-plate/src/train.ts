import {
  type ClassificationReport,
  cosineDecay,
  DlError,
  dataFingerprint,
  evaluateClassifier,
  type ProgressMode,
  Rng,
  type StopReason,
  saveModelDir,
  stratifiedSplit,
  streamDataset,
  takeSamples,
  tf,
  trainModel,
  withSeededRandom,
} from '@dl/core';
import pkg from '../package.json';
import { augmentGlyphImage } from './augment';
import type { PlateDataset } from './data';
import { buildPlateModel, buildPlateSeedModel } from './model';
import { GLYPH_SIZE, synthGlyphs } from './synth/glyph';
import { type GlyphKind, labelsOf } from './synth/labels';

export const PLATE_TASK_PREFIX = 'plate-';
export const taskOf = (kind: GlyphKind) => `${PLATE_TASK_PREFIX}${kind}`;

/** How glyphs are fed to a plate model; saved in dl.json and re-applied at prediction. */
export const PLATE_PREPROCESSING = {
  size: [GLYPH_SIZE, GLYPH_SIZE],
  channels: 1,
  normalise: 'scale 0–1',
  polarity: 'white character on black',
} as const;

export interface TrainPlateOptions {
  kind: GlyphKind;
  /** Real glyphs (loadPlateDataset); without them the model trains on synthetic glyphs. */
  data?: PlateDataset;
  /** Synthetic glyphs per class when `data` is absent (default 150). */
  syntheticPerClass?: number;
  /** Where the trained model directory goes. */
  outDir: string;
  /** The original architecture of SEEDS.md §1 instead of our default. */
  seedModel?: boolean;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  /** Fresh image-space augmentation every epoch; default on for real data (synthetic glyphs are augmented when rendered). */
  augment?: boolean;
  /** Held-out fractions (stratified) for validation and test; default 0.1 each. */
  validation?: number;
  test?: number;
  /**
   * Continue an interrupted run from `${outDir}.checkpoints/last` (weights, optimizer state,
   * epoch, history and the best validation loss so far) instead of starting over, with the
   * run's own data, seed and options; `epochs` may be raised to train longer. A checkpoint of
   * another run is refused, naming what differs.
   */
  resume?: boolean;
  progress?: ProgressMode;
  progressOut?: { write(s: string): unknown; isTTY?: boolean };
}

export interface TrainPlateResult {
  artifactDir: string;
  history: Record<string, number[]>;
  /** Held-out test scores of the saved model. */
  metrics: { accuracy: number; macroF1: number; weightedF1: number; testSamples: number };
  report: ClassificationReport;
  stopReason: StopReason;
  message: string;
}

/**
 * Trains one plate-character classifier (province, letter or alnum) and saves it as a model
 * directory: stratified train/validation/test split, seeded initialisation, checkpoints (the
 * best validation loss is the one kept), per-class P/R/F1 on the test split in dl.json.
 */
export async function trainPlateClassifier(o: TrainPlateOptions): Promise<TrainPlateResult> {
  const seed = o.seed ?? 1;
  const rng = new Rng(seed);
  const labelNames = labelsOf(o.kind);
  const epochs = o.epochs ?? (o.seedModel ? 30 : 20);
  const batchSize = o.batchSize ?? 32;

  let x: tf.Tensor4D;
  let labels: Int32Array;
  let fingerprint: string;
  if (o.data) {
    if (o.data.kind !== o.kind) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `the data set holds ${o.data.kind} glyphs; asked to train ${o.kind}`,
      );
    }
    x = o.data.x;
    labels = o.data.labels;
    fingerprint = o.data.fingerprint;
  } else {
    const synth = synthGlyphs({ kind: o.kind, perClass: o.syntheticPerClass ?? 150, seed });
    x = tf.tensor4d(synth.images, [synth.count, GLYPH_SIZE, GLYPH_SIZE, 1]);
    labels = synth.labels;
    fingerprint = dataFingerprint([`synthetic:${o.kind}:${synth.count}:${seed}`, ...synth.fonts]);
  }
  const fractions = { validation: o.validation ?? 0.1, test: o.test ?? 0.1 };
  const split = stratifiedSplit(
    labels,
    { train: 1 - fractions.validation - fractions.test, ...fractions },
    rng.fork('split'),
  );
  const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), labelNames.length);
  const trainSet = takeSamples({ x, y: oneHot }, split.train);
  const validationSet = takeSamples({ x, y: oneHot }, split.validation);
  const testX = tf.tidy(() => tf.gather(x, tf.tensor1d(split.test, 'int32')));
  const testLabels = Int32Array.from(split.test, (i) => labels[i]);

  const augment = o.augment ?? Boolean(o.data);
  const build = o.seedModel ? buildPlateSeedModel : buildPlateModel;
  const learningRate = o.seedModel ? 1e-4 : 3e-3;
  const model = withSeededRandom(rng.fork('init'), () =>
    build({ classes: labelNames.length, learningRate }),
  );
  const meta = {
    task: taskOf(o.kind),
    package: { name: pkg.name, version: pkg.version },
    labels: [...labelNames],
    preprocessing: { ...PLATE_PREPROCESSING },
    seed,
    dataFingerprint: fingerprint,
    backend: tf.getBackend(),
    extra: {
      kind: o.kind,
      architecture: o.seedModel ? 'seed' : 'default',
      synthetic: !o.data,
      // Not epochs: a resumed run may train longer.
      training: { batchSize, learningRate, augment, ...fractions },
    },
  };
  const checkpointDir = `${o.outDir}.checkpoints`;
  const dispose = () => {
    tf.dispose([oneHot, testX, trainSet.x as tf.Tensor, trainSet.y as tf.Tensor]);
    tf.dispose([validationSet.x as tf.Tensor, validationSet.y as tf.Tensor]);
    if (!o.data) x.dispose();
    model.optimizer.dispose();
    model.dispose();
  };
  const train = augment
    ? augmentedStream(trainSet, batchSize, labelNames.length, rng.fork('augment'))
    : trainSet;
  const validation = augment
    ? fixedStream(validationSet, batchSize, labelNames.length)
    : validationSet;

  const run = await trainModel({
    model,
    train,
    validation,
    epochs,
    batchSize,
    seed,
    // The seed trained at a constant rate; ours anneals (cosine) to a twentieth of it.
    schedule: o.seedModel
      ? undefined
      : cosineDecay({ initial: learningRate, epochs, min: learningRate / 20 }),
    // The best epoch by validation loss is the one kept, not merely the last.
    checkpoint: { dir: checkpointDir, meta, monitor: 'val_loss', restoreBest: true },
    // From checkpointDir/last; every key of meta.extra must match the checkpoint's.
    resume: o.resume,
    progress: o.progress,
    progressOut: o.progressOut,
  }).catch((e) => {
    dispose();
    throw e;
  });
  const report = await evaluateClassifier(
    model,
    { x: testX, labels: testLabels },
    { labels: labelNames },
  );
  const metrics = {
    accuracy: report.accuracy,
    macroF1: report.macroAvg.f1,
    weightedF1: report.weightedAvg.f1,
    testSamples: testLabels.length,
  };
  await saveModelDir(model, o.outDir, { ...meta, metrics });
  dispose();
  return {
    artifactDir: o.outDir,
    history: run.history,
    metrics,
    report,
    stopReason: run.stopReason,
    message: run.message,
  };
}

type Split = { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor | tf.Tensor[] };

function rows(set: Split): { images: Float32Array; labels: Int32Array; n: number } {
  const x = set.x as tf.Tensor;
  const y = set.y as tf.Tensor;
  return {
    images: x.dataSync() as Float32Array,
    labels: y.argMax(-1).dataSync() as Int32Array,
    n: x.shape[0],
  };
}

/** A fresh random variant of every training glyph each epoch, in a fresh order. */
function augmentedStream(set: Split, batchSize: number, classes: number, rng: Rng) {
  const { images, labels, n } = rows(set);
  const px = GLYPH_SIZE * GLYPH_SIZE;
  return streamDataset(
    async function* () {
      for (const i of rng.permutation(n)) {
        yield {
          x: augmentGlyphImage(images.subarray(i * px, (i + 1) * px), GLYPH_SIZE, rng),
          y: labels[i],
        };
      }
    },
    { inputShape: [GLYPH_SIZE, GLYPH_SIZE, 1], numClasses: classes, batchSize },
  );
}

function fixedStream(set: Split, batchSize: number, classes: number) {
  const { images, labels, n } = rows(set);
  const px = GLYPH_SIZE * GLYPH_SIZE;
  return streamDataset(
    async function* () {
      for (let i = 0; i < n; i++) yield { x: images.subarray(i * px, (i + 1) * px), y: labels[i] };
    },
    { inputShape: [GLYPH_SIZE, GLYPH_SIZE, 1], numClasses: classes, batchSize },
  );
}
