import { minimizeLbfgs } from './lbfgs';
import type { SparseRow } from './tfidf';

export interface SquaredHingeSvmOptions {
  /** liblinear's C: minimise ½‖w‖² + C Σ max(0, 1 − yᵢ(w·xᵢ + b))² (the bias unpenalised). */
  c: number;
  iterations: number;
  tolerance: number;
  /** Starting weights and bias (a warm start). */
  init?: { w: Float64Array; b: number };
}

export interface SquaredHingeSvmFit {
  w: Float64Array;
  b: number;
  /** The objective (divided by C n) at the start and after each iteration. */
  loss: number[];
}

/**
 * A linear SVM with the squared hinge loss and L2 (liblinear's L2R_L2LOSS_SVC, Wang & Manning's
 * classifier), solved in the primal with L-BFGS: the loss is once differentiable, which
 * L-BFGS handles. `y` is +1 / −1 per row. Minimises the objective ÷ (C n) (the same minimiser),
 * so that the tolerance means the same at every C.
 */
export function fitSquaredHingeSvm(
  rows: readonly SparseRow[],
  y: ArrayLike<number>,
  features: number,
  o: SquaredHingeSvmOptions,
): SquaredHingeSvmFit {
  const n = rows.length;
  const lambda = 1 / (o.c * n);
  const objective = (x: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let total = 0;
    for (let r = 0; r < n; r++) {
      const { indices, values } = rows[r];
      let margin = x[features];
      for (let j = 0; j < indices.length; j++) margin += values[j] * x[indices[j]];
      const slack = 1 - y[r] * margin;
      if (slack <= 0) continue;
      total += slack * slack;
      const g = (-2 * y[r] * slack) / n;
      grad[features] += g;
      for (let j = 0; j < indices.length; j++) grad[indices[j]] += g * values[j];
    }
    let l2 = 0;
    for (let i = 0; i < features; i++) {
      l2 += x[i] * x[i];
      grad[i] += lambda * x[i];
    }
    return total / n + (lambda * l2) / 2;
  };
  const x0 = new Float64Array(features + 1);
  if (o.init) {
    x0.set(o.init.w);
    x0[features] = o.init.b;
  }
  const fit = minimizeLbfgs(objective, x0, {
    maxIterations: o.iterations,
    tolerance: o.tolerance,
  });
  return { w: fit.x.slice(0, features), b: fit.x[features], loss: fit.values };
}
