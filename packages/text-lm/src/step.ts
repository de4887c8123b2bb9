import { type Rng, tf } from '@dl/core';
import type { LmConfig } from './config';
import { disposeState, type LmState, lmHidden, zeroState } from './forward';
import type { LmParams } from './model';
import { outputNll } from './output';
import { lmObjective } from './reduction';
import { LogUniformSampler, sampledSoftmaxNll } from './sampled';
import {
  type Batch,
  type EncodedSplit,
  paddedBatchCount,
  paddedBatches,
  paddedRows,
  streamBatches,
} from './sequences';

/** What trainSteps needs to train a language model, and the epoch's throughput. */
export interface LmTrainingStep {
  /** An epoch's batches; the LSTM state they run from is kept here, reset at each epoch. */
  batches(epoch: number): AsyncGenerator<Batch>;
  /**
   * The batch's mean masked NLL (full or sampled softmax), from the current state; its gradient
   * is that of the objective `config.lossReduction` names.
   */
  loss(batch: Batch): tf.Scalar;
  stepsPerEpoch: number;
  /** Real targets trained per second in the last epoch (forward, backward and update). */
  tokensPerSecond(): number;
  /** Frees the carried state. */
  dispose(): void;
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
 * The language model's custom step. Stream regime: truncated BPTT, the LSTM state carried from
 * window to window (as a constant) and reset at each epoch's start; padded: each row from zero.
 * Shuffles, dropout seeds and sampled-softmax draws come from per-epoch streams of `rng`, so a
 * resumed run draws what an uninterrupted one would.
 */
export function lmTrainingStep(
  p: LmParams,
  split: EncodedSplit,
  config: LmConfig,
  rng: Rng,
  maxBatchesPerEpoch = Number.POSITIVE_INFINITY,
): LmTrainingStep {
  const source = trainingBatches(split, config, rng);
  const stepsPerEpoch = Math.min(source.count, maxBatchesPerEpoch);
  const carry = config.regime === 'stream';
  const sampler = config.sampledSoftmax > 0 ? new LogUniformSampler(p.vocabSize) : null;
  let dropoutRng = rng.fork('dropout-0');
  const nextSeed = () => dropoutRng.nextUint32();
  let sampleRng = rng.fork('samples-0');
  let state: LmState | null = null;
  let pending: LmState | null = null;
  let epochTargets = 0;
  let epochSeconds = 0;

  /** The state a batch runs from: carried, or zero (a new epoch, padded rows, a short batch). */
  const stateFor = (b: Batch) => {
    if (!state || !carry || state[0].h.shape[0] !== b.batch) {
      disposeState(state);
      state = zeroState(p, b.batch);
    }
  };
  const handOn = () => {
    if (carry && pending) {
      disposeState(state);
      state = pending;
      pending = null;
    }
  };

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
        stateFor(b);
        yield b;
        for (let i = 0; i < b.mask.length; i++) epochTargets += b.mask[i];
        handOn();
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
    return lmObjective(nll(out.hidden, b), b, config.lossReduction);
  };
  const nll = (hidden: tf.Tensor2D, b: Batch): tf.Scalar => {
    if (sampler) {
      const sampled = sampler.sample(config.sampledSoftmax, sampleRng);
      return sampledSoftmaxNll(p, hidden, b.targets, b.mask, sampled, sampler);
    }
    const targets = tf.tensor1d(b.targets, 'int32');
    const mask = tf.tensor1d(b.mask, 'float32');
    return outputNll(p, hidden, targets, mask);
  };

  return {
    batches,
    loss,
    stepsPerEpoch,
    tokensPerSecond: () => epochTargets / Math.max(epochSeconds, 1e-9),
    dispose() {
      disposeState(state);
      state = null;
    },
  };
}
