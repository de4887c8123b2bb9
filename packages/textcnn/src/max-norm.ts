import { tf } from '@dl/core';
import { OUTPUT_LAYER } from './model';

/**
 * Applies the output layer's max-norm constraint after every batch. tfjs-layers (4.22) applies
 * a layer's `kernelConstraint` only when weights are set, never after an optimizer step, so
 * without this Kim's "rescale w to ‖w‖₂ = s whenever ‖w‖₂ > s after a gradient step" would
 * silently not happen.
 */
export class MaxNormCallback extends tf.Callback {
  constructor(
    private readonly target: tf.LayersModel,
    private readonly maxValue = 3,
    private readonly layerName = OUTPUT_LAYER,
  ) {
    super();
  }

  override async onBatchEnd(): Promise<void> {
    applyMaxNorm(this.target, this.maxValue, this.layerName);
  }
}

/** Rescales each output unit's incoming weight vector to L2 norm ≤ maxValue, in place. */
export function applyMaxNorm(model: tf.LayersModel, maxValue = 3, layerName = OUTPUT_LAYER): void {
  const kernel = model.getLayer(layerName).trainableWeights.find((w) => /kernel/.test(w.name));
  if (!kernel) return;
  const constraint = tf.constraints.maxNorm({ maxValue, axis: 0 });
  tf.tidy(() => {
    kernel.write(constraint.apply(kernel.read()));
  });
}
