import { DlError, type Rng } from '@dl/core';

export interface SamplingOptions {
  /** Divides the logits: < 1 sharper, > 1 flatter, 0 = always the most likely token. Default 1. */
  temperature?: number;
  /** Sample only among the k most likely tokens (0 or absent: all). */
  topK?: number;
  /** Nucleus sampling: only the most likely tokens whose probabilities add up to ≥ p (1: all). */
  topP?: number;
}

export function checkSampling(o: SamplingOptions): Required<SamplingOptions> {
  const { temperature = 1, topK = 0, topP = 1 } = o;
  if (!(temperature >= 0) || !Number.isFinite(temperature)) {
    throw new DlError('INVALID_ARGUMENT', `temperature must be ≥ 0, got ${temperature}`);
  }
  if (!Number.isInteger(topK) || topK < 0) {
    throw new DlError('INVALID_ARGUMENT', `topK must be an integer ≥ 0 (0: no limit), got ${topK}`);
  }
  if (!(topP > 0 && topP <= 1)) {
    throw new DlError('INVALID_ARGUMENT', `topP must be in (0, 1], got ${topP}`);
  }
  return { temperature, topK, topP };
}

/**
 * The distribution a token is drawn from: softmax(logits / temperature) over the allowed ids,
 * cut to the top k, then to the smallest set of most likely tokens with mass ≥ topP, and
 * renormalised. Returns candidate ids (most likely first) and their probabilities.
 */
export function samplingDistribution(
  logits: ArrayLike<number>,
  options: SamplingOptions = {},
  exclude: ReadonlySet<number> = new Set(),
): { ids: Int32Array; probs: Float64Array } {
  const { temperature, topK, topP } = checkSampling(options);
  const ids: number[] = [];
  for (let i = 0; i < logits.length; i++) if (!exclude.has(i)) ids.push(i);
  if (!ids.length) throw new DlError('INVALID_ARGUMENT', 'every token is excluded from sampling');
  // Ties by id, so the order (and so sampling) is deterministic.
  ids.sort((a, b) => logits[b] - logits[a] || a - b);
  if (temperature === 0) return { ids: Int32Array.of(ids[0]), probs: Float64Array.of(1) };
  let kept = topK > 0 ? ids.slice(0, topK) : ids;
  const max = logits[kept[0]];
  let probs = Float64Array.from(kept, (i) => Math.exp((logits[i] - max) / temperature));
  let total = probs.reduce((a, b) => a + b, 0);
  if (topP < 1) {
    let mass = 0;
    let n = 0;
    while (n < kept.length && mass < topP * total) mass += probs[n++];
    kept = kept.slice(0, Math.max(1, n));
    probs = probs.slice(0, kept.length);
    total = probs.reduce((a, b) => a + b, 0);
  }
  for (let i = 0; i < probs.length; i++) probs[i] /= total;
  return { ids: Int32Array.from(kept), probs };
}

/** Draws a token id from `samplingDistribution` with `rng` (seeded: same seed, same draw). */
export function sampleToken(
  logits: ArrayLike<number>,
  options: SamplingOptions,
  rng: Rng,
  exclude?: ReadonlySet<number>,
): number {
  const { ids, probs } = samplingDistribution(logits, options, exclude);
  const u = rng.next();
  let acc = 0;
  for (let i = 0; i < ids.length; i++) {
    acc += probs[i];
    if (u < acc) return ids[i];
  }
  return ids[ids.length - 1];
}
