import { accuracy, perplexity, tf } from '@dl/core';
import type { LmConfig } from './config';
import { disposeState, type LmState, lmHidden, lmLogits, zeroState } from './forward';
import { tokenNll } from './loss';
import type { LmParams } from './model';
import {
  type Batch,
  type EncodedSplit,
  paddedBatches,
  paddedRows,
  streamBatches,
} from './sequences';

/** How well a model predicts a split, over its real tokens only (padding never counts). */
export interface LmEvaluation {
  /** exp(mean NLL per target): the words and one `</s>` per sentence, full softmax. */
  perplexity: number;
  /** Mean negative log-likelihood per target, in nats. */
  nll: number;
  /** Fraction of targets that were the model's top-1 prediction. */
  accuracy: number;
  /** Targets scored: words + one `</s>` per sentence. */
  targets: number;
  sentences: number;
  /** Words not in the vocabulary (scored as `<unk>`; PTB's literal `<unk>` not counted). */
  oovWords: number;
  oovOnlyLines: { line: number; text: string }[];
  warnings: string[];
  tokensPerSecond: number;
}

/** The batches a regime evaluates a split with (the same regime it trains with). */
export function evaluationBatches(
  split: EncodedSplit,
  config: LmConfig,
): { batches: Iterable<Batch>; carry: boolean } {
  return config.regime === 'stream'
    ? { batches: streamBatches(split, config.evalBatchSize, config.steps), carry: true }
    : {
        batches: paddedBatches(paddedRows(split, config.steps), config.evalBatchSize),
        carry: false,
      };
}

/**
 * Scores every target of a split with the full softmax, in the model's regime: stream — the
 * split as `evalBatchSize` contiguous rows with the state carried across windows; padded — each
 * sentence from a zero state. Perplexity and accuracy come from @dl/core's metrics with the mask
 * as weights.
 */
export async function evaluateEncoded(
  p: LmParams,
  split: EncodedSplit,
  config: LmConfig,
): Promise<LmEvaluation> {
  const start = performance.now();
  const { batches, carry } = evaluationBatches(split, config);
  const nlls: Float32Array[] = [];
  const masks: Float32Array[] = [];
  const targets: Int32Array[] = [];
  const predicted: Int32Array[] = [];
  let state: LmState | null = null;
  try {
    for (const b of batches) {
      if (!state || !carry) {
        disposeState(state);
        state = zeroState(p, b.batch);
      }
      const current: LmState = state;
      const r = tf.tidy(() => {
        const ids = tf.tensor2d(b.inputs, [b.steps, b.batch], 'int32');
        const { hidden, state: next } = lmHidden(p, ids, current, { inference: true });
        return { logits: lmLogits(p, hidden), next: carry ? next : [] };
      });
      const targetIds = tf.tensor1d(b.targets, 'int32');
      const { nll, argmax } = tokenNll(r.logits, targetIds);
      tf.dispose([r.logits, targetIds]);
      nlls.push(nll);
      predicted.push(argmax);
      if (carry) {
        disposeState(state);
        state = r.next;
      }
      masks.push(b.mask);
      targets.push(b.targets);
    }
  } finally {
    disposeState(state);
  }
  const cat = <T extends Float32Array | Int32Array>(parts: T[], make: (n: number) => T): T => {
    const out = make(parts.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of parts) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  const mask = cat(masks, (n) => new Float32Array(n));
  const nll = cat(nlls, (n) => new Float32Array(n));
  const seconds = (performance.now() - start) / 1000;
  const ppl = perplexity(nll, { weights: mask });
  return {
    perplexity: ppl,
    nll: Math.log(ppl),
    accuracy: accuracy(
      cat(targets, (n) => new Int32Array(n)),
      cat(predicted, (n) => new Int32Array(n)),
      {
        weights: mask,
      },
    ),
    targets: split.targets,
    sentences: split.sentences.length,
    oovWords: split.oovWords,
    oovOnlyLines: split.oovOnlyLines,
    warnings: split.warnings,
    tokensPerSecond: split.targets / seconds,
  };
}
