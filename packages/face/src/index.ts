export { augmentFace, DEFAULT_FACE_AUGMENT } from './augment';
export { parseEyeFile } from './bioid';
export {
  type CalibrateOptions,
  calibrateGallery,
  canCalibrate,
  chooseThreshold,
  DEFAULT_CALIBRATION,
  enrolmentImages,
  type GalleryScores,
  galleryScores,
  type LabelledDescriptor,
} from './calibrate';
export {
  type EyePositions,
  type FaceDataset,
  type FaceSample,
  type LoadFaceDatasetOptions,
  loadFaceDataset,
} from './data';
export { eyesOf, type Landmarks68, rollOf } from './embed/align';
export { DETECT_DEFAULTS, type DetectOptions, type FaceBox } from './embed/detect';
export {
  CHIP_SIZE,
  type EmbedOptions,
  type FaceEmbedder,
  type FaceEmbedderInfo,
  type FaceEmbedding,
  type FaceLocate,
  loadFaceEmbedder,
} from './embed/embedder';
export {
  DESCRIPTOR_MODEL_ID,
  FACE_API_PACKAGE,
  FACE_API_WEIGHTS,
  type FaceNet,
  type FaceWeightsOptions,
  faceApiModelDir,
} from './embed/weights';
export { evaluateFace } from './evaluate';
export type { BioIdIdentities, FaceLayout, LabelFromName } from './face-types';
export {
  addToGallery,
  checkGalleryModel,
  DEFAULT_FACE_THRESHOLD,
  distanceRatio,
  type FaceGallery,
  GALLERY_FORMAT,
  GALLERY_FORMAT_VERSION,
  type GalleryMatch,
  type GalleryMatchResult,
  loadGallery,
  matchDescriptor,
  newGallery,
  type ScoreThreshold,
  saveGallery,
  type ThresholdRule,
  type ThresholdSource,
} from './gallery';
export { preprocessFace } from './images';
export {
  buildFaceModel,
  buildFaceSeedModel,
  FACE_MODEL_DEFAULTS,
  type FaceModelOptions,
} from './model';
export { euclidean, pairDistances, type RocPoint, rocCurve, tarAtFar } from './openset';
export {
  type FacePredictor,
  type FacePredictorInfo,
  loadFacePredictor,
  type PredictFaceOptions,
} from './predict';
export {
  type EnrolImages,
  type EnrollFacesOptions,
  enrollFaces,
  type IdentifyFacesOptions,
  type IdentifyResult,
  identifyFaces,
  type RecognizeOptions,
  type VerifyFacesOptions,
  verifyFaces,
} from './recognize';
export { accuracyByPerson, formatPersonAccuracy } from './report';
export { DEFAULT_FACE_SPLIT, type FaceParts, splitFaces } from './split';
export {
  SYNTH_FACES_DEFAULTS,
  type SynthFacesOptions,
  synthFaceDataset,
  synthIdentity,
  synthPose,
  writeSyntheticFaces,
} from './synth';
export { renderFace, type SynthIdentity, type SynthPose } from './synth-render';
export {
  DEFAULT_PREPROCESSING,
  FACE_ARCHITECTURES,
  FACE_TASK,
  type FaceArchitecture,
  type FaceAugment,
  type FaceEvaluation,
  type FaceInput,
  type FaceMetrics,
  type FaceModelExtra,
  type FacePrediction,
  type FacePreprocessing,
  type FaceSplit,
  type PersonAccuracy,
  SEED_PREPROCESSING,
} from './task';
export { type TrainFaceResult, trainFace } from './train';
export { FACE_TRAIN_DEFAULTS, type FaceOptimizer, type TrainFaceOptions } from './train-options';
