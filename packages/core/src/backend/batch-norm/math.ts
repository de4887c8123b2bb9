/**
 * Batch normalisation in training mode over channels-last data.
 *
 * `x` is read as `rows × channels` (every axis but the last is a batch axis); statistics are
 * per channel. The variance is computed in a second pass around the mean (not as
 * E[x²] − E[x]²), so large offsets do not cancel. The per-channel algebra lives here once; the
 * passes over the data are the loops below (cpu, and wasm when channels are not a multiple of
 * 4) or the SIMD kernels in wasm.ts.
 *
 *   y = γ · (x − μ) / √(σ² + ε) + β         σ² the biased (population) variance, as tf.moments
 */
type Floats = Float32Array | Float64Array;

/** From column sums Σx and Σ(x−μ)²: μ, σ², and y = x·scale + shift's coefficients. */
export function forwardCoefficients(
  sum: Floats,
  squaredDeviations: Floats,
  rows: number,
  gamma: Floats,
  beta: Floats,
  epsilon: number,
  out: { mean: Floats; variance: Floats; scale: Floats; shift: Floats },
): void {
  for (let c = 0; c < gamma.length; c++) {
    const mean = sum[c] / rows;
    const variance = squaredDeviations[c] / rows;
    const scale = gamma[c] / Math.sqrt(variance + epsilon);
    out.mean[c] = mean;
    out.variance[c] = variance;
    out.scale[c] = scale;
    out.shift[c] = beta[c] - mean * scale;
  }
}

/**
 * From column sums Σdy and Σdy·(x−μ): dγ, dβ and dx = a·dy + b·x + k's coefficients, given
 * the upstream gradients of all three outputs (dμ and dσ² are zero when the statistics only
 * feed the moving averages, as in a BatchNormalization layer). With x̂ = (x − μ)/√(σ²+ε):
 *
 *   dβ = Σ dy      dγ = Σ dy·x̂
 *   dx = γ/(N√(σ²+ε)) · (N·dy − dβ − x̂·dγ) + dμ/N + dσ²·2(x − μ)/N
 */
export function backwardCoefficients(
  sumDy: Floats,
  sumDyDeviation: Floats,
  rows: number,
  gamma: Floats,
  mean: Floats,
  variance: Floats,
  dMean: Floats,
  dVariance: Floats,
  epsilon: number,
  out: { a: Floats; b: Floats; k: Floats; dGamma: Floats; dBeta: Floats },
): void {
  for (let c = 0; c < gamma.length; c++) {
    const invStd = 1 / Math.sqrt(variance[c] + epsilon);
    const dGamma = sumDyDeviation[c] * invStd;
    const g = gamma[c] * invStd;
    // Every term with (x − μ): −g/N·x̂·dγ and 2dσ²/N·(x − μ).
    const slope = (-g * dGamma * invStd + 2 * dVariance[c]) / rows;
    out.a[c] = g;
    out.b[c] = slope;
    out.k[c] = (-g * sumDy[c] + dMean[c]) / rows - slope * mean[c];
    out.dGamma[c] = dGamma;
    out.dBeta[c] = sumDy[c];
  }
}

export function batchNormTrainingForward(
  x: Float32Array,
  channels: number,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
): void {
  const rows = x.length / channels;
  const sum = new Float64Array(channels);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) sum[c] += x[i];
  }
  const centre = sum.map((s) => s / rows);
  const squares = new Float64Array(channels);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) {
      const d = x[i] - centre[c];
      squares[c] += d * d;
    }
  }
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  forwardCoefficients(sum, squares, rows, gamma, beta, epsilon, { mean, variance, scale, shift });
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) y[i] = x[i] * scale[c] + shift[c];
  }
}

export function batchNormTrainingBackward(
  dy: Float32Array,
  x: Float32Array,
  channels: number,
  gamma: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  dMean: Float32Array,
  dVariance: Float32Array,
  epsilon: number,
  dx: Float32Array,
  dGamma: Float32Array,
  dBeta: Float32Array,
): void {
  const rows = x.length / channels;
  const sumDy = new Float64Array(channels);
  const sumDyDeviation = new Float64Array(channels);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) {
      sumDy[c] += dy[i];
      sumDyDeviation[c] += dy[i] * (x[i] - mean[c]);
    }
  }
  const [a, b, k] = [0, 1, 2].map(() => new Float64Array(channels));
  backwardCoefficients(
    sumDy,
    sumDyDeviation,
    rows,
    gamma,
    mean,
    variance,
    dMean,
    dVariance,
    epsilon,
    {
      a,
      b,
      k,
      dGamma,
      dBeta,
    },
  );
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) dx[i] = a[c] * dy[i] + b[c] * x[i] + k[c];
  }
}
