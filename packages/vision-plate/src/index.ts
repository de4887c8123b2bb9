export { augmentGlyphImage, DEFAULT_GLYPH_AUGMENT, type GlyphImageAugment } from './augment';
export {
  type LoadPlateDatasetOptions,
  loadPlateDataset,
  type PlateDataset,
  readMappingFile,
} from './data';
export {
  buildPlateModel,
  buildPlateSeedModel,
  PLATE_GLYPH_SHAPE,
  type PlateModelOptions,
} from './model';
export {
  evaluatePlateClassifier,
  type GlyphPrediction,
  loadPlateClassifier,
  type PlateClassifier,
} from './predict';
export {
  loadPlateReader,
  PLATE_POSITIONS,
  type PlateCharacter,
  type PlateReader,
  type PlateReading,
} from './reader';
export {
  MIN_PLATE_WIDTH,
  type PlateSegmentation,
  type SegmentPlateOptions,
  segmentPlate,
} from './segment';
export * from './synth';
export { writeSyntheticGlyphSet, writeSyntheticPlates } from './synth-files';
export {
  PLATE_PREPROCESSING,
  type TrainPlateOptions,
  type TrainPlateResult,
  taskOf,
  trainPlateClassifier,
} from './train';
