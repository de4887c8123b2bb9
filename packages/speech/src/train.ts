import {
  cosineDecay,
  type DlMetaInput,
  disposeOnError,
  EpochRandom,
  Rng,
  saveModelDir,
  type TaskTrainResult,
  tf,
  trainModel,
  withModelOutput,
  withSeededRandom,
} from '@dl/core';
import pkg from '../package.json';
import { type SpeechDataset, synthSpeechDataset } from './data';
import { evaluateClips } from './evaluate';
import { featureShape } from './features';
import { buildSpeechModel, buildSpeechSeedModel, softmaxCrossEntropyFromLogits } from './model';
import { synthVoices } from './synth';
import {
  SPEECH_OUTPUTS,
  SPEECH_TASK,
  type SpeechEvaluation,
  type SpeechMetrics,
  type SpeechModelExtra,
} from './task';
import { type SpeechTrainingClips, speechBatches, splitSpeechClips } from './train-data';
import {
  planSpeechTraining,
  SPEECH_TRAIN_DEFAULTS,
  type SpeechTrainingPlan,
  type TrainSpeechOptions,
} from './train-options';

export interface TrainSpeechResult extends TaskTrainResult<SpeechMetrics>, SpeechEvaluation {
  /** How many recordings each part had, and the voices held out for testing. */
  split: { train: number; validation: number; test: number; testSpeakers: string[] };
}

/**
 * Trains a spoken-word classifier and saves it as a model directory: split, seeded
 * initialisation, fresh augmentation every epoch, checkpoints (the best validation loss is
 * kept), then accuracy, per-class P/R/F1 and per-speaker / per-digit accuracy on the test split,
 * stored in dl.json. The output is claimed (checked, locked) before any data is made or read.
 */
export async function trainSpeech(o: TrainSpeechOptions): Promise<TrainSpeechResult> {
  return withModelOutput(o.outDir, { resume: o.resume }, async (claim) => {
    const plan = planSpeechTraining(o);
    const rng = new Rng(plan.seed);
    const data = o.data ?? (await defaultData(o, plan.seed));
    const clips = splitSpeechClips(data, o.split, plan.validation, rng);
    const meta = modelMeta(data, clips, plan);
    const model = buildAndCompile(plan, data.labels.length, rng.fork('init'));
    return disposeOnError(
      async () => {
        const epochs = new EpochRandom(rng.fork('epochs'));
        const { train, validation } = speechBatches(clips, plan, data.labels.length, epochs);
        const run = await epochs.run(() =>
          trainModel({
            model,
            train,
            validation,
            epochs: plan.epochs,
            batchSize: plan.batchSize,
            schedule: scheduleOf(plan),
            checkpoint: {
              dir: claim.checkpointDir,
              meta,
              monitor: validation ? 'val_loss' : 'loss',
              restoreBest: true,
            },
            // From checkpointDir/last; every key of meta.extra must match the checkpoint's.
            resume: o.resume,
            progress: o.progress,
            progressOut: o.progressOut,
            callbacks: [epochs],
          }),
        );
        const evaluation = await evaluateClips(model, clips.test, plan.features, data.labels);
        await saveModelDir(model, claim.outDir, { ...meta, metrics: evaluation.metrics });
        disposeModel(model);
        return {
          artifactDir: claim.outDir,
          history: run.history,
          stopReason: run.stopReason,
          message: run.message,
          split: {
            train: clips.train.length,
            validation: clips.validation.length,
            test: clips.test.length,
            testSpeakers: clips.testSpeakers,
          },
          ...evaluation,
        };
      },
      () => disposeModel(model),
    );
  });
}

/** @deprecated Use trainSpeech; removed in the next minor. */
export const trainSpeechRecognizer = trainSpeech;

function defaultData(o: TrainSpeechOptions, seed: number): Promise<SpeechDataset> {
  const { voices, renditions } = SPEECH_TRAIN_DEFAULTS.synthetic;
  return synthSpeechDataset({ voices: synthVoices(voices), renditions, seed, ...o.synthetic });
}

/** The seed's initialisation drawn from the run's seed; compiled here, as builders do not. */
function buildAndCompile(plan: SpeechTrainingPlan, classes: number, rng: Rng): tf.LayersModel {
  const inputShape = featureShape(plan.features);
  const seed = plan.architecture === 'seed';
  const model = withSeededRandom(rng, () =>
    seed
      ? buildSpeechSeedModel({ inputShape, classes })
      : buildSpeechModel({ inputShape, classes, dropout: plan.dropout }),
  );
  model.compile({
    optimizer: tf.train.adam(plan.learningRate),
    // the seed outputs logits and trains on softmax cross-entropy from them, as the original
    loss: seed ? softmaxCrossEntropyFromLogits : 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/** Cosine decay to finalLearningRate, or none when they are equal (the seed's constant rate). */
function scheduleOf(plan: SpeechTrainingPlan) {
  if (plan.finalLearningRate === plan.learningRate) return undefined;
  return cosineDecay({
    initial: plan.learningRate,
    epochs: plan.epochs,
    min: plan.finalLearningRate,
  });
}

function modelMeta(
  data: SpeechDataset,
  clips: SpeechTrainingClips,
  plan: SpeechTrainingPlan,
): DlMetaInput {
  const extra: SpeechModelExtra = {
    architecture: plan.architecture,
    outputs: SPEECH_OUTPUTS[plan.architecture],
    augment: plan.augment ?? null,
    split: clips.split.mode,
    testSpeakers: clips.testSpeakers,
    synthetic: data.synthetic,
    training: {
      batchSize: plan.batchSize,
      learningRate: plan.learningRate,
      finalLearningRate: plan.finalLearningRate,
      validation: plan.validation,
      dropout: plan.dropout,
    },
  };
  return {
    task: SPEECH_TASK,
    package: { name: pkg.name, version: pkg.version },
    labels: [...data.labels],
    preprocessing: { ...plan.features },
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
