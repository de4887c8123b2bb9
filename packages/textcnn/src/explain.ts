import type { tf } from '@dl/core';

export interface CnnExplainer {
  /** Per-width feature maps [time × filters] of one sentence, in the pooled order. */
  featureMaps: tf.LayersModel;
  filterWidths: number[];
  convPadding: 'same' | 'valid';
  /** Dense layers after pooling: [kernel [in × out], bias, relu?] in order, the last = logits. */
  head: {
    kernel: Float32Array;
    bias: Float32Array;
    inputs: number;
    units: number;
    relu: boolean;
  }[];
}

/**
 * The n-grams behind a CNN prediction. A filter's contribution to class c is its max-pooled
 * activation times the gradient of c's logit with respect to it (for Kim's single softmax
 * layer simply activation × weight; through the seed's Dense(50, relu) the gradient of the
 * active path). Each filter with a positive contribution votes for the n-gram where its max
 * occurred; n-grams are ranked by the sum of their votes.
 */
export function explainCnn(
  maps: Float32Array[],
  mapLengths: number[],
  explainer: CnnExplainer,
  tokens: readonly string[],
  predicted: number,
  top = 3,
): string[] {
  const filtersPerWidth = maps.map((m, i) => m.length / mapLengths[i]);
  // Max-over-time pooling, remembering where each maximum was.
  const pooled: number[] = [];
  const argmax: number[] = [];
  const widthOf: number[] = [];
  maps.forEach((m, w) => {
    const f = filtersPerWidth[w];
    for (let j = 0; j < f; j++) {
      let best = -Infinity;
      let at = 0;
      for (let t = 0; t < mapLengths[w]; t++) {
        const v = m[t * f + j];
        if (v > best) {
          best = v;
          at = t;
        }
      }
      pooled.push(best);
      argmax.push(at);
      widthOf.push(explainer.filterWidths[w]);
    }
  });
  const gradient = logitGradient(pooled, explainer.head, predicted);
  const votes = new Map<string, number>();
  pooled.forEach((p, j) => {
    const contribution = p * gradient[j];
    if (!(contribution > 0)) return;
    const width = widthOf[j];
    const start =
      explainer.convPadding === 'same' ? argmax[j] - Math.floor((width - 1) / 2) : argmax[j];
    const words = tokens.slice(Math.max(0, start), Math.max(0, start + width));
    if (!words.length) return; // the maximum sat on padding alone
    const key = words.join(' ');
    votes.set(key, (votes.get(key) ?? 0) + contribution);
  });
  return [...votes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([ngram]) => ngram);
}

/** ∂ logit_c / ∂ pooled through the dense head (ReLU layers gate by their active units). */
function logitGradient(pooled: number[], head: CnnExplainer['head'], c: number): Float64Array {
  // Forward to find the active units of each hidden layer.
  const gates: Uint8Array[] = [];
  let x = Float64Array.from(pooled);
  for (const layer of head.slice(0, -1)) {
    const y = new Float64Array(layer.units);
    for (let k = 0; k < layer.units; k++) {
      let s = layer.bias[k];
      for (let i = 0; i < layer.inputs; i++) s += x[i] * layer.kernel[i * layer.units + k];
      y[k] = layer.relu ? Math.max(0, s) : s;
    }
    gates.push(Uint8Array.from(y, (v) => (!layer.relu || v > 0 ? 1 : 0)));
    x = y;
  }
  // Backward from the logit of class c.
  const last = head[head.length - 1];
  let g = new Float64Array(last.inputs);
  for (let i = 0; i < last.inputs; i++) g[i] = last.kernel[i * last.units + c];
  for (let l = head.length - 2; l >= 0; l--) {
    const layer = head[l];
    const prev = new Float64Array(layer.inputs);
    for (let i = 0; i < layer.inputs; i++) {
      let s = 0;
      for (let k = 0; k < layer.units; k++)
        if (gates[l][k]) s += layer.kernel[i * layer.units + k] * g[k];
      prev[i] = s;
    }
    g = prev;
  }
  return g;
}
