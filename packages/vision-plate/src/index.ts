// The public surface of @dl/vision-plate, pinned by test/index.test.ts.
export {
  type LoadPlateReaderDatasetOptions,
  loadPlateReaderDataset,
  type PlateCrop,
  type PlateCropDataset,
} from './ctc-reader/data';
export type { PlateDecodeOptions } from './ctc-reader/decode';
export {
  type EvaluatePlateReaderOptions,
  evaluatePlateReader,
  type PlateEvaluationRow,
  type PlateReaderEvaluation,
} from './ctc-reader/evaluate';
export type { PlateReaderReport } from './ctc-reader/metrics';
export { buildPlateReaderModel, type PlateReaderModelOptions } from './ctc-reader/model';
export {
  isPlateText,
  isStandardPlateText,
  normalisePlateText,
  PLATE_READER_ARCHITECTURES,
  PLATE_READER_INPUT,
  PLATE_READER_PREPROCESSING,
  PLATE_READER_SYMBOLS,
  PLATE_READER_TASK,
  type PlateReaderArchitecture,
  type PlateReaderCharacter,
  type PlateReaderInput,
  type PlateReaderMetrics,
} from './ctc-reader/task';
export { trainPlateReader } from './ctc-reader/train';
export {
  PLATE_READER_TRAIN_DEFAULTS,
  type TrainPlateReaderOptions,
  type TrainPlateReaderResult,
} from './ctc-reader/train-options';
export { type LoadPlateDatasetOptions, loadPlateDataset, type PlateDataset } from './data';
export { evaluatePlate, evaluatePlateClassifier } from './evaluate';
export {
  type CandidateSource,
  type FindCandidatesOptions,
  findPlateCandidates,
  type PlateCandidate,
} from './finder/candidates';
export { drawPlatesOnPhoto } from './finder/draw';
export {
  type EvaluatePlatePhotosOptions,
  evaluatePlatePhotos,
  type PlatePhotoEvaluation,
  type PlatePhotoRow,
} from './finder/evaluate-photos';
export { type PhotoPlate, type ReadPlatesInPhotoOptions, readPlatesInPhoto } from './finder/find';
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
  type LoadPlateReaderOptions,
  loadPlateReader,
  PLATE_POSITIONS,
  type PlateCharacter,
  type PlateReader,
  type PlateReaderMethod,
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
export {
  fontGlyphSet,
  type GlyphMask,
  type LoadCharacterCropsOptions,
  loadCharacterCrops,
  type PlateGlyphSet,
} from './synth/plate-glyphs';
export type { PlateColour, PlateColourWeights } from './synth/plate-look';
export { glyphMosaic } from './synth/png';
export {
  type SynthPlateCrop,
  type SynthPlateCropOptions,
  synthPlateCrop,
  synthPlateCrops,
} from './synth/realistic-plate';
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
