import { clipByGlobalNorm, clippedSgdStep, tf } from '@dl/core';

/**
 * SGD that clips the gradients to a global L2 norm itself: on wasm in two SIMD passes (@dl/core
 * clippedSgdStep: the norm, then w ← w − lr·scale·g) where clipByGlobalNorm followed by tfjs's
 * SGD makes five whole-tensor passes over the model's 4.65M gradients (square, sum, scale,
 * multiply by lr, add); elsewhere exactly that. The same class name, configuration and state
 * as tfjs's SGDOptimizer ('SGD'), so checkpoints and schedules treat it as one. trainLm uses it
 * for `optimizer: 'sgd'`.
 */
export class ClippedSgdOptimizer extends tf.SGDOptimizer {
  constructor(
    learningRate: number,
    /** Global L2 norm to clip to; 0: no clipping. */
    readonly clipNorm: number,
  ) {
    super(learningRate);
  }

  override applyGradients(
    variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[],
  ): void {
    const grads: tf.NamedTensorMap = Array.isArray(variableGradients)
      ? Object.fromEntries(variableGradients.map((v) => [v.name, v.tensor]))
      : variableGradients;
    if (clippedSgdStep(grads, this.learningRate, this.clipNorm)) {
      this.incrementIterations();
      return;
    }
    if (!(this.clipNorm > 0)) {
      super.applyGradients(grads);
      return;
    }
    const clipped = clipByGlobalNorm(grads, this.clipNorm);
    super.applyGradients(clipped);
    tf.dispose(Object.values(clipped));
  }
}
