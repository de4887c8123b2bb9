import {
  type ClassificationReport,
  cosineDecay,
  disposeOnError,
  evaluateClassifier,
  Rng,
  saveModelDir,
  type TaskTrainResult,
  tf,
  trainModel,
  withModelOutput,
  withSeededRandom,
} from '@dl/core';
import pkg from '../package.json';
import { EpochRandomness } from './epoch-random';
import { buildPlateModel, buildPlateSeedModel, compilePlateModel } from './model';
import { labelsOf } from './synth/labels';
import { PLATE_PREPROCESSING, type PlateMetrics, plateTaskOf } from './task';
import {
  fixedStream,
  type PlateTrainingData,
  plateTrainingData,
  trainingStream,
} from './train-data';
import {
  type PlateTrainSettings,
  plateTrainSettings,
  type TrainPlateOptions,
} from './train-options';

export interface TrainPlateResult extends TaskTrainResult<PlateMetrics> {
  /** Per-class precision/recall/F1 and the confusion matrix on the held-out test split. */
  report: ClassificationReport;
}

/**
 * Trains one plate-character classifier (province, letter or alnum) and saves it as a model
 * directory: stratified train/validation/test split, seeded initialisation, checkpoints (the
 * best validation loss is the one kept), per-class P/R/F1 on the test split in dl.json. A
 * resumed run ends where an uninterrupted one would (shuffles, dropout and augmentation are
 * drawn per epoch from the seed).
 */
export async function trainPlate(options: TrainPlateOptions): Promise<TrainPlateResult> {
  const s = plateTrainSettings(options);
  // The output is claimed (checked, locked) before any glyph is drawn or model built.
  return withModelOutput(options.outDir, { resume: options.resume }, async (claim) => {
    const rng = new Rng(s.seed);
    const labels = labelsOf(s.kind);
    const data = plateTrainingData({
      ...s,
      classes: labels.length,
      data: options.data,
      testData: options.testData,
      rng: rng.fork('split'),
    });
    const model = await disposeOnError(
      async () => buildAndCompile(s, labels.length, rng),
      data.dispose,
    );
    const dispose = () => {
      data.dispose();
      model.optimizer.dispose();
      model.dispose();
    };
    const result = await disposeOnError(
      () =>
        fitAndSave({
          s,
          options,
          outDir: claim.outDir,
          checkpointDir: claim.checkpointDir,
          data,
          model,
          labels,
          rng,
        }),
      dispose,
    );
    dispose();
    return result;
  });
}

/** Trains (or resumes), scores the kept epoch on the test split and saves the model. */
async function fitAndSave(o: {
  s: PlateTrainSettings;
  options: TrainPlateOptions;
  outDir: string;
  checkpointDir: string;
  data: PlateTrainingData;
  model: tf.LayersModel;
  labels: readonly string[];
  rng: Rng;
}): Promise<TrainPlateResult> {
  const { s, data, model, labels } = o;
  const meta = runMeta(s, labels, data.fingerprint, Boolean(o.options.data));
  const epochs = new EpochRandomness(o.rng.fork('epochs'));
  const run = await trainModel({
    model,
    ...inputs(s, data, labels.length, epochs),
    epochs: s.epochs,
    batchSize: s.batchSize,
    seed: s.seed,
    schedule: scheduleOf(s),
    // The best epoch by validation loss is the one kept, not merely the last.
    checkpoint: { dir: o.checkpointDir, meta, monitor: 'val_loss', restoreBest: true },
    // From checkpointDir/last; every key of meta.extra must match the checkpoint's.
    resume: o.options.resume,
    callbacks: [epochs],
    progress: o.options.progress,
    progressOut: o.options.progressOut,
  });
  const report = await evaluateClassifier(model, data.test, { labels });
  const metrics = metricsOf(report, data.test.labels.length);
  await saveModelDir(model, o.outDir, { ...meta, metrics });
  const { history, stopReason, message } = run;
  return { artifactDir: o.outDir, history, metrics, report, stopReason, message };
}

/** @deprecated Use trainPlate; removed in the next minor. */
export const trainPlateClassifier = trainPlate;

function buildAndCompile(s: PlateTrainSettings, classes: number, rng: Rng): tf.LayersModel {
  const build = s.architecture === 'seed' ? buildPlateSeedModel : buildPlateModel;
  const model = withSeededRandom(rng.fork('init'), () => build({ classes }));
  compilePlateModel(model, s.learningRate);
  return model;
}

/** The seed trained at a constant rate; ours anneals (cosine) to a twentieth of it. */
function scheduleOf(s: PlateTrainSettings) {
  if (s.architecture === 'seed') return undefined;
  return cosineDecay({ initial: s.learningRate, epochs: s.epochs, min: s.learningRate / 20 });
}

/** Streams: the training glyphs reshuffled (and maybe augmented) per epoch, validation as is. */
function inputs(
  s: PlateTrainSettings,
  data: PlateTrainingData,
  classes: number,
  epochs: EpochRandomness,
) {
  const rng = () => epochs.rng(s.augment ? 'augment' : 'shuffle');
  return {
    train: trainingStream(data.train, { batchSize: s.batchSize, classes, augment: s.augment, rng }),
    validation: fixedStream(data.validation, s.batchSize, classes),
  };
}

function runMeta(
  s: PlateTrainSettings,
  labels: readonly string[],
  fingerprint: string,
  real: boolean,
) {
  return {
    task: plateTaskOf(s.kind),
    package: { name: pkg.name, version: pkg.version },
    labels: [...labels],
    preprocessing: { ...PLATE_PREPROCESSING },
    seed: s.seed,
    dataFingerprint: fingerprint,
    backend: tf.getBackend(),
    extra: {
      kind: s.kind,
      architecture: s.architecture,
      synthetic: !real,
      // Not epochs: a resumed run may train longer.
      training: {
        batchSize: s.batchSize,
        learningRate: s.learningRate,
        augment: s.augment,
        ...(s.mixSynthetic > 0 ? { mixSynthetic: s.mixSynthetic } : {}),
        ...s.fractions,
      },
    },
  };
}

function metricsOf(report: ClassificationReport, testSamples: number): PlateMetrics {
  return {
    accuracy: report.accuracy,
    macroF1: report.macroAvg.f1,
    weightedF1: report.weightedAvg.f1,
    testSamples,
  };
}
