import {
  cosineDecay,
  type DlMetaInput,
  disposeOnError,
  EpochRandom,
  Rng,
  saveModelDir,
  stepDecay,
  type TaskTrainResult,
  tf,
  trainModel,
  withModelOutput,
  withSeededRandom,
} from '@dl/core';
import pkg from '../package.json';
import type { FaceDataset } from './data';
import { evaluateSamples } from './evaluate-samples';
import { inputShapeOf } from './images';
import { buildFaceModel, buildFaceSeedModel } from './model';
import { type FaceParts, splitFaces } from './split';
import { synthFaceDataset } from './synth';
import { FACE_TASK, type FaceEvaluation, type FaceMetrics, type FaceModelExtra } from './task';
import { faceBatches } from './train-data';
import {
  FACE_TRAIN_DEFAULTS,
  type FaceTrainingPlan,
  planFaceTraining,
  type TrainFaceOptions,
} from './train-options';

export interface TrainFaceResult extends TaskTrainResult<FaceMetrics>, FaceEvaluation {
  /** How many images each part had. */
  split: { train: number; validation: number; test: number };
}

/**
 * Trains a face identity classifier and saves it as a model directory: the output is claimed
 * (checked, locked) first, then the samples are split whole (images with their labels,
 * stratified), the model built from the run's seed, trained with best/last checkpoints (the
 * best validation loss is kept), scored on the test part, and saved with its scores in dl.json.
 * 'seed' trains as the course did: SGD lr 0.01, momentum 0.9, Nesterov, lr halved by
 * 0.01 · 0.5^floor((1 + epoch) / 10), batch 32, 20 epochs.
 */
export async function trainFace(o: TrainFaceOptions): Promise<TrainFaceResult> {
  return withModelOutput(o.outDir, { resume: o.resume }, async (claim) => {
    const plan = planFaceTraining(o);
    const rng = new Rng(plan.seed);
    const data =
      o.data ??
      synthFaceDataset({ ...FACE_TRAIN_DEFAULTS.synthetic, seed: plan.seed, ...o.synthetic });
    const parts = splitFaces(data, plan.split, plan.validation, rng.fork('split'));
    const meta = modelMeta(data, plan);
    const model = buildAndCompile(plan, data.people.length, rng.fork('init'));
    return disposeOnError(
      async () => {
        const epochs = new EpochRandom(rng.fork('epochs'));
        const { train, validation } = faceBatches(parts, plan, data.people.length, epochs);
        const run = await epochs.run(() =>
          trainModel({
            model,
            train,
            validation,
            epochs: plan.epochs,
            schedule: scheduleOf(plan),
            checkpoint: {
              dir: claim.checkpointDir,
              meta,
              monitor: validation ? 'val_loss' : 'loss',
              restoreBest: true,
            },
            resume: o.resume,
            progress: o.progress,
            progressOut: o.progressOut,
            callbacks: [epochs],
          }),
        );
        const evaluation = await evaluateSamples(model, parts.test, plan.pre, data.people);
        await saveModelDir(model, claim.outDir, { ...meta, metrics: evaluation.metrics });
        disposeModel(model);
        return {
          artifactDir: claim.outDir,
          history: run.history,
          stopReason: run.stopReason,
          message: run.message,
          split: sizes(parts),
          ...evaluation,
        };
      },
      () => disposeModel(model),
    );
  });
}

const sizes = (p: FaceParts) => ({
  train: p.train.length,
  validation: p.validation.length,
  test: p.test.length,
});

/** Built under the run's seed; compiled here (builders do not): SGD-Nesterov for the seed, else Adam. */
function buildAndCompile(plan: FaceTrainingPlan, classes: number, rng: Rng): tf.LayersModel {
  const inputShape = inputShapeOf(plan.pre);
  const model = withSeededRandom(rng, () =>
    plan.architecture === 'seed'
      ? buildFaceSeedModel({ classes, inputShape })
      : buildFaceModel({ classes, inputShape, dropout: plan.dropout, filters: plan.filters }),
  );
  model.compile({
    optimizer:
      plan.optimizer === 'sgd-nesterov'
        ? tf.train.momentum(plan.learningRate, 0.9, true)
        : tf.train.adam(plan.learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/** The seed's step decay, lr · 0.5^floor((1 + epoch) / 10), with SGD; with Adam a cosine decay to lr / 20. */
function scheduleOf(plan: FaceTrainingPlan) {
  if (plan.optimizer === 'sgd-nesterov') {
    return stepDecay({ initial: plan.learningRate, factor: 0.5, every: 10, offset: 1 });
  }
  return cosineDecay({
    initial: plan.learningRate,
    epochs: plan.epochs,
    min: plan.learningRate / 20,
  });
}

function modelMeta(data: FaceDataset, plan: FaceTrainingPlan): DlMetaInput {
  const extra: FaceModelExtra = {
    architecture: plan.architecture,
    split: plan.split,
    synthetic: data.synthetic,
    augment: plan.augment ?? null,
    training: {
      batchSize: plan.batchSize,
      optimizer: plan.optimizer,
      learningRate: plan.learningRate,
      validation: plan.validation,
      ...(plan.architecture === 'default' ? { dropout: plan.dropout, filters: plan.filters } : {}),
    },
  };
  return {
    task: FACE_TASK,
    package: { name: pkg.name, version: pkg.version },
    labels: [...data.people],
    preprocessing: { ...plan.pre },
    seed: plan.seed,
    dataFingerprint: data.fingerprint,
    backend: tf.getBackend(),
    extra: { ...extra },
  };
}

function disposeModel(model: tf.LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}
