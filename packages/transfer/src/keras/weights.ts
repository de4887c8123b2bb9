import { DlError, tf } from '@dl/core';
import {
  type KerasWeight,
  readKerasWeights,
  type WriteKerasWeightsOptions,
  writeKerasWeights,
} from './h5-file';

/** How file layers are paired with the model's: by Keras layer name, or in order (Keras' default). */
export type KerasMatch = 'name' | 'order';

export interface LoadKerasWeightsOptions {
  /**
   * 'name' (default): each model layer takes the file's layer of the same name, as Keras'
   * `load_weights(by_name=True)`; 'order': the layers with weights are paired in order, as
   * Keras' plain `load_weights` (for files whose auto-generated names differ, e.g. conv2d_1).
   */
  match?: KerasMatch;
  /** Accept model layers the file has no weights for (they keep theirs). Default false. */
  allowMissing?: boolean;
  /** Accept file layers the model does not have (ignored, e.g. a top). Default true. */
  allowUnexpected?: boolean;
}

/** A weight whose shape differs between the model and the file. */
export interface WeightMismatch {
  layer: string;
  weight: string;
  expected: number[];
  found: number[];
}

/** What loading did: layers loaded, model layers without weights in the file, and the reverse. */
export interface KerasLoadReport {
  loaded: string[];
  missing: string[];
  unexpected: string[];
  mismatched: WeightMismatch[];
  match: KerasMatch;
  /** Weight values set. */
  parameters: number;
}

const weighted = (model: tf.LayersModel) => model.layers.filter((l) => l.weights.length > 0);

function pairLayers(
  model: tf.LayersModel,
  file: { layerNames: string[]; weights: Map<string, KerasWeight[]> },
  match: KerasMatch,
) {
  const layers = weighted(model);
  const fileLayers = file.layerNames.filter((n) => (file.weights.get(n)?.length ?? 0) > 0);
  if (match === 'order') {
    const pairs = layers
      .slice(0, fileLayers.length)
      .map((l, i) => ({ layer: l, from: fileLayers[i] }));
    return {
      pairs,
      missing: layers.slice(fileLayers.length).map((l) => l.name),
      unexpected: fileLayers.slice(layers.length),
    };
  }
  const names = new Set(layers.map((l) => l.name));
  return {
    pairs: layers.filter((l) => file.weights.has(l.name)).map((l) => ({ layer: l, from: l.name })),
    missing: layers.filter((l) => !file.weights.get(l.name)?.length).map((l) => l.name),
    unexpected: fileLayers.filter((n) => !names.has(n)),
  };
}

const list = (names: string[]) =>
  names.length <= 6 ? names.join(', ') : `${names.slice(0, 6).join(', ')}, … (${names.length})`;

/** Says what is wrong, in one message: shapes first, then missing and unexpected layers. */
function describeProblems(r: KerasLoadReport, o: Required<LoadKerasWeightsOptions>): string | null {
  const parts: string[] = [];
  if (r.loaded.length === 0 && r.mismatched.length === 0) {
    parts.push('no layer of the file matches the model (weights of another architecture?)');
  }
  for (const m of r.mismatched.slice(0, 3)) {
    parts.push(`${m.layer} ${m.weight}: model has [${m.expected}], file has [${m.found}]`);
  }
  if (r.mismatched.length > 3) parts.push(`… ${r.mismatched.length} shape mismatches in all`);
  if (r.missing.length && !o.allowMissing) parts.push(`missing from the file: ${list(r.missing)}`);
  if (r.unexpected.length && !o.allowUnexpected)
    parts.push(`not in the model: ${list(r.unexpected)}`);
  return parts.length ? parts.join('; ') : null;
}

/**
 * Loads Keras HDF5 weights into a model built with Keras' layer names (buildVgg16, …, or your
 * own), checking every shape. Nothing is set unless the whole file fits: a shape mismatch, a
 * model layer the file lacks (unless allowMissing) or a file layer the model lacks (with
 * allowUnexpected false) is a DlError naming the file and the layers.
 */
export async function loadKerasWeights(
  model: tf.LayersModel,
  path: string,
  options: LoadKerasWeightsOptions = {},
): Promise<KerasLoadReport> {
  const o = { match: 'name' as KerasMatch, allowMissing: false, allowUnexpected: true, ...options };
  const file = await readKerasWeights(path);
  const { pairs, missing, unexpected } = pairLayers(model, file, o.match);
  const report: KerasLoadReport = {
    loaded: [],
    missing,
    unexpected,
    mismatched: [],
    match: o.match,
    parameters: 0,
  };
  const plan: { layer: tf.layers.Layer; values: KerasWeight[] }[] = [];
  for (const { layer, from } of pairs) {
    const values = file.weights.get(from) ?? [];
    const bad = layer.weights.length !== values.length;
    layer.weights.forEach((w, i) => {
      const found = values[i]?.shape ?? [];
      if (bad || w.shape.join() !== found.join()) {
        report.mismatched.push({
          layer: layer.name,
          weight: values[i]?.name ?? w.originalName,
          expected: [...w.shape] as number[],
          found,
        });
      }
    });
    if (!bad && !report.mismatched.some((m) => m.layer === layer.name)) {
      plan.push({ layer, values });
      report.loaded.push(layer.name);
    }
  }
  const problem = describeProblems(report, o);
  if (problem)
    throw new DlError('MODEL_INVALID', `Keras weights do not fit the model: ${problem}`, { path });
  for (const { layer, values } of plan) {
    const tensors = values.map((v) => tf.tensor(v.data, v.shape));
    layer.setWeights(tensors);
    tf.dispose(tensors);
    report.parameters += values.reduce((n, v) => n + v.data.length, 0);
  }
  return report;
}

/** `block1_conv1/kernel` → Keras' `block1_conv1/kernel:0`. */
function kerasWeightName(layer: string, variable: string): string {
  const suffix = variable.split('/').at(-1)?.replace(/_\d+$/, '') ?? variable;
  return `${layer}/${suffix}:0`;
}

/**
 * Saves a model's weights as a Keras 2 HDF5 weights file: one group per layer, Keras' weight
 * names, every layer listed in `layer_names` (as `model.save_weights` writes them).
 */
export async function saveKerasWeights(
  model: tf.LayersModel,
  path: string,
  options: WriteKerasWeightsOptions = {},
): Promise<void> {
  const layers = model.layers.map((layer) => ({
    name: layer.name,
    weights: layer.weights.map((w) => ({
      name: kerasWeightName(layer.name, w.originalName),
      shape: [...w.shape] as number[],
      data: w.read().dataSync() as Float32Array,
    })),
  }));
  await writeKerasWeights(path, layers, options);
}
