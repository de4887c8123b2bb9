import { DlError } from '@dl/core';
import { TFIDF_DEFAULTS } from './defaults';
import { minimizeLbfgs } from './lbfgs';
import type { SparseRow } from './tfidf';

export interface LogisticRegressionOptions {
  /**
   * Inverse L2 strength: minimise C · Σ loss + ½‖W‖² (the bias unpenalised), i.e. mean loss +
   * ‖W‖² / (2 C n). For two classes our softmax has a weight column per class, so its C is
   * half of scikit-learn's binary LogisticRegression's: ours at C equals theirs at 2C. Default 1.
   */
  c?: number;
  /** 'lbfgs' (default): to the optimum; 'adam': fixed full-batch steps of `learningRate`. */
  solver?: 'lbfgs' | 'adam';
  /** Iterations at most (L-BFGS) or exactly (Adam). Default 300. */
  iterations?: number;
  /** L-BFGS stops when no gradient component exceeds this. Default 1e-4 (scikit-learn's tol). */
  tolerance?: number;
  /** Adam's step size (solver 'adam' only). Default 0.1. */
  learningRate?: number;
  /** Starting weights and bias (a warm start, e.g. the fit at the previous C of a grid). */
  init?: { weights: ArrayLike<number>; bias: ArrayLike<number> };
}

export interface LogisticRegressionFit {
  /** Row-major [features × classes]. */
  weights: Float32Array;
  bias: Float32Array;
  /**
   * The objective (mean cross-entropy plus the L2 term) as the fit went: L-BFGS at the start and
   * after each iteration, Adam before each step.
   */
  loss: number[];
}

/**
 * Multinomial logistic regression with L2 on sparse rows, full batch. Our own loop rather than a
 * tf model on a dense matrix: TF-IDF rows have a few dozen non-zeros out of 10⁵ terms, so the
 * sparse gradient is ~1000× less work and memory. Deterministic: the same rows give the same
 * weights.
 */
export function fitLogisticRegression(
  rows: readonly SparseRow[],
  labels: ArrayLike<number>,
  features: number,
  classes: number,
  options: LogisticRegressionOptions = {},
): LogisticRegressionFit {
  const n = rows.length;
  if (!n || n !== labels.length)
    throw new DlError('DATA_INVALID', `${n} rows but ${labels.length} labels`);
  const o = {
    c: options.c ?? TFIDF_DEFAULTS.c,
    solver: options.solver ?? TFIDF_DEFAULTS.solver,
    iterations: options.iterations ?? TFIDF_DEFAULTS.iterations,
    tolerance: options.tolerance ?? TFIDF_DEFAULTS.tolerance,
    learningRate: options.learningRate ?? TFIDF_DEFAULTS.learningRate,
  };
  const size = features * classes;
  const objective = softmaxObjective(rows, labels, size, classes, 1 / (o.c * n));
  const x0 = new Float64Array(size + classes);
  if (options.init) {
    x0.set(options.init.weights);
    x0.set(options.init.bias, size);
  }
  const fit =
    o.solver === 'adam'
      ? minimizeAdam(objective, x0, o.iterations, o.learningRate)
      : minimizeLbfgs(objective, x0, { maxIterations: o.iterations, tolerance: o.tolerance });
  return {
    weights: Float32Array.from(fit.x.subarray(0, size)),
    bias: Float32Array.from(fit.x.subarray(size)),
    loss: fit.values,
  };
}

/**
 * Mean cross-entropy of a softmax over `classes` plus (λ/2)‖W‖², and its gradient, for the
 * parameters [W row-major (features × classes), bias (classes)].
 */
function softmaxObjective(
  rows: readonly SparseRow[],
  labels: ArrayLike<number>,
  size: number,
  classes: number,
  lambda: number,
): (x: Float64Array, grad: Float64Array) => number {
  const n = rows.length;
  const p = new Float64Array(classes);
  return (x, grad) => {
    grad.fill(0);
    let total = 0;
    for (let r = 0; r < n; r++) {
      const { indices, values } = rows[r];
      for (let k = 0; k < classes; k++) p[k] = x[size + k];
      for (let j = 0; j < indices.length; j++) {
        const base = indices[j] * classes;
        for (let k = 0; k < classes; k++) p[k] += values[j] * x[base + k];
      }
      let max = -Infinity;
      for (let k = 0; k < classes; k++) max = Math.max(max, p[k]);
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += p[k] = Math.exp(p[k] - max);
      total -= Math.log(Math.max(p[labels[r]] / sum, 1e-300));
      for (let k = 0; k < classes; k++) p[k] = (p[k] / sum - (k === labels[r] ? 1 : 0)) / n;
      for (let k = 0; k < classes; k++) grad[size + k] += p[k];
      for (let j = 0; j < indices.length; j++) {
        const base = indices[j] * classes;
        for (let k = 0; k < classes; k++) grad[base + k] += values[j] * p[k];
      }
    }
    let l2 = 0;
    for (let i = 0; i < size; i++) {
      l2 += x[i] * x[i];
      grad[i] += lambda * x[i];
    }
    return total / n + (lambda * l2) / 2;
  };
}

const BETA1 = 0.9;
const BETA2 = 0.999;

/** `iterations` full-batch Adam steps; `values` is the objective before each step. */
function minimizeAdam(
  f: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  iterations: number,
  learningRate: number,
): { x: Float64Array; values: number[] } {
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  const m = new Float64Array(x.length);
  const v = new Float64Array(x.length);
  const values: number[] = [];
  for (let it = 1; it <= iterations; it++) {
    values.push(f(x, g));
    const c1 = 1 - BETA1 ** it;
    const c2 = 1 - BETA2 ** it;
    for (let i = 0; i < x.length; i++) {
      m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
      v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
      x[i] -= (learningRate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8);
    }
  }
  return { x, values };
}
