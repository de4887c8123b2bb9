export { type Backbone, cutLayers } from './backbones/backbone';
export { BUILTIN_BACKBONES } from './backbones/builtin';
export { type LoadBackboneOptions, loadBackbone } from './backbones/load';
export { preprocessImages } from './backbones/preprocess';
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
export { type Calibration, type CalibrationBin, calibration } from './calibration';
export { type CrossValidateOptions, type CrossValidation, crossValidateTransfer } from './cv';
export {
  IMAGE_EXTENSIONS,
  type LoadTransferDatasetOptions,
  loadTransferDataset,
  type TransferDataset,
  type TransferImage,
} from './data';
export { type EvaluateTransferOptions, evaluateTransfer } from './evaluate';
export { type CacheRecord, FEATURE_CACHE_JSON, FeatureCache } from './features/cache';
export {
  type ComputeFeaturesOptions,
  computeFeatures,
  embedBatch,
  FEATURE_DEFAULTS,
  type FeatureSet,
} from './features/compute';
export { type FeatureKey, featureKeyHash, featureKeyOf } from './features/key';
export {
  type CrossValidateFineTuneOptions,
  crossValidateFineTune,
  type FineTuneCrossValidation,
} from './fine-tune/cv';
export type { FineTuneRecord } from './fine-tune/network';
export { FINE_TUNE_DEFAULTS, type FineTuneOptions, type FineTunePlan } from './fine-tune/options';
export type { TensorRef } from './fine-tune/split';
export { AUGMENT_DEFAULTS, type FineTuneAugment } from './fine-tune/views';
export {
  type KerasWeight,
  type KerasWeightsFile,
  readKerasWeights,
  type WriteKerasWeightsOptions,
  writeKerasWeights,
} from './keras/h5-file';
export { buildInceptionV3 } from './keras/inception-v3';
export { buildMobileNetV2, type MobileNetV2Options } from './keras/mobilenet-v2';
export type { KerasApplicationOptions } from './keras/options';
export { buildVgg16, buildVgg19 } from './keras/vgg';
export {
  type KerasLoadReport,
  type KerasMatch,
  type LoadKerasWeightsOptions,
  loadKerasWeights,
  saveKerasWeights,
  type WeightMismatch,
} from './keras/weights';
export {
  buildTransferModel,
  buildTransferSeedModel,
  TRANSFER_HEAD_DEFAULTS,
  type TransferHeadOptions,
} from './model';
export {
  type LoadTransferPredictorOptions,
  loadTransferPredictor,
  type PredictTransferOptions,
  type TransferPredictor,
  type TransferPredictorInfo,
} from './predict';
export {
  SYNTH_SHAPES,
  SYNTH_TRANSFER_DEFAULTS,
  type SynthShape,
  type SynthTransferOptions,
  synthTransferDataset,
} from './synth';
export {
  TRANSFER_ARCHITECTURES,
  TRANSFER_OUTPUTS,
  TRANSFER_TASK,
  type TransferArchitecture,
  type TransferEvaluation,
  type TransferFeatureRecord,
  type TransferInput,
  type TransferMetrics,
  type TransferModelExtra,
  type TransferPrediction,
} from './task';
export { type TrainTransferResult, trainTransfer } from './train';
export {
  TRANSFER_TRAIN_DEFAULTS,
  type TrainTransferOptions,
  type TransferHeadTraining,
} from './train-options';
