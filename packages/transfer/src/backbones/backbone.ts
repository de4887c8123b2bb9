import { DlError, tf } from '@dl/core';
import type { LoadedNetwork } from './load-model';
import type { BackboneSpec, FeatureNode } from './spec';

/**
 * A loaded backbone: a frozen network cut at its feature nodes. `forward` takes a batch
 * already preprocessed for it (see `preprocessImages`) and returns one feature vector a row.
 */
export interface Backbone {
  spec: BackboneSpec;
  /** Length of a feature vector (all nodes, pooled, concatenated). */
  featureDim: number;
  /** SHA-256 over the weight files: with the spec, what a feature cache is keyed by. */
  weightsId: string;
  /** `[n, height, width, 3]` preprocessed pixels → `[n, featureDim]`. */
  forward(x: tf.Tensor4D): tf.Tensor2D;
  /** The whole loaded network (a layers model can be fine-tuned; see `cutLayers`). */
  network: LoadedNetwork;
  dispose(): void;
}

/** Global pooling of one node output to `[n, d]`. */
function pool(t: tf.Tensor, f: FeatureNode): tf.Tensor2D {
  const n = t.shape[0];
  if (f.pooling === 'none' || t.rank === 2) return t.reshape([n, -1]) as tf.Tensor2D;
  if (t.rank !== 4) {
    throw new DlError(
      'MODEL_INVALID',
      `node ${f.node} gives a rank-${t.rank} output; pooling '${f.pooling}' needs [n, h, w, c]`,
    );
  }
  if (f.pooling === 'mean') return t.mean([1, 2]) as tf.Tensor2D;
  if (f.pooling === 'max') return t.max([1, 2]) as tf.Tensor2D;
  return tf.concat([t.mean([1, 2]), t.max([1, 2])], 1) as tf.Tensor2D;
}

const nearest = (names: Iterable<string>, wanted: string) => {
  const tail = wanted.split('/').at(-1) ?? wanted;
  return [...names].filter((n) => n.includes(tail)).slice(0, 5);
};

function missingNode(spec: BackboneSpec, node: string, names: Iterable<string>): DlError {
  const near = nearest(names, node);
  return new DlError(
    'INVALID_ARGUMENT',
    `backbone '${spec.name}' has no node '${node}'` +
      (near.length ? `; similar: ${near.join(', ')}` : ''),
  );
}

/** A layers model whose outputs are the named layers' outputs (for features or fine-tuning). */
export function cutLayers(model: tf.LayersModel, spec: BackboneSpec): tf.LayersModel {
  const names = model.layers.map((l) => l.name);
  const outputs = spec.features.map((f) => {
    if (!names.includes(f.node)) throw missingNode(spec, f.node, names);
    return model.getLayer(f.node).output as tf.SymbolicTensor;
  });
  return tf.model({ inputs: model.inputs, outputs });
}

/** Graph models converted with a fixed batch of 1 (CenterNet) run one image at a time. */
function fixedBatchOfOne(model: tf.GraphModel): boolean {
  return model.inputs[0]?.shape?.[0] === 1;
}

/** The network's own input size where it is fixed, checked against the spec's. */
function checkInputSize(spec: BackboneSpec, network: LoadedNetwork): void {
  const shape =
    network.kind === 'graph' ? network.model.inputs[0]?.shape : network.model.inputs[0].shape;
  const [h, w] = [shape?.[1], shape?.[2]];
  const [sh, sw] = spec.preprocessing.size;
  const fixed = (v: unknown) => typeof v === 'number' && v > 0;
  if (
    (fixed(h) && h !== sh) ||
    (fixed(w) && w !== sw) ||
    (shape && shape[3] !== undefined && fixed(shape[3]) && shape[3] !== 3)
  ) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `backbone '${spec.name}': the network takes ${shape?.slice(1).join('×')} inputs; ` +
        `the spec's preprocessing gives ${sh}×${sw}×3`,
    );
  }
}

/** Cuts a loaded network at `spec.features` and wraps it as a Backbone. */
export function makeBackbone(spec: BackboneSpec, network: LoadedNetwork): Backbone {
  checkInputSize(spec, network);
  const nodes = spec.features.map((f) => f.node);
  let run: (x: tf.Tensor4D) => tf.Tensor[];
  if (network.kind === 'graph') {
    for (const n of nodes) if (!network.nodes.has(n)) throw missingNode(spec, n, network.nodes);
    const graph = network.model;
    const one = fixedBatchOfOne(graph);
    const exec = (x: tf.Tensor) => {
      const out = graph.execute(x, nodes);
      return Array.isArray(out) ? out : [out];
    };
    run = (x) => {
      if (!one || x.shape[0] === 1) return exec(x);
      const rows = tf.split(x, x.shape[0]).map(exec);
      return nodes.map((_, k) => tf.concat(rows.map((r) => r[k])));
    };
  } else {
    const model = cutLayers(network.model, spec);
    run = (x) => {
      const out = model.predict(x);
      return Array.isArray(out) ? out : [out];
    };
  }
  const forward = (x: tf.Tensor4D) =>
    tf.tidy(() => {
      const pooled = run(x).map((t, k) => pool(t, spec.features[k]));
      return pooled.length === 1 ? pooled[0] : tf.concat(pooled, 1);
    });
  const [h, w] = spec.preprocessing.size;
  const probe = tf.tidy(() => forward(tf.zeros([1, h, w, 3])));
  const featureDim = probe.shape[1];
  probe.dispose();
  return {
    spec,
    featureDim,
    weightsId: network.weightsId,
    forward,
    network,
    dispose() {
      // the cut model shares the network's layers: disposing the network frees them
      network.model.dispose();
    },
  };
}
