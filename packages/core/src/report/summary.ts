import type * as tf from '../tf';
import { formatCount } from './format';

/** One layer of a model summary. */
export interface SummaryRow {
  name: string;
  /** The layer class, e.g. 'Conv2D'. */
  type: string;
  /** Keras notation, '(None, 26, 26, 16)'; 'multiple' for a layer shared between calls. */
  outputShape: string;
  params: number;
  /** Whether the layer's weights are currently trainable (`layer.trainable`). */
  trainable: boolean;
  /** Inbound tensors as 'layer[node][tensor]', as Keras prints them; empty for inputs. */
  connectedTo: string[];
}

export interface ModelSummaryTable {
  modelName: string;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** True when the graph branches or merges, so the "Connected to" column carries information. */
  showConnections: boolean;
}

type Layer = tf.LayersModel['layers'][number];
type LayerNode = Layer['inboundNodes'][number];

/** The structured form of {@link modelSummary}, for `--json` output and custom tables. */
export function modelSummaryRows(model: tf.LayersModel): ModelSummaryTable {
  const nodes = modelNodes(model);
  const showConnections = nodes !== null && isBranched(model, nodes);
  const rows = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: shapeText(layer),
    params: layer.countParams(),
    trainable: layer.trainable,
    connectedTo: nodes === null ? [] : connections(layer, nodes),
  }));
  // Totals come from the model's own weight lists, not the sum of rows: a weight shared by two
  // layers counts once, and freezing a layer moves its weights (BatchNorm's moving statistics
  // are never trainable). They reflect the flags now; a model compiled before a layer was
  // frozen trains with the old set until it is compiled again.
  const trainableParams = countWeights(model.trainableWeights);
  const nonTrainableParams = countWeights(model.nonTrainableWeights);
  return {
    modelName: model.name,
    rows,
    totalParams: trainableParams + nonTrainableParams,
    trainableParams,
    nonTrainableParams,
    showConnections,
  };
}

/**
 * A Keras-style text summary: one row per layer (name and type, output shape, parameter count,
 * and for branching functional models the inbound layers), then total, trainable and
 * non-trainable parameter counts. Unlike tfjs's `model.summary()` it returns the text instead
 * of printing it, and widens columns instead of truncating long layer names.
 */
export function modelSummary(model: tf.LayersModel): string {
  const t = modelSummaryRows(model);
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  if (t.showConnections) header.push('Connected to');
  const lines: string[][] = [];
  const groups: number[] = []; // first line index of each layer, for the separators
  for (const r of t.rows) {
    groups.push(lines.length);
    const frozen = r.trainable || r.params === 0 ? '' : ' [frozen]';
    const first = [`${r.name} (${r.type})${frozen}`, r.outputShape, formatCount(r.params)];
    if (t.showConnections) first.push(r.connectedTo[0] ?? '');
    lines.push(first);
    for (const c of r.connectedTo.slice(1)) lines.push(['', '', '', c]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const pad = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('   ')
      .trimEnd();
  const ruleLength = widths.reduce((a, w) => a + w, 0) + 3 * (widths.length - 1);
  const out = [
    `Model: "${t.modelName}"`,
    '_'.repeat(ruleLength),
    pad(header),
    '='.repeat(ruleLength),
  ];
  lines.forEach((l, i) => {
    if (i > 0 && groups.includes(i)) out.push('_'.repeat(ruleLength));
    out.push(pad(l));
  });
  out.push(
    '='.repeat(ruleLength),
    `Total params: ${formatCount(t.totalParams)}`,
    `Trainable params: ${formatCount(t.trainableParams)}`,
    `Non-trainable params: ${formatCount(t.nonTrainableParams)}`,
    '_'.repeat(ruleLength),
  );
  return out.join('\n');
}

function countWeights(weights: { shape: (number | null)[] }[]): number {
  // Weight shapes are always fully known; the null in tfjs's Shape type is for activations.
  return weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, d) => a * (d ?? 0), 1), 0);
}

function shapeText(layer: Layer): string {
  let shape: unknown;
  try {
    shape = layer.outputShape;
  } catch {
    return 'multiple'; // tfjs throws for a layer called on several inputs of different shapes
  }
  const one = (s: unknown) =>
    `(${(s as (number | null)[]).map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
  const isList = Array.isArray(shape) && shape.length > 0 && Array.isArray(shape[0]);
  return isList ? (shape as unknown[]).map(one).join(', ') : one(shape);
}

/**
 * The nodes of a functional model's graph, or null for a Sequential, which is a chain by
 * construction (its internal graph lives in a wrapped model and starts at a hidden InputLayer).
 */
function modelNodes(model: tf.LayersModel): Set<LayerNode> | null {
  const byDepth = (model as { nodesByDepth?: Record<string, LayerNode[]> }).nodesByDepth;
  if (!byDepth || Object.keys(byDepth).length === 0) return null;
  return new Set(Object.values(byDepth).flat());
}

/**
 * Same test as tfjs's summary: a graph is a chain unless some node merges several inputs, two
 * nodes sit at one depth (a branch), or a layer is called twice (shared weights).
 */
function isBranched(model: tf.LayersModel, nodes: Set<LayerNode>): boolean {
  const byDepth = Object.values(
    (model as unknown as { nodesByDepth: Record<string, LayerNode[]> }).nodesByDepth,
  );
  if (byDepth.some((d) => d.length > 1 || (d.length === 1 && d[0].inboundLayers.length > 1))) {
    return true;
  }
  return model.layers.some((l) => l.inboundNodes.filter((n) => nodes.has(n)).length > 1);
}

function connections(layer: Layer, nodes: Set<LayerNode>): string[] {
  const out: string[] = [];
  // Only nodes of this model: a layer reused in another model has inbound nodes there too.
  for (const node of layer.inboundNodes) {
    if (!nodes.has(node)) continue;
    node.inboundLayers.forEach((l, i) => {
      out.push(`${l.name}[${node.nodeIndices[i]}][${node.tensorIndices[i]}]`);
    });
  }
  return out;
}
