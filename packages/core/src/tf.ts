/**
 * The TensorFlow.js surface every @dl package uses: the @tensorflow/tfjs umbrella, because
 * tfjs-core alone registers neither the gradients nor the chained tensor methods (`x.square()`)
 * and its ESM deep imports do not load in plain Node. Every @tensorflow package is pinned to one
 * version so that cpu, wasm and (optional) tfjs-node all register into this tfjs-core.
 */
export * from '@tensorflow/tfjs';
