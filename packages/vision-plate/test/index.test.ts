import * as api from '@dl/vision-plate';
import { describe, expect, it } from 'vitest';

describe('@dl/vision-plate public surface', () => {
  it('exports exactly these names (changing the surface is deliberate)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'ALNUM',
      'CJK_FONT_PATHS',
      'GLYPH_SIZE',
      'LATIN_FONT_PATHS',
      'LETTERS',
      'MIN_PLATE_WIDTH',
      'PLATE_ARCHITECTURES',
      'PLATE_GLYPH_SHAPE',
      'PLATE_HEIGHT',
      'PLATE_KINDS',
      'PLATE_POSITIONS',
      'PLATE_PREPROCESSING',
      'PLATE_READER_ARCHITECTURES',
      'PLATE_READER_INPUT',
      'PLATE_READER_PREPROCESSING',
      'PLATE_READER_SYMBOLS',
      'PLATE_READER_TASK',
      'PLATE_READER_TRAIN_DEFAULTS',
      'PLATE_TRAIN_DEFAULTS',
      'PLATE_WIDTH',
      'PROVINCES',
      'PROVINCE_CODES',
      'buildPlateModel',
      'buildPlateReaderModel',
      'buildPlateSeedModel',
      'drawPlatesOnPhoto',
      'evaluatePlate',
      'evaluatePlateClassifier',
      'evaluatePlatePhotos',
      'evaluatePlateReader',
      'findFonts',
      'findPlateCandidates',
      'fontGlyphSet',
      'glyphMosaic',
      'isPlateText',
      'isStandardPlateText',
      'labelsOf',
      'loadCharacterCrops',
      'loadFont',
      'loadPlateClassifier',
      'loadPlateDataset',
      'loadPlatePredictor',
      'loadPlateReader',
      'loadPlateReaderDataset',
      'normalisePlateText',
      'parsePlateText',
      'readPlatesInPhoto',
      'renderGlyph',
      'sampleGlyphStyle',
      'segmentPlate',
      'synthGlyphs',
      'synthPlate',
      'synthPlateCrop',
      'synthPlateCrops',
      'synthPlates',
      'trainPlate',
      'trainPlateClassifier',
      'trainPlateReader',
      'writeSyntheticGlyphSet',
      'writeSyntheticPlates',
    ]);
  });

  it('keeps the deprecated trainer and evaluator names as the same functions', () => {
    expect(api.trainPlateClassifier).toBe(api.trainPlate);
    expect(api.evaluatePlateClassifier).toBe(api.evaluatePlate);
  });

  it('no longer leaks internals or @dl/core names', () => {
    for (const name of ['taskOf', 'encodePng', 'readMappingFile', 'augmentGlyphImage', 'tf']) {
      expect(api).not.toHaveProperty(name);
    }
  });

  it('documents its training defaults', () => {
    expect(api.PLATE_TRAIN_DEFAULTS.learningRate).toEqual({ seed: 1e-4, default: 3e-3 });
    expect(api.PLATE_TRAIN_DEFAULTS.epochs).toEqual({ seed: 30, default: 20 });
  });
});
