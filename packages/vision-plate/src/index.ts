// The public surface of @dl/vision-plate, pinned by test/index.test.ts.
export { type LoadPlateDatasetOptions, loadPlateDataset, type PlateDataset } from './data';
export { evaluatePlate, evaluatePlateClassifier } from './evaluate';
export { buildPlateModel, buildPlateSeedModel, type PlateModelOptions } from './model';
export {
  type LoadPlatePredictorOptions,
  loadPlateClassifier,
  loadPlatePredictor,
  type PlateClassifier,
  type PlatePredictor,
  type PlatePredictorInfo,
  type PredictGlyphOptions,
} from './predict';
export {
  loadPlateReader,
  PLATE_POSITIONS,
  type PlateCharacter,
  type PlateReader,
  type PlateReading,
  type PlateReadOutcome,
} from './reader';
export {
  MIN_PLATE_WIDTH,
  type PlateSegmentation,
  type SegmentPlateOptions,
  segmentPlate,
} from './segment';
export { type Font, type GlyphOutline, loadFont } from './synth/font';
export { CJK_FONT_PATHS, type FontScript, findFonts, LATIN_FONT_PATHS } from './synth/fonts';
export {
  type GlyphAugmentOptions,
  type GlyphStyle,
  renderGlyph,
  type SynthGlyphOptions,
  type SynthGlyphs,
  sampleGlyphStyle,
  synthGlyphs,
} from './synth/glyph';
export {
  ALNUM,
  type GlyphKind,
  LETTERS,
  labelsOf,
  PROVINCE_CODES,
  PROVINCES,
} from './synth/labels';
export {
  PLATE_HEIGHT,
  PLATE_WIDTH,
  type PlateBox,
  parsePlateText,
  type SynthPlate,
  type SynthPlateOptions,
  synthPlate,
  synthPlates,
} from './synth/plate';
export { glyphMosaic } from './synth/png';
export { writeSyntheticGlyphSet, writeSyntheticPlates } from './synth-files';
export {
  GLYPH_SIZE,
  type GlyphPrediction,
  PLATE_ARCHITECTURES,
  PLATE_GLYPH_SHAPE,
  PLATE_KINDS,
  PLATE_PREPROCESSING,
  type PlateArchitecture,
  type PlateMetrics,
} from './task';
export { type TrainPlateResult, trainPlate, trainPlateClassifier } from './train';
export { PLATE_TRAIN_DEFAULTS, type TrainPlateOptions } from './train-options';
