import { DlError, tf } from '@dl/core';
import type { BackboneSpec, FeatureNode } from '../backbones/spec';
import { firstOutput, type LayersSplit, rebuild, splitAt, type TensorRef, tensorOf } from './split';

/** The layer of a fine-tuned model whose output is the feature vector the head reads. */
export const FEATURES_LAYER = 'fine_tune_features';

const inputName = (i: number) => `fine_tune_input_${i}`;

/** What dl.json records of a fine-tuned backbone: where its top starts and what it reads. */
export interface FineTuneRecord {
  /** The layer the trained top starts at. */
  from: string;
  /** The bottom's outputs the saved model takes as inputs, in order. */
  inputs: TensorRef[];
  /** The layers whose weights were trained (BatchNormalization ones excepted). */
  topLayers: string[];
}

/**
 * The same pooling as the backbone's `forward`, as layers (so it is part of the saved model):
 * global mean / max / both, or the values as they are.
 */
function poolAsLayers(t: tf.SymbolicTensor, f: FeatureNode, names: () => string) {
  if (f.pooling === 'none' || t.shape.length === 2) {
    return [tf.layers.flatten({ name: names() }).apply(t) as tf.SymbolicTensor];
  }
  if (t.shape.length !== 4) {
    throw new DlError(
      'MODEL_INVALID',
      `node ${f.node} gives a rank-${t.shape.length} output; pooling '${f.pooling}' needs [n, h, w, c]`,
    );
  }
  const mean = () => tf.layers.globalAveragePooling2d({ name: names() }).apply(t);
  const max = () => tf.layers.globalMaxPooling2d({ name: names() }).apply(t);
  const out = f.pooling === 'mean' ? [mean()] : f.pooling === 'max' ? [max()] : [mean(), max()];
  return out as tf.SymbolicTensor[];
}

/** Pools the feature nodes' outputs and concatenates them; the last layer is FEATURES_LAYER. */
function featureVector(outs: tf.SymbolicTensor[], nodes: readonly FeatureNode[]) {
  const pieces = nodes.reduce((n, f) => n + (f.pooling === 'mean+max' ? 2 : 1), 0);
  let k = 0;
  const names = () => (pieces === 1 ? FEATURES_LAYER : `fine_tune_pool_${k++}`);
  const pooled = outs.flatMap((t, i) => poolAsLayers(t, nodes[i], names));
  if (pooled.length === 1) return pooled[0];
  return tf.layers
    .concatenate({ name: FEATURES_LAYER, axis: -1 })
    .apply(pooled) as tf.SymbolicTensor;
}

/**
 * Keras' fine-tuning guide: BatchNormalization layers inside the trained top stay in inference
 * mode — their moving statistics are not updated and their scale/offset not trained — or a few
 * small batches of new images would wreck the statistics the pretrained weights rely on. tfjs
 * runs every layer with `training: true` inside fit and a frozen BN layer would still normalise
 * by batch statistics, so the layer's call is pinned to inference. Its saved config and weights
 * are the ordinary ones (prediction is inference anyway).
 */
function freezeBatchNorm(layer: tf.layers.Layer): void {
  if (layer.getClassName() !== 'BatchNormalization') {
    layer.trainable = true;
    return;
  }
  layer.trainable = false;
  const pinned = layer as tf.layers.Layer & { dlInference?: boolean };
  if (pinned.dlInference) return;
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: false });
  pinned.dlInference = true;
}

/** A backbone's network split for fine-tuning. */
export interface FineTuneNetwork {
  split: LayersSplit;
  /** The bottom (frozen): image → the boundary tensors. */
  bottom: (x: tf.Tensor4D) => tf.Tensor[];
  /** Boundary tensors → pooled features (the top, then the backbone's pooling). */
  features: tf.LayersModel;
  record: FineTuneRecord;
}

/** Runs the bottom: the network cut at the boundary (the identity where the boundary is the input). */
function bottomOf(network: tf.LayersModel, boundary: tf.SymbolicTensor[]) {
  if (boundary.length === 1 && boundary[0].sourceLayer.getClassName() === 'InputLayer') {
    return (x: tf.Tensor4D) => [x.clone()];
  }
  const cut = tf.model({ inputs: network.inputs, outputs: boundary });
  return (x: tf.Tensor4D) => {
    const out = cut.predict(x);
    return Array.isArray(out) ? out : [out];
  };
}

