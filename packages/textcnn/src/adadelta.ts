import { tf } from '@dl/core';

type Slot = { originalName: string; variable: tf.Variable };
type State = { accumulatedGrads: Slot[]; accumulatedUpdates: Slot[] };

/**
 * Adadelta as Zeiler (2012) and Kim's code (CNN_sentence's `sgd_updates_adadelta`) define it:
 *
 *   E[g²] ← ρ E[g²] + (1 − ρ) g²;  Δ = −√(E[Δ²] + ε) / √(E[g²] + ε) · g;  E[Δ²] ← ρ E[Δ²] + (1 − ρ) Δ²
 *
 * tfjs 4.22's AdadeltaOptimizer divides by the accumulator *before* this step's update, so its
 * first step is plain SGD at rate 1 (Δ = −g): on Kim's CNN that one step saturates the softmax
 * (MR loss 0.69 → 8 after one batch, and the run never recovers). Only the order differs: the
 * state, its names, getWeights / setWeights (checkpoints, resume) and the class name are
 * tfjs's own.
 */
export class ZeilerAdadeltaOptimizer extends tf.AdadeltaOptimizer {
  override applyGradients(
    variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[],
  ): void {
    const state = this as unknown as State;
    const { rho, epsilon, learningRate } = this.getConfig() as Record<string, number>;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((g) => g.name)
      : Object.keys(variableGradients);
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      const gradient = Array.isArray(variableGradients)
        ? variableGradients[i].tensor
        : variableGradients[name];
      state.accumulatedGrads[i] ??= slot(`${name}/accum_grad`, value);
      state.accumulatedUpdates[i] ??= slot(`${name}/accum_var`, value);
      if (gradient == null) return;
      const accGrad = state.accumulatedGrads[i].variable;
      const accUpdate = state.accumulatedUpdates[i].variable;
      tf.tidy(() => {
        const newAccGrad = accGrad.mul(rho).add(gradient.square().mul(1 - rho));
        const update = accUpdate
          .add(epsilon)
          .sqrt()
          .div(newAccGrad.add(epsilon).sqrt())
          .mul(gradient);
        accGrad.assign(newAccGrad);
        accUpdate.assign(accUpdate.mul(rho).add(update.square().mul(1 - rho)));
        value.assign(value.sub(update.mul(learningRate)));
      });
    });
    this.incrementIterations();
  }
}

function slot(originalName: string, like: tf.Variable): Slot {
  return { originalName, variable: tf.tidy(() => tf.zerosLike(like).variable(false)) };
}
