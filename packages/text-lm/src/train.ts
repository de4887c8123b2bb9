import {
  checkpointDirFor,
  DlError,
  type DlMetaInput,
  disposeOnError,
  exponentialDecay,
  type OutputClaim,
  Rng,
  saveModelDir,
  type TaskTrainOptions,
  tf,
  trainSteps,
  withModelOutput,
  withSeededRandom,
} from '@dl/core';
import pkg from '../package.json';
import { LM_DEFAULTS, type LmArchitectureName, type LmConfig, lmConfig } from './config';
import type { LmDataset } from './data';
import { buildLmModel, buildLmSeedModel, lmParams, lmVariables, syncTiedOutput } from './model';
import { evaluateEncoded, type LmEvaluation } from './perplexity';
import { encodeSplit } from './sequences';
import { lmTrainingStep } from './step';
import { LM_TASK, type LmMetrics, lmPreprocessing, type TrainLmResult } from './task';
import { LmVocabulary } from './vocabulary';

export type { LmMetrics, TrainLmResult } from './task';

export interface TrainLmOptions extends TaskTrainOptions, Partial<Omit<LmConfig, 'architecture'>> {
  data: LmDataset;
  /**
   * 'default' (Zaremba et al. 2014 small: LM_DEFAULTS) or 'seed' (SEEDS.md §2:
   * LM_SEED_DEFAULTS); the other fields override the architecture's defaults. 'lstm' is the
   * deprecated name of 'default'. Default 'default'.
   */
  architecture?: LmArchitectureName;
  /** Train on at most this many batches an epoch (smoke runs, benchmarks). Default: all. */
  maxBatchesPerEpoch?: number;
}

/** Builds the model a config describes (initialised from `rng`), uncompiled. */
export function buildFromConfig(config: LmConfig, vocabSize: number, rng: Rng): tf.LayersModel {
  const { embeddingDim, units } = config;
  return withSeededRandom(rng.fork('init'), () =>
    config.architecture === 'seed'
      ? buildLmSeedModel({ vocabSize, embeddingDim, units, seqLen: config.steps })
      : buildLmModel({ vocabSize, embeddingDim, units, ...pick(config) }),
  );
}

/** The options that are LmConfig fields (the others are the run's: data, outDir, seed…). */
const configFields = (o: TrainLmOptions): Partial<LmConfig> =>
  Object.fromEntries(Object.keys(LM_DEFAULTS).map((k) => [k, o[k as keyof TrainLmOptions]]));

const pick = ({ layers, dropout, initScale }: LmConfig) => ({ layers, dropout, initScale });

/** The vocabulary of the training split and the three splits as ids. */
function encodeData(data: LmDataset, config: LmConfig) {
  const vocab = LmVocabulary.fromSentences(data.train.sentences, { maxSize: config.maxVocab });
  if (config.sampledSoftmax >= vocab.size) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `sampledSoftmax ${config.sampledSoftmax} must be smaller than the vocabulary (${vocab.size} ids); use 0 for the full softmax`,
    );
  }
  return {
    vocab,
    train: encodeSplit(data.train, vocab, 'training split'),
    validation: encodeSplit(data.validation, vocab, 'validation split'),
    test: encodeSplit(data.test, vocab, 'test split'),
  };
}

/**
 * Trains a word-level language model and saves it as a @dl model directory (vocabulary, regime,
 * config, metrics and seed in dl.json). Training is core's trainSteps over lmTrainingStep
 * (truncated BPTT in the stream regime); trainSteps keeps best/last checkpoints, resumes, stops
 * on divergence and restores the epoch with the best validation perplexity — the model kept,
 * whose test perplexity is measured with the full softmax. Loss, accuracy and perplexity count
 * real tokens only.
 */
export async function trainLm(o: TrainLmOptions): Promise<TrainLmResult> {
  return withModelOutput(o.outDir, { resume: o.resume }, (claim) => trainInto(claim, o));
}

