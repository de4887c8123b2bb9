/**
 * Limited-memory BFGS for the smooth convex objectives of the linear baselines (logistic
 * regression, the squared-hinge SVM of NB-SVM): deterministic, no step size to tune, and it
 * reaches the optimum that scikit-learn's and liblinear's solvers reach, so that a C chosen here
 * means what it means there.
 */

/** Fills `grad` with the gradient at `x` and returns the objective there. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Iterations (each one line search) at most. */
  maxIterations: number;
  /** Stop when every gradient component is at most this in magnitude. */
  tolerance: number;
  /** Correction pairs kept. Default 10 (scipy's and scikit-learn's). */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  /** The objective at `x0` and after each iteration. */
  values: number[];
  /** Whether the gradient tolerance (or a stalled objective) ended it, not maxIterations. */
  converged: boolean;
}

const ARMIJO = 1e-4;
/** A relative decrease below this is no progress (scikit-learn's ftol: 64 machine epsilons). */
const STALL = 64 * Number.EPSILON;

/** Minimises `f` from `x0` (which is not modified). */
export function minimizeLbfgs(f: Objective, x0: Float64Array, o: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const memory = o.memory ?? 10;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const trial = new Float64Array(n);
  const trialGrad = new Float64Array(n);
  const direction = new Float64Array(n);
  const pairs: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  let value = f(x, g);
  const values: number[] = [value];
  for (let it = 0; it < o.maxIterations; it++) {
    if (maxAbs(g) <= o.tolerance) return { x, values, converged: true };
    searchDirection(g, pairs, direction);
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (rounding): forget the curvature pairs, go downhill.
      pairs.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      slope = -dot(g, g);
    }
    // The first step has no curvature to scale it: keep it to unit length.
    let step = pairs.length ? 1 : Math.min(1, 1 / Math.sqrt(-slope));
    let next = Number.NaN;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + step * direction[i];
      next = f(trial, trialGrad);
      if (next <= value + ARMIJO * step * slope) break;
      step /= 2;
    }
    if (!(next < value)) return { x, values, converged: true };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = trial[i] - x[i];
      y[i] = trialGrad[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      pairs.push({ s, y, rho: 1 / sy });
      if (pairs.length > memory) pairs.shift();
    }
    const decrease = (value - next) / Math.max(Math.abs(value), Math.abs(next), 1);
    x.set(trial);
    g.set(trialGrad);
    value = next;
    values.push(value);
    if (decrease <= STALL) return { x, values, converged: true };
  }
  return { x, values, converged: maxAbs(g) <= o.tolerance };
}

/** The two-loop recursion: direction = −H·g with H the L-BFGS inverse-Hessian estimate. */
function searchDirection(
  g: Float64Array,
  pairs: readonly { s: Float64Array; y: Float64Array; rho: number }[],
  out: Float64Array,
): void {
  for (let i = 0; i < g.length; i++) out[i] = -g[i];
  const alphas = new Float64Array(pairs.length);
  for (let k = pairs.length - 1; k >= 0; k--) {
    const { s, y, rho } = pairs[k];
    alphas[k] = rho * dot(s, out);
    axpy(-alphas[k], y, out);
  }
  const last = pairs.at(-1);
  if (last) {
    const gamma = 1 / (last.rho * dot(last.y, last.y));
    for (let i = 0; i < out.length; i++) out[i] *= gamma;
  }
  for (let k = 0; k < pairs.length; k++) {
    const { s, y, rho } = pairs[k];
    const beta = rho * dot(y, out);
    axpy(alphas[k] - beta, s, out);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
