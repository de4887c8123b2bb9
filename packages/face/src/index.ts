export { parseEyeFile } from './bioid';
export {
  type EyePositions,
  type FaceDataset,
  type FaceSample,
  type LoadFaceDatasetOptions,
  loadFaceDataset,
} from './data';
export { preprocessFace } from './images';
export type { FaceLayout, LabelFromName } from './layouts';
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
