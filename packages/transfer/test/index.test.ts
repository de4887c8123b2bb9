import * as api from '@dl/transfer';
import { describe, expect, it } from 'vitest';

describe('@dl/transfer public surface', () => {
  it('exports exactly these names (changing the surface is deliberate)', () => {
    expect(Object.keys(api).sort()).toEqual(NAMES);
  });
});

const NAMES = [
  'AUGMENT_DEFAULTS',
  'BUILTIN_BACKBONES',
  'FEATURE_CACHE_JSON',
  'FEATURE_DEFAULTS',
  'FINE_TUNE_DEFAULTS',
  'FeatureCache',
  'IMAGE_EXTENSIONS',
  'SYNTH_SHAPES',
  'SYNTH_TRANSFER_DEFAULTS',
  'TRANSFER_ARCHITECTURES',
  'TRANSFER_HEAD_DEFAULTS',
  'TRANSFER_OUTPUTS',
  'TRANSFER_TASK',
  'TRANSFER_TRAIN_DEFAULTS',
  'backboneFromDirectory',
  'buildInceptionV3',
  'buildMobileNetV2',
  'buildTransferModel',
  'buildTransferSeedModel',
  'buildVgg16',
  'buildVgg19',
  'calibration',
  'checkBackboneSpec',
  'computeFeatures',
  'crossValidateFineTune',
  'crossValidateTransfer',
  'cutLayers',
  'embedBatch',
  'evaluateTransfer',
  'featureKeyHash',
  'featureKeyOf',
  'getBackbone',
  'listBackbones',
  'loadBackbone',
  'loadKerasWeights',
  'loadTransferDataset',
  'loadTransferPredictor',
  'preprocessImages',
  'readKerasWeights',
  'saveKerasWeights',
  'synthTransferDataset',
  'trainTransfer',
  'writeKerasWeights',
];
