export { type Backbone, cutLayers } from './backbones/backbone';
export { BUILTIN_BACKBONES } from './backbones/builtin';
export { type LoadBackboneOptions, loadBackbone } from './backbones/load';
export { centerCropBox, preprocessImages, scalePixels } from './backbones/preprocess';
export {
  backboneFromDirectory,
  checkBackboneSpec,
  type DirectoryBackboneOptions,
  getBackbone,
  listBackbones,
} from './backbones/registry';
export type {
  BackboneFormat,
  BackbonePreprocessing,
  BackboneSpec,
  BackboneWeights,
  DirectoryWeights,
  FeatureNode,
  NpmWeights,
  PinnedFile,
  PixelScaling,
  Pooling,
  ResizeMode,
} from './backbones/spec';
