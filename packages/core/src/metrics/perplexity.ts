import { checkNonEmpty, checkSameLength, fail } from './validate';

export interface PerplexityOptions {
  /**
   * One weight per token, ≥ 0. A 0/1 mask is the usual case (0 for padding), but any weights
   * work: the result is exp of the weighted mean NLL.
   */
  weights?: ArrayLike<number>;
}

/**
 * Float32 log-softmax can return a log-probability a hair above 0 for a near-certain token, i.e.
 * an NLL like -1e-7. Larger negative values mean log-probabilities were passed un-negated.
 */
const NEGATIVE_NLL_TOLERANCE = 1e-4;

/**
 * Perplexity from per-token negative log-likelihoods in nats (natural log, what
 * `sparseCategoricalCrossentropy` returns): `exp(Σ wᵢ·nllᵢ / Σ wᵢ)`. An infinite NLL (a target
 * given probability 0) gives Infinity, which is the true perplexity.
 */
export function perplexity(nll: ArrayLike<number>, options: PerplexityOptions = {}): number {
  const where = 'perplexity';
  checkNonEmpty(where, 'nll', nll);
  for (let i = 0; i < nll.length; i++) {
    const v = nll[i];
    if (Number.isNaN(v) || v < -NEGATIVE_NLL_TOLERANCE) {
      fail(
        where,
        `nll[${i}] is ${v}; expected a negative log-likelihood >= 0 (negate log-probabilities)`,
      );
    }
  }
  return Math.exp(weightedMean(where, 'nll', nll, options.weights));
}

/**
 * Perplexity from the probability each target token was given (e.g. `gather` of the softmax
 * output at the target ids): `perplexity(-ln p)`.
 */
export function perplexityFromProbabilities(
  targetProbabilities: ArrayLike<number>,
  options: PerplexityOptions = {},
): number {
  const where = 'perplexityFromProbabilities';
  checkNonEmpty(where, 'targetProbabilities', targetProbabilities);
  const nll = new Float64Array(targetProbabilities.length);
  for (let i = 0; i < nll.length; i++) {
    const p = targetProbabilities[i];
    // Allow float32 rounding above 1, as for NLL above.
    if (Number.isNaN(p) || p < 0 || p > 1 + NEGATIVE_NLL_TOLERANCE) {
      fail(where, `targetProbabilities[${i}] is ${p}; expected a probability in [0, 1]`);
    }
    nll[i] = -Math.log(p);
  }
  return Math.exp(weightedMean(where, 'targetProbabilities', nll, options.weights));
}

function weightedMean(
  where: string,
  name: string,
  values: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
): number {
  if (weights === undefined) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i];
    return sum / values.length;
  }
  checkSameLength(where, name, values, 'weights', weights);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights[i];
    if (!Number.isFinite(w) || w < 0) {
      fail(where, `weights[${i}] is ${w}; expected a finite weight >= 0 (1 = keep, 0 = mask)`);
    }
    // Skip masked tokens outright so a masked Infinity (0·∞ = NaN) cannot poison the sum.
    if (w === 0) continue;
    sum += w * values[i];
    total += w;
  }
  if (total === 0) fail(where, 'every token is masked (weights sum to 0); nothing to average');
  return sum / total;
}
