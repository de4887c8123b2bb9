import * as tf from '../tf';

/**
 * tfjs-layers 4.22's test function (model.evaluate, evaluateDataset and the validation of fit
 * and fitDataset) is wrong for models with several outputs (tensorflow/tfjs#5941). For k outputs
 * `metricsNames` is [loss, each output's loss, the metrics] and `metricsTensors` is [each
 * output's loss function, the metrics]; the stock function returns the running total of the
 * losses once per output and then every metricsTensors value, k − 1 values too many, so each
 * name gets the wrong value: `val_loss` is the first output's loss alone, the outputs'
 * `val_*_loss` are partial sums and losses, their accuracies are losses (> 1). This returns one
 * value per name. Single-output models keep the stock function (right for them).
 */

/** The fields of a compiled LayersModel that its test function reads (tfjs-layers internals). */
interface CompiledInternals {
  inputs: tf.SymbolicTensor[];
  outputs: tf.SymbolicTensor[];
  lossFunctions: ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor)[];
  metricsTensors: [(yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor, number][];
  testFunction: (data: tf.Tensor[]) => tf.Scalar[];
  apply(inputs: tf.Tensor[], kwargs: { training: boolean }): tf.Tensor | tf.Tensor[];
}

type MakeTestFunction = (this: CompiledInternals) => void;

let stock: MakeTestFunction | null = null;

/** One value per `metricsNames` entry, for a batch `[...inputs, ...targets]`. */
function evaluateBatch(model: CompiledInternals, data: tf.Tensor[]): tf.Scalar[] {
  return tf.tidy(() => {
    const inputs = data.slice(0, model.inputs.length);
    const targets = data.slice(model.inputs.length, model.inputs.length + model.outputs.length);
    const applied = model.apply(inputs, { training: false });
    const outputs = Array.isArray(applied) ? applied : [applied];
    const mean = (f: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor, i: number) =>
      tf.mean(f(targets[i], outputs[i])) as tf.Scalar;
    const total = tf.addN(model.lossFunctions.map((loss, i) => mean(loss, i))) as tf.Scalar;
    // metricsTensors already starts with each output's loss function (see above)
    return [total, ...model.metricsTensors.map(([metric, i]) => mean(metric, i))];
  });
}

/** Replaces the test function of multi-output models, once per process. @internal */
export function installMultiOutputEvaluationFix(): void {
  if (stock) return;
  const proto = tf.LayersModel.prototype as unknown as { makeTestFunction: MakeTestFunction };
  stock = proto.makeTestFunction;
  proto.makeTestFunction = function (this: CompiledInternals) {
    if (this.outputs.length < 2) {
      stock!.call(this);
      return;
    }
    this.testFunction = (data) => evaluateBatch(this, data);
  };
}
