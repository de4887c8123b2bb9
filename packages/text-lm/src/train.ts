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
import { ClippedSgdOptimizer } from './optimizer';
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
  return withModelOutput(o.outDir, { resume: o.resume }, async (claim) => {
    const started = performance.now();
    const run = setUp(o);
    return disposeOnError(async () => {
      const fitted = await fit(run, claim, o);
      return await save(run, fitted, claim.outDir, started);
    }, run.dispose);
  });
}

/** A run's configuration, encoded data, compiled model and the dl.json it will carry. */
function setUp(o: TrainLmOptions) {
  const seed = o.seed ?? 1;
  const config = lmConfig(o.architecture, configFields(o));
  const splits = encodeData(o.data, config);
  const rng = new Rng(seed);
  const model = buildFromConfig(config, splits.vocab.size, rng);
  // SGD clips inside its update (one fused pass on wasm); Adam is clipped by trainSteps.
  const optimizer =
    config.optimizer === 'sgd'
      ? new ClippedSgdOptimizer(config.learningRate, config.clipNorm)
      : tf.train.adam(config.learningRate);
  // The model holds the optimizer so checkpoints save its state and schedules reach it.
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  const meta: DlMetaInput = {
    task: LM_TASK,
    package: { name: pkg.name, version: pkg.version },
    vocabulary: splits.vocab.toJSON(),
    preprocessing: lmPreprocessing(config),
    seed,
    dataFingerprint: o.data.fingerprint,
    backend: tf.getBackend(),
    extra: { config, source: o.data.source, parameters: model.countParams() },
  };
  const p = lmParams(model, { tied: config.tiedEmbeddings });
  const dispose = () => {
    optimizer.dispose();
    model.dispose();
  };
  return { config, splits, rng, model, p, meta, dispose };
}
type LmRun = ReturnType<typeof setUp>;

/**
 * Core's trainSteps over the LM's step, validated each epoch; keeps the best epoch by
 * validation perplexity. Returns the run's result and the last validation (reused when it is
 * the best epoch's).
 */
async function fit(run: LmRun, claim: OutputClaim, o: TrainLmOptions) {
  const { config, splits, p } = run;
  const step = lmTrainingStep(p, splits.train, config, run.rng, o.maxBatchesPerEpoch);
  let last: { epoch: number; evaluation: LmEvaluation } | null = null;
  const evaluate = async (epoch: number) => {
    const tokensPerSecond = step.tokensPerSecond();
    // Before the checkpoint saves the layers model: its Dense kernel must be the shared one.
    syncTiedOutput(p);
    const e = await evaluateEncoded(p, splits.validation, config);
    last = { epoch, evaluation: e };
    return {
      val_loss: e.nll,
      val_perplexity: e.perplexity,
      val_accuracy: e.accuracy,
      tokens_per_s: tokensPerSecond,
    };
  };
  try {
    const result = await withSeededRandom(run.rng.fork('train'), () =>
      trainSteps({
        epochs: config.epochs,
        batches: step.batches,
        stepsPerEpoch: step.stepsPerEpoch,
        loss: step.loss,
        model: run.model,
        variables: lmVariables(p),
        clipNorm: config.optimizer === 'adam' && config.clipNorm > 0 ? config.clipNorm : undefined,
        schedule: exponentialDecay({
          initial: config.learningRate,
          rate: config.lrDecay,
          hold: config.decayAfter,
        }),
        evaluate,
        checkpoint: {
          dir: claim.checkpointDir,
          meta: run.meta,
          monitor: 'val_perplexity',
          restoreBest: true,
          // Training longer is what resuming is for; everything else must be the run's own.
          sameRun: { extra: ['config'], except: ['config.epochs'] },
        },
        resume: o.resume,
        validateResume: (_saved, initialEpoch, dir) => assertEpochsLeft(initialEpoch, config, dir),
        progress: o.progress,
        progressOut: o.progressOut,
      }),
    );
    return { result, last: last as { epoch: number; evaluation: LmEvaluation } | null };
  } finally {
    step.dispose();
  }
}

/** Scores the kept (best) epoch's model on validation and test, saves it, frees it. */
async function save(
  run: LmRun,
  { result, last }: Awaited<ReturnType<typeof fit>>,
  outDir: string,
  started: number,
): Promise<TrainLmResult> {
  const { config, splits, p, model } = run;
  if (result.bestEpoch === undefined) {
    // Diverged before the first epoch completed: there is no model worth saving.
    throw new DlError(
      'TRAINING_DIVERGED',
      `${result.message}. Nothing was saved: try a learningRate below ${config.learningRate} or a clipNorm (now ${config.clipNorm})`,
    );
  }
  syncTiedOutput(p);
  const validation =
    last?.epoch === result.bestEpoch
      ? last.evaluation
      : await evaluateEncoded(p, splits.validation, config);
  const test = await evaluateEncoded(p, splits.test, config);
  const metrics = lmMetrics(validation, test, result.history.tokens_per_s ?? []);
  const { history, message, stopReason, bestEpoch } = result;
  const seconds = (performance.now() - started) / 1000;
  await saveModelDir(model, outDir, {
    ...run.meta,
    metrics,
    extra: { ...run.meta.extra, history, seconds, bestEpoch, message },
  });
  const parameters = model.countParams();
  run.dispose();
  return {
    artifactDir: outDir,
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
