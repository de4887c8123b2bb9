import { join } from 'node:path';
import {
  CheckpointCallback,
  DlError,
  type DlMetaInput,
  exponentialDecay,
  LrScheduleCallback,
  loadModelDir,
  type ProgressMode,
  type ResumePoint,
  Rng,
  resumeFromCheckpoint,
  sameRunCheck,
  saveModelDir,
  tf,
  trainSteps,
  withSeededRandom,
} from '@dl/core';
import pkg from '../package.json';
import { type LmArchitecture, type LmConfig, lmConfig } from './config';
import type { LmDataset } from './data';
import { evaluateEncoded, type LmEvaluation } from './evaluate';
import { disposeState, type LmState, lmHidden, lmLogits, zeroState } from './forward';
import { maskedSoftmaxNll } from './loss';
import { buildLmModel, buildLmSeedModel, lmParams, lmVariables, syncTiedOutput } from './model';
import { LogUniformSampler, sampledSoftmaxNll } from './sampled';
import {
  type Batch,
  type EncodedSplit,
  encodeSplit,
  paddedBatchCount,
  paddedBatches,
  paddedRows,
  streamBatches,
} from './sequences';
import { LmVocabulary } from './vocabulary';

export const LM_TASK = 'text-lm';

export interface TrainLmOptions extends Partial<Omit<LmConfig, 'architecture'>> {
  data: LmDataset;
  /** Where the trained model directory goes; best/last checkpoints go to `${outDir}.checkpoints`. */
  outDir: string;
  /** 'lstm' (default: Zaremba et al. 2014 small) or 'seed' (SEEDS.md §2). */
  architecture?: LmArchitecture;
  seed?: number;
  /**
   * Continue an interrupted run from `${outDir}.checkpoints/last` (weights, optimizer state,
   * epoch, history and the best validation perplexity so far) instead of starting over. The
   * data and configuration must be the run's own; `epochs` may be raised to train longer.
   * The result equals an uninterrupted run's (per-epoch shuffles and dropout seeds).
   */
  resume?: boolean;
  /** Train on at most this many batches an epoch (smoke runs, benchmarks). */
  maxBatchesPerEpoch?: number;
  progress?: ProgressMode;
  progressOut?: { write(s: string): unknown; isTTY?: boolean };
}

export interface LmMetrics {
  valPerplexity: number;
  valAccuracy: number;
  testPerplexity: number;
  testAccuracy: number;
  /** Mean NLL per test target, nats. */
  testNll: number;
  testTargets: number;
  /** Training targets per second (forward, backward and update; evaluation excluded). */
  trainTokensPerSecond: number;
  [k: string]: number;
}

export interface TrainLmResult {
  artifactDir: string;
  history: Record<string, number[]>;
  metrics: LmMetrics;
  config: LmConfig;
  vocabularySize: number;
  parameters: number;
  /** Out-of-vocabulary reports of the validation and test splits. */
  warnings: string[];
  message: string;
  seconds: number;
  validation: LmEvaluation;
  test: LmEvaluation;
}

/** Builds the model a config describes (initialised from `rng`). */
export function buildFromConfig(config: LmConfig, vocabSize: number, rng: Rng): tf.LayersModel {
  return withSeededRandom(rng.fork('init'), () =>
    config.architecture === 'seed'
      ? buildLmSeedModel({
          vocabSize,
          embeddingDim: config.embeddingDim,
          units: config.units,
          seqLen: config.steps,
        })
      : buildLmModel({
          vocabSize,
          embeddingDim: config.embeddingDim,
          units: config.units,
          layers: config.layers,
          dropout: config.dropout,
          initScale: config.initScale,
        }),
  );
}

/** The per-epoch batch source of a regime: stream windows in order, padded rows shuffled. */
function trainingBatches(split: EncodedSplit, config: LmConfig, rng: Rng) {
  if (config.regime === 'stream') {
    const windows = streamBatches(split, config.batchSize, config.steps);
    return { count: windows.length, epoch: (_epoch: number): Iterable<Batch> => windows };
  }
  const rows = paddedRows(split, config.steps);
  return {
    count: paddedBatchCount(rows, config.batchSize),
    epoch: (epoch: number): Iterable<Batch> =>
      paddedBatches(rows, config.batchSize, rng.fork(`shuffle-${epoch}`)),
  };
}

/**
 * Trains a word-level language model and saves it as a @dl model directory (vocabulary, regime,
 * config, metrics and seed in dl.json). Stream regime: truncated BPTT with the LSTM state carried
 * across windows and reset at each epoch's start. Loss, accuracy and perplexity count real
 * tokens only. The model kept is the epoch with the best validation perplexity; its test
 * perplexity is measured with the full softmax.
 */
