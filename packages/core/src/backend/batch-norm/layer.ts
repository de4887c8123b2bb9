import { layers, type Tensor, tidy } from '@tensorflow/tfjs';
import { batchNormKernelsAvailable, batchNormTraining } from './kernels';

/**
 * BatchNormalization layers train through our fused kernels (kernels.ts) where they can.
 *
 * tfjs computes a training-mode BatchNormalization as tf.moments plus tf.batchNorm and
 * differentiates that graph op by op: ~25 kernels a layer, each a full pass over the
 * activations (a third of a training step of the speech model on wasm). The fused kernels do
 * it in three passes forward and two backward. We patch the layer class's `call`, not the
 * model: saved models stay plain Keras `BatchNormalization` layers, loadable anywhere. The
 * training branch is otherwise the stock one line for line (same statistics, same moving-average
 * update); inference, non-last axes, `center`/`scale` off, non-float32 input and backends
 * without the kernels (tfjs-node) take the stock path.
 */
type Kwargs = Record<string, unknown>;
interface BatchNormLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma?: { read(): Tensor };
  beta?: { read(): Tensor };
  movingMean: { read(): Tensor; write(t: Tensor): void };
  movingVariance: { read(): Tensor; write(t: Tensor): void };
}
type Call = (this: BatchNormLayer, inputs: Tensor | Tensor[], kwargs: Kwargs) => Tensor | Tensor[];

let stockCall: Call | null = null;
let enabled = true;

function layerPrototype(): { call: Call } {
  return Object.getPrototypeOf(layers.batchNormalization({})) as { call: Call };
}

export function installFusedBatchNorm(): void {
  if (stockCall) return;
  const proto = layerPrototype();
  const stock = proto.call;
  stockCall = stock;
  proto.call = function (this: BatchNormLayer, inputs, kwargs) {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!enabled || !kwargs?.training || !fusable(this, inputs, input)) {
      return stock.call(this, inputs, kwargs);
    }
    return tidy(() => {
      const [y, mean, variance] = batchNormTraining(
        input,
        this.gamma!.read(),
        this.beta!.read(),
        this.epsilon,
      );
      movingAverage(this.movingMean, mean, this.momentum);
      movingAverage(this.movingVariance, variance, this.momentum);
      return y;
    });
  };
}

/** Turns the fused path off (true: back on) — for comparisons and benchmarks. */
export function useFusedBatchNorm(on: boolean): void {
  enabled = on;
}

function fusable(layer: BatchNormLayer, inputs: Tensor | Tensor[], x: Tensor): boolean {
  if (Array.isArray(inputs) && inputs.length !== 1) return false;
  const rank = x.rank;
  const lastAxis = layer.axis === -1 || layer.axis === rank - 1;
  return (
    lastAxis &&
    rank >= 2 &&
    layer.center &&
    layer.scale &&
    layer.gamma != null &&
    layer.beta != null &&
    x.dtype === 'float32' &&
    batchNormKernelsAvailable()
  );
}

/** The stock update, verbatim: v ← v − (v − value)·(1 − momentum). */
function movingAverage(
  variable: { read(): Tensor; write(t: Tensor): void },
  value: Tensor,
  momentum: number,
): void {
  tidy(() => {
    const original = variable.read();
    variable.write(original.sub(original.sub(value).mul(1 - momentum)));
  });
}
