import { ctcBeamSearch, ctcGreedyDecode, tf } from '@dl/core';
import { decodeLabel } from './labels';
import type { CaptchaModelInfo, CaptchaPrediction } from './task';

export interface DecodeOptions {
  /**
   * CTC only: prefix beam search of this width instead of greedy decoding; with a fixed-length
   * model it returns the best sequence of exactly that length. Default 1 (greedy, then a
   * width-16 beam only where greedy gives the wrong length).
   */
  beamWidth?: number;
}

/** Per-position probabilities (heads) → text: the most probable symbol at each position. */
export function decodeHeads(probs: number[][][], charset: string): CaptchaPrediction[] {
  const n = probs[0]?.length ?? 0;
  return Array.from({ length: n }, (_, i) => {
    const perCharacter: number[] = [];
    const indices = probs.map((head) => {
      const row = head[i];
      let k = 0;
      for (let c = 1; c < row.length; c++) if (row[c] > row[k]) k = c;
      perCharacter.push(row[k]);
      return k;
    });
    const confidence = perCharacter.reduce((p, v) => p * v, 1);
    return { text: decodeLabel(indices, charset), confidence, perCharacter };
  });
}

/** CTC log-probabilities [n][T][charset + blank] → text. */
export function decodeCtc(
  logProbs: number[][][],
  info: Pick<CaptchaModelInfo, 'charset' | 'length'>,
  o: DecodeOptions = {},
): CaptchaPrediction[] {
  const width = o.beamWidth ?? 1;
  const length = info.length ?? undefined;
  return logProbs.map((seq) => {
    let path = width > 1 ? undefined : ctcGreedyDecode([seq])[0];
    if (!path || (length !== undefined && path.labels.length !== length)) {
      path = ctcBeamSearch([seq], { beamWidth: Math.max(width, 16), length })[0][0] ?? path;
    }
    const labels = path?.labels ?? [];
    return {
      text: decodeLabel(labels, info.charset),
      confidence: Math.exp(path?.logProb ?? Number.NEGATIVE_INFINITY),
      perCharacter: symbolProbabilities(seq, labels),
    };
  });
}

/** For each emitted symbol, the highest probability it reaches at any step. */
function symbolProbabilities(seq: number[][], labels: number[]): number[] {
  return labels.map((k) => Math.exp(Math.max(...seq.map((row) => row[k]))));
}

/** Runs a model on a batch and reads its outputs as log-probabilities (CTC) or head probabilities. */
export function modelOutputs(
  model: tf.LayersModel,
  x: tf.Tensor,
  decoding: CaptchaModelInfo['decoding'],
): number[][][] {
  return tf.tidy(() => {
    const y = model.predict(x);
    if (decoding === 'ctc') return tf.logSoftmax(y as tf.Tensor).arraySync() as number[][][];
    const heads = Array.isArray(y) ? y : [y];
    return heads.map((h) => h.arraySync() as number[][]);
  });
}
