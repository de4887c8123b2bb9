import { DlError, tf } from '@dl/core';

type Layer = tf.layers.Layer;
type LayerNode = Layer['inboundNodes'][number];

/** Where a tensor of a layers model comes from: what dl.json records to cut the bottom again. */
export interface TensorRef {
  /** The layer that produces it. */
  layer: string;
  /** Which call of that layer (0 in a model loaded from disk). */
  nodeIndex: number;
  /** Which of the call's outputs. */
  tensorIndex: number;
  /** Its shape without the batch dimension. */
  shape: number[];
}

/** A layers model split at a layer: the frozen bottom's outputs and the top's layers. */
export interface LayersSplit {
  /** The tensors the top reads from the bottom (the bottom's outputs), in a fixed order. */
  boundary: tf.SymbolicTensor[];
  /** The same, as references to record. */
  refs: TensorRef[];
  /** Names of the layers of the top, in the model's (topological) order. */
  topLayers: string[];
}

const nodeOf = (t: tf.SymbolicTensor): LayerNode => t.sourceLayer.inboundNodes[t.nodeIndex];

const isInput = (layer: Layer) => layer.getClassName() === 'InputLayer';

const shapeOf = (t: tf.SymbolicTensor) => t.shape.slice(1).map((d) => d ?? -1);

/** The tensor a reference names, in `model`'s graph. */
export function tensorOf(model: tf.LayersModel, ref: TensorRef): tf.SymbolicTensor {
  const node = model.layers.find((l) => l.name === ref.layer)?.inboundNodes[ref.nodeIndex];
  const t = node?.outputTensors[ref.tensorIndex];
  if (!t) {
    throw new DlError(
      'MODEL_INVALID',
      `the backbone has no output ${ref.tensorIndex} of call ${ref.nodeIndex} of a layer '${ref.layer}' ` +
        '(the model was fine-tuned on another network)',
    );
  }
  return t;
}

/** The output of a layer's first call (its output in the model as loaded). */
export const firstOutput = (model: tf.LayersModel, name: string): tf.SymbolicTensor =>
  model.getLayer(name).inboundNodes[0].outputTensors[0];

/** Every layer `outputs` depend on (walking inbound nodes back to the inputs). */
function ancestors(outputs: readonly tf.SymbolicTensor[]): Set<Layer> {
  const seen = new Set<Layer>();
  const stack = [...outputs];
  while (stack.length) {
    const t = stack.pop() as tf.SymbolicTensor;
    if (seen.has(t.sourceLayer)) continue;
    seen.add(t.sourceLayer);
    stack.push(...nodeOf(t).inputTensors);
  }
  return seen;
}

/**
 * Splits a layers model at layer `from` for fine-tuning, as Keras' guide does by layer index
 * (`base_model.layers[:fine_tune_at]` frozen): the top is every layer from `from` on (in the
 * model's topological order) that the outputs depend on; everything else is the bottom. The
 * boundary is every tensor a top layer reads that a bottom layer makes — several where a
 * residual connection crosses the cut (MobileNetV2's `block_N_add` reads the block's input).
 * An unknown `from`, or one the outputs do not depend on, is refused naming the layers that
 * can be chosen.
 */
export function splitAt(
  model: tf.LayersModel,
  from: string,
  outputs: readonly tf.SymbolicTensor[],
): LayersSplit {
  const needed = ancestors(outputs);
  const order = model.layers.filter((l) => needed.has(l) && !isInput(l));
  const at = order.findIndex((l) => l.name === from);
  if (at < 0) {
    const known = model.layers.some((l) => l.name === from);
    throw new DlError(
      'INVALID_ARGUMENT',
      `fine-tuning from '${from}': ${known ? 'the features do not depend on that layer' : 'the backbone has no such layer'}; ` +
        `the layers it can start from are: ${order.map((l) => l.name).join(', ')}`,
    );
  }
  const top = new Set(order.slice(at));
  const boundary: tf.SymbolicTensor[] = [];
  const ids = new Set<number>();
  for (const layer of top) {
    for (const node of layer.inboundNodes.slice(0, 1)) {
      for (const t of node.inputTensors) {
        if (!top.has(t.sourceLayer) && !ids.has(t.id)) {
          ids.add(t.id);
          boundary.push(t);
        }
      }
    }
  }
  const refs = boundary.map((t) => ({
    layer: t.sourceLayer.name,
    nodeIndex: t.nodeIndex,
    tensorIndex: t.tensorIndex,
    shape: shapeOf(t),
  }));
  return { boundary, refs, topLayers: [...top].map((l) => l.name) };
}

/**
 * Re-applies the layers between `boundary` and `outputs` to fresh inputs, following each
 * tensor's inbound node (so merges such as residual Adds get all their inputs): the subgraph
 * as a graph of its own that shares the original layers (and so their weights). `prepare` is
 * called once for every layer before it is applied.
 */
export function rebuild(
  boundary: readonly tf.SymbolicTensor[],
  outputs: readonly tf.SymbolicTensor[],
  inputNames: readonly string[],
  prepare: (layer: Layer) => void = () => {},
): { inputs: tf.SymbolicTensor[]; outputs: tf.SymbolicTensor[] } {
  const inputs = boundary.map((b, i) => tf.input({ shape: shapeOf(b), name: inputNames[i] }));
  const made = new Map<number, tf.SymbolicTensor>(boundary.map((b, i) => [b.id, inputs[i]]));
  const get = (t: tf.SymbolicTensor): tf.SymbolicTensor => {
    const done = made.get(t.id);
    if (done) return done;
    const layer = t.sourceLayer;
    if (isInput(layer)) {
      throw new DlError(
        'MODEL_INVALID',
        `the part to rebuild reaches the model input '${layer.name}' without crossing the cut`,
      );
    }
    const node = nodeOf(t);
    const args = node.inputTensors.map(get);
    prepare(layer);
    const out = layer.apply(args.length === 1 ? args[0] : args, node.callArgs ?? {});
    const list = (Array.isArray(out) ? out : [out]) as tf.SymbolicTensor[];
    node.outputTensors.forEach((o, k) => made.set(o.id, list[k]));
    return list[t.tensorIndex];
  };
  return { inputs, outputs: outputs.map(get) };
}