/**
 * Splits a loaded layers backbone at `from`: the bottom as it is, the top re-applied to new
 * inputs (one per boundary tensor) and followed by the backbone's pooling. The top's layers
 * are the backbone's own: training the top trains them.
 */
export function fineTuneNetwork(
  network: tf.LayersModel,
  spec: BackboneSpec,
  from: string,
): FineTuneNetwork {
  const outputs = spec.features.map((f) => firstOutput(network, f.node));
  const split = splitAt(network, from, outputs);
  const top = rebuild(
    split.boundary,
    outputs,
    split.boundary.map((_, i) => inputName(i)),
    freezeBatchNorm,
  );
  return {
    split,
    bottom: bottomOf(network, split.boundary),
    features: tf.model({ inputs: top.inputs, outputs: featureVector(top.outputs, spec.features) }),
    record: { from, inputs: split.refs, topLayers: split.topLayers },
  };
}

/**
 * A fixed standardisation `(x − mean) / std` as a layer: a BatchNormalization pinned to
 * inference with those statistics (a standard layer, so the saved model loads in plain tfjs).
 * Fine-tuning keeps it rather than folding it into the head as the frozen recipe does: folded
 * weights are on the raw features' scale, where the head's weight decay would crush them.
 */
function standardise(
  x: tf.SymbolicTensor,
  mean: Float32Array,
  std: Float32Array,
): tf.SymbolicTensor {
  const epsilon = 1e-9;
  const layer = tf.layers.batchNormalization({
    name: 'fine_tune_standardise',
    epsilon,
    trainable: false,
  });
  // applied first: building inside apply gives the weights their layer-scoped names
  const y = layer.apply(x) as tf.SymbolicTensor;
  const variance = Float32Array.from(std, (s) => Math.max(s * s - epsilon, 0));
  const ws = [
    tf.ones([mean.length]),
    tf.zeros([mean.length]),
    tf.tensor1d(mean),
    tf.tensor1d(variance),
  ];
  layer.setWeights(ws);
  tf.dispose(ws);
  freezeBatchNorm(layer);
  return y;
}

/**
 * The trainable model: boundary tensors → top → pooling → (standardisation) → the head's
 * layers. The head's layers are its own: training the model trains them.
 */
export function withHead(
  net: FineTuneNetwork,
  head: tf.LayersModel,
  scaling: { mean: Float32Array; std: Float32Array } | null,
): tf.LayersModel {
  let y = net.features.outputs[0];
  if (scaling) y = standardise(y, scaling.mean, scaling.std);
  for (const layer of head.layers) {
    if (layer.getClassName() !== 'InputLayer') y = layer.apply(y) as tf.SymbolicTensor;
  }
  return tf.model({ inputs: net.features.inputs, outputs: y, name: 'transfer_fine_tuned' });
}

/** A saved fine-tuned model taken apart again: bottom (from the backbone), top, head. */
export interface LoadedFineTune {
  bottom: (x: tf.Tensor4D) => tf.Tensor[];
  features: tf.LayersModel;
  head: tf.LayersModel;
}

/**
 * The predictor's side: the backbone's bottom cut at the recorded tensors, the saved model up
 * to FEATURES_LAYER as the fine-tuned top, and the rest of it rebuilt as the head (features →
 * classes), so features and head can be used as for a frozen backbone.
 */
export function loadedFineTune(
  network: tf.LayersModel,
  saved: tf.LayersModel,
  record: FineTuneRecord,
): LoadedFineTune {
  if (saved.inputs.length !== record.inputs.length) {
    throw new DlError(
      'MODEL_INVALID',
      `the fine-tuned model takes ${saved.inputs.length} inputs; dl.json records ${record.inputs.length}`,
    );
  }
  if (!saved.layers.some((l) => l.name === FEATURES_LAYER)) {
    throw new DlError('MODEL_INVALID', `the fine-tuned model has no layer '${FEATURES_LAYER}'`);
  }
  const boundary = record.inputs.map((r) => tensorOf(network, r));
  const featuresT = firstOutput(saved, FEATURES_LAYER);
  const head = rebuild([featuresT], saved.outputs, ['features']);
  return {
    bottom: bottomOf(network, boundary),
    features: tf.model({ inputs: saved.inputs, outputs: featuresT }),
    head: tf.model({ inputs: head.inputs, outputs: head.outputs, name: 'transfer_head' }),
  };
}
