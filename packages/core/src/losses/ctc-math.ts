/**
 * The CTC forward–backward recursion (Graves et al. 2006) for one sequence, in log space and
 * double precision: plain typed-array code, so the tfjs op can run it on any backend and the
 * gradient is exact rather than taken through T × S small tensor ops.
 */

const NEG_INF = Number.NEGATIVE_INFINITY;

/** log(e^a + e^b) without overflow; exact at −∞. */
export function logAdd(a: number, b: number): number {
  if (a === NEG_INF) return b;
  if (b === NEG_INF) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

export interface CtcSequence {
  /** Log-probabilities, row-major [steps, classes] starting at `offset`. */
  logProbs: Float32Array | Float64Array;
  offset: number;
  /** Valid time steps (≤ the tensor's T). */
  steps: number;
  classes: number;
  labels: ArrayLike<number>;
  blank: number;
}

export interface CtcResult {
  /** −log p(labels | input); +∞ when no alignment fits in `steps`. */
  loss: number;
  /**
   * Occupancy γ[t·classes + k] = Σ over extended-label states s with symbol k of
   * α_t(s)·β_t(s) / p: the posterior of emitting k at t. The gradient of the loss with respect
   * to the log-probabilities is −γ. All zeros when the loss is infinite.
   */
  occupancy: Float64Array;
}

/** The label with a blank before, between and after every symbol: l' of length 2L + 1. */
function extend(labels: ArrayLike<number>, blank: number): Int32Array {
  const ext = new Int32Array(2 * labels.length + 1).fill(blank);
  for (let i = 0; i < labels.length; i++) ext[2 * i + 1] = labels[i];
  return ext;
}

/** Whether state s may be reached from s − 2 (skipping the blank between two symbols). */
function canSkip(ext: Int32Array, s: number, blank: number): boolean {
  return s >= 2 && ext[s] !== blank && ext[s] !== ext[s - 2];
}

/**
 * Loss and occupancy of one sequence. α_t(s) includes the emission at t, β_t(s) the emissions
 * after t only, so p = Σ_s α_t(s)·β_t(s) at every t.
 */
export function ctcSequence(q: CtcSequence): CtcResult {
  const { logProbs: lp, offset, steps: T, classes: C, blank } = q;
  const ext = extend(q.labels, blank);
  const S = ext.length;
  const occupancy = new Float64Array(T * C);
  if (T === 0) return { loss: Number.POSITIVE_INFINITY, occupancy };
  const at = (t: number, s: number) => lp[offset + t * C + ext[s]];
  const alpha = new Float64Array(T * S).fill(NEG_INF);
  alpha[0] = at(0, 0);
  if (S > 1) alpha[1] = at(0, 1);
  for (let t = 1; t < T; t++) {
    for (let s = 0; s < S; s++) {
      let a = alpha[(t - 1) * S + s];
      if (s >= 1) a = logAdd(a, alpha[(t - 1) * S + s - 1]);
      if (canSkip(ext, s, blank)) a = logAdd(a, alpha[(t - 1) * S + s - 2]);
      alpha[t * S + s] = a === NEG_INF ? a : a + at(t, s);
    }
  }
  const last = (T - 1) * S;
  const logP = S > 1 ? logAdd(alpha[last + S - 1], alpha[last + S - 2]) : alpha[last];
  if (logP === NEG_INF) return { loss: Number.POSITIVE_INFINITY, occupancy };

  const beta = new Float64Array(T * S).fill(NEG_INF);
  beta[last + S - 1] = 0;
  if (S > 1) beta[last + S - 2] = 0;
  for (let t = T - 2; t >= 0; t--) {
    for (let s = 0; s < S; s++) {
      const next = (t + 1) * S;
      let b = beta[next + s] + at(t + 1, s);
      if (s + 1 < S) b = logAdd(b, beta[next + s + 1] + at(t + 1, s + 1));
      if (s + 2 < S && canSkip(ext, s + 2, blank)) {
        b = logAdd(b, beta[next + s + 2] + at(t + 1, s + 2));
      }
      beta[t * S + s] = b;
    }
  }
  const logOcc = new Float64Array(T * C).fill(NEG_INF);
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < S; s++) {
      const i = t * C + ext[s];
      logOcc[i] = logAdd(logOcc[i], alpha[t * S + s] + beta[t * S + s]);
    }
  }
  for (let i = 0; i < logOcc.length; i++) occupancy[i] = Math.exp(logOcc[i] - logP);
  return { loss: -logP, occupancy };
}