async function trainInto(claim: OutputClaim, o: TrainLmOptions): Promise<TrainLmResult> {
  const started = performance.now();
  const { data, seed = 1, maxBatchesPerEpoch, resume, progress, progressOut } = o;
  const config = lmConfig(o.architecture, configFields(o));
  const splits = encodeData(data, config);
  const rng = new Rng(seed);
  const model = buildFromConfig(config, splits.vocab.size, rng);
  const optimizer =
    config.optimizer === 'sgd'
      ? tf.train.sgd(config.learningRate)
      : tf.train.adam(config.learningRate);
  // The model holds the optimizer so checkpoints save its state and schedules reach it.
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  const meta: DlMetaInput = {
    task: LM_TASK,
    package: { name: pkg.name, version: pkg.version },
    vocabulary: splits.vocab.toJSON(),
    preprocessing: lmPreprocessing(config),
    seed,
    dataFingerprint: data.fingerprint,
    backend: tf.getBackend(),
    extra: { config, source: data.source, parameters: model.countParams() },
  };
  const dispose = () => {
    optimizer.dispose();
    model.dispose();
  };
  const p = lmParams(model, { tied: config.tiedEmbeddings });
  const step = lmTrainingStep(p, splits.train, config, rng, maxBatchesPerEpoch);
  let last: { epoch: number; evaluation: LmEvaluation } | null = null;
  const run = await disposeOnError(
    () =>
      withSeededRandom(rng.fork('train'), () =>
        trainSteps({
          epochs: config.epochs,
          batches: step.batches,
          stepsPerEpoch: step.stepsPerEpoch,
          loss: step.loss,
          model,
          variables: lmVariables(p),
          clipNorm: config.clipNorm > 0 ? config.clipNorm : undefined,
          schedule: exponentialDecay({
            initial: config.learningRate,
            rate: config.lrDecay,
            hold: config.decayAfter,
          }),
          evaluate: async (epoch) => {
            const tokensPerSecond = step.tokensPerSecond();
            // Before the checkpoint saves the layers model: its Dense kernel must be the shared one.
            syncTiedOutput(p);
            last = { epoch, evaluation: await evaluateEncoded(p, splits.validation, config) };
            return {
              val_loss: last.evaluation.nll,
              val_perplexity: last.evaluation.perplexity,
              val_accuracy: last.evaluation.accuracy,
              tokens_per_s: tokensPerSecond,
            };
          },
          checkpoint: {
            dir: claim.checkpointDir,
            meta,
            monitor: 'val_perplexity',
            restoreBest: true,
            // Training longer is what resuming is for; everything else must be the run's own.
            sameRun: { extra: ['config'], except: ['config.epochs'] },
          },
          resume,
          validateResume: (_saved, initialEpoch, dir) =>
            assertEpochsLeft(initialEpoch, config, dir),
          progress,
          progressOut,
        }),
      ),
    () => {
      step.dispose();
      dispose();
    },
  );
  step.dispose();
  if (run.bestEpoch === undefined) {
    dispose();
    // Diverged before the first epoch completed: there is no model worth saving.
    throw new DlError(
      'TRAINING_DIVERGED',
      `${run.message}. Nothing was saved: try a learningRate below ${config.learningRate} or a clipNorm (now ${config.clipNorm})`,
    );
  }
  return disposeOnError(async () => {
    // The best epoch's weights are restored; its validation score may be at hand already.
    syncTiedOutput(p);
    const kept = last as { epoch: number; evaluation: LmEvaluation } | null;
    const validation =
      kept && kept.epoch === run.bestEpoch
        ? kept.evaluation
        : await evaluateEncoded(p, splits.validation, config);
    const test = await evaluateEncoded(p, splits.test, config);
    const metrics = lmMetrics(validation, test, run.history.tokens_per_s ?? []);
    const seconds = (performance.now() - started) / 1000;
    const { history, message, stopReason, bestEpoch } = run;
    await saveModelDir(model, claim.outDir, {
      ...meta,
      metrics,
      extra: { ...meta.extra, history, seconds, bestEpoch, message },
    });
    const parameters = model.countParams();
    dispose();
    return {
      artifactDir: claim.outDir,
      history,
      metrics,
      stopReason,
      message,
      config,
      vocabularySize: splits.vocab.size,
      parameters,
      warnings: [...validation.warnings, ...test.warnings],
      seconds,
      validation,
      test,
    };
  }, dispose);
}

function lmMetrics(val: LmEvaluation, test: LmEvaluation, tokensPerSecond: number[]): LmMetrics {
  const n = tokensPerSecond.length;
  return {
    valPerplexity: val.perplexity,
    valAccuracy: val.accuracy,
    testPerplexity: test.perplexity,
    testAccuracy: test.accuracy,
    testNll: test.nll,
    testTargets: test.targets,
    trainTokensPerSecond: n ? tokensPerSecond.reduce((a, b) => a + b, 0) / n : 0,
  };
}

/** @deprecated Use checkpointDirFor from @dl/core; removed in the next minor. */
export const checkpointDir = checkpointDirFor;

/** Resuming must not end before it starts: ask for more epochs than the checkpoint has. */
function assertEpochsLeft(initialEpoch: number, config: LmConfig, dir: string) {
  if (initialEpoch >= config.epochs) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${dir} has already trained ${initialEpoch} of ${config.epochs} epochs; ask for more epochs to train longer`,
      { path: dir },
    );
  }
}
