/**
 * @dl/core — the shared kit of every @dl task package.
 *
 * `tf` is the TensorFlow.js namespace (the @tensorflow/tfjs umbrella, one pinned version) that
 * all @dl packages share; `initBackend` picks and activates the fastest backend available.
 */
export * as tf from '@tensorflow/tfjs';
export * from './artifacts';
export * from './backend';
export * from './data';
export { type EnvironmentReport, environmentReport } from './doctor';
export { DlError, type DlErrorCode, isDlError } from './errors';
export { encodePng } from './io/png';
export * from './io/readers';
export { encodeWav } from './io/wav-encode';
export {
  ResetAfterGRU,
  type ResetAfterGruArgs,
  registerDlLayers,
  resetAfterGru,
} from './layers';
export {
  type CtcBeamOptions,
  type CtcDecodeOptions,
  type CtcLossOptions,
  type CtcPath,
  ctcBeamSearch,
  ctcGreedyDecode,
  ctcLoss,
  ctcLossFunction,
} from './losses';
export * from './metrics';
export * from './random';
export * from './report';
export * from './train';