export async function trainLm(o: TrainLmOptions): Promise<TrainLmResult> {
  const started = performance.now();
  const {
    data,
    outDir,
    architecture = 'lstm',
    seed = 1,
    maxBatchesPerEpoch,
    progress,
    progressOut,
    resume = false,
    ...overrides
  } = o;
  const config = lmConfig(architecture, overrides);
  const rng = new Rng(seed);
  const vocab = LmVocabulary.fromSentences(data.train.sentences, { maxSize: config.maxVocab });
  const train = encodeSplit(data.train, vocab, 'training split');
  const validation = encodeSplit(data.validation, vocab, 'validation split');
  const test = encodeSplit(data.test, vocab, 'test split');
  if (config.sampledSoftmax >= vocab.size) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `sampledSoftmax ${config.sampledSoftmax} must be smaller than the vocabulary (${vocab.size} ids); use 0 for the full softmax`,
    );
  }
  const model = buildFromConfig(config, vocab.size, rng);
  const p = lmParams(model, { tied: config.tiedEmbeddings });
  const optimizer =
    config.optimizer === 'sgd'
      ? tf.train.sgd(config.learningRate)
      : tf.train.adam(config.learningRate);
  // The model holds the optimizer so checkpoints save its state and schedules reach it.
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });

  const meta: DlMetaInput = {
    task: LM_TASK,
    package: { name: pkg.name, version: pkg.version },
    vocabulary: vocab.toJSON(),
    preprocessing: {
      tokenizer: 'whitespace',
      regime: config.regime,
      steps: config.steps,
      specials: { pad: '<pad>', unk: '<unk>', bos: '<s>', eos: '</s>' },
    },
    seed,
    dataFingerprint: data.fingerprint,
    backend: tf.getBackend(),
    extra: { config, source: data.source, parameters: model.countParams() },
  };

  let resumed: ResumePoint | null = null;
  if (resume) {
    try {
      const dir = lastCheckpoint(outDir);
      resumed = await resumeFromCheckpoint(model, dir, 'val_perplexity', {
        validate: (saved, initialEpoch) => {
          sameRunCheck(meta, { extra: ['config'], except: ['config.epochs'] })(
            saved,
            initialEpoch,
            dir,
          );
          assertEpochsLeft(initialEpoch, config, dir);
        },
      });
    } catch (e) {
      optimizer.dispose();
      model.dispose();
      throw e;
    }
  }

  const source = trainingBatches(train, config, rng);
  const stepsPerEpoch = Math.min(source.count, maxBatchesPerEpoch ?? Number.POSITIVE_INFINITY);
  const carry = config.regime === 'stream';
  // Dropout seeds from a stream per epoch, so that a resumed run draws what a straight one would.
  let dropoutRng = rng.fork('dropout-0');
  const nextSeed = () => dropoutRng.nextUint32();
  const sampler = config.sampledSoftmax > 0 ? new LogUniformSampler(vocab.size) : null;
  let sampleRng = rng.fork('samples-0');
  let state: LmState | null = null;
  let pending: LmState | null = null;
  let epochTargets = 0;
  let epochSeconds = 0;

  async function* batches(epoch: number): AsyncGenerator<Batch> {
    const t0 = performance.now();
    epochTargets = 0;
    dropoutRng = rng.fork(`dropout-${epoch}`);
    sampleRng = rng.fork(`samples-${epoch}`);
    // A new epoch starts from a zero state: the stream starts over.
    disposeState(state);
    state = null;
    let n = 0;
    try {
      for (const b of source.epoch(epoch)) {
        if (n++ >= stepsPerEpoch) break;
        if (!state || !carry || state[0].h.shape[0] !== b.batch) {
          disposeState(state);
          state = zeroState(p, b.batch);
        }
        yield b;
        for (let i = 0; i < b.mask.length; i++) epochTargets += b.mask[i];
        if (carry && pending) {
          disposeState(state);
          state = pending;
          pending = null;
        }
      }
    } finally {
      disposeState(pending);
      pending = null;
      epochSeconds = (performance.now() - t0) / 1000;
    }
  }

  const loss = (b: Batch): tf.Scalar => {
    const ids = tf.tensor2d(b.inputs, [b.steps, b.batch], 'int32');
    const out = lmHidden(p, ids, state!, { dropout: config.dropout, training: true, nextSeed });
    if (carry) {
      // Kept past the step's tidy; the next window starts from it (as a constant: truncated BPTT).
      pending = out.state.map((s) => ({ h: tf.keep(s.h), c: tf.keep(s.c) }));
    }
    if (sampler) {
      const sampled = sampler.sample(config.sampledSoftmax, sampleRng);
      return sampledSoftmaxNll(p, out.hidden, b.targets, b.mask, sampled, sampler);
    }
    const targets = tf.tensor1d(b.targets, 'int32');
    const mask = tf.tensor1d(b.mask, 'float32');
    return maskedSoftmaxNll(lmLogits(p, out.hidden), targets, mask);
  };

  const checkpoint = new CheckpointCallback({
    dir: checkpointDir(outDir),
    monitor: 'val_perplexity',
    meta,
    history: resumed?.history,
    best: resumed?.best,
  });
  let lastValidation: LmEvaluation | null = null;
  const run = await withSeededRandom(rng.fork('train'), () =>
    trainSteps({
      epochs: config.epochs,
      initialEpoch: resumed?.initialEpoch,
      batches,
      stepsPerEpoch,
      loss,
      optimizer,
      variables: lmVariables(p),
      clipNorm: config.clipNorm > 0 ? config.clipNorm : undefined,
      model,
      evaluate: async () => {
        const trainTokensPerSecond = epochTargets / Math.max(epochSeconds, 1e-9);
        // Before the checkpoint saves the layers model: its Dense kernel must be the shared one.
        syncTiedOutput(p);
        lastValidation = await evaluateEncoded(p, validation, config);
        return {
          val_loss: lastValidation.nll,
          val_perplexity: lastValidation.perplexity,
          val_accuracy: lastValidation.accuracy,
          tokens_per_s: trainTokensPerSecond,
        };
      },
      callbacks: [
        new LrScheduleCallback(
          exponentialDecay({
            initial: config.learningRate,
            rate: config.lrDecay,
            hold: config.decayAfter,
          }),
        ),
        checkpoint,
      ],
      progress,
      progressOut,
    }),
  );
  disposeState(state);
  state = null;

  let message = resumed
    ? `resumed after epoch ${resumed.initialEpoch}, trained ${run.history.loss?.length ?? 0} more epoch(s)`
    : `trained ${run.history.loss?.length ?? 0} epoch(s)`;
  if (run.diverged) {
    const d = run.diverged;
    message = `${d.what} at epoch ${d.epoch + 1}${d.batch >= 0 ? `, batch ${d.batch + 1}` : ''}; training stopped`;
  }
  if (checkpoint.bestEpoch !== null) {
    const { model: best } = await loadModelDir(checkpoint.bestDir);
    model.setWeights(best.getWeights());
    best.dispose();
    message += `; weights of the best epoch by validation perplexity (${checkpoint.bestEpoch + 1}) kept`;
  } else if (run.diverged) {
    model.dispose();
    optimizer.dispose();
    throw new DlError(
      'TRAINING_DIVERGED',
      `${message} before any epoch completed; lower the learning rate (${config.learningRate}) or clip gradients (clipNorm)`,
    );
  }

  syncTiedOutput(p);
  const valEval =
    checkpoint.bestEpoch !== null && lastValidation && checkpoint.bestEpoch === checkpoint.lastEpoch
      ? (lastValidation as LmEvaluation)
      : await evaluateEncoded(p, validation, config);
  const testEval = await evaluateEncoded(p, test, config);
  const tps = run.history.tokens_per_s ?? [];
  const metrics: LmMetrics = {
    valPerplexity: valEval.perplexity,
    valAccuracy: valEval.accuracy,
    testPerplexity: testEval.perplexity,
    testAccuracy: testEval.accuracy,
    testNll: testEval.nll,
    testTargets: testEval.targets,
    trainTokensPerSecond: tps.length ? tps.reduce((a, b) => a + b, 0) / tps.length : 0,
  };
  const history = checkpoint.history;
  const seconds = (performance.now() - started) / 1000;
  await saveModelDir(model, outDir, {
    ...meta,
    metrics,
    extra: { ...meta.extra, history, seconds, bestEpoch: checkpoint.bestEpoch, message },
  });
  const parameters = model.countParams();
  optimizer.dispose();
  model.dispose();
  return {
    artifactDir: outDir,
    history,
    metrics,
    config,
    vocabularySize: vocab.size,
    parameters,
    warnings: [...validation.warnings, ...test.warnings],
    message,
    seconds,
    validation: valEval,
    test: testEval,
  };
}

/** Where trainLm keeps its best/last checkpoints for `outDir`. */
export const checkpointDir = (outDir: string) => `${outDir}.checkpoints`;
const lastCheckpoint = (outDir: string) => join(checkpointDir(outDir), 'last');

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
