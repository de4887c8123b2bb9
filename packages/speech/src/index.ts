export {
  addNoise,
  changeSpeed,
  fitLength,
  normalisePeak,
  type TrimOptions,
  trimSilence,
} from './audio';
export {
  augmentedFeatures,
  DEFAULT_SPEECH_AUGMENT,
  type SpeechAugment,
  specAugment,
} from './augment';
export {
  DIGIT_LABELS,
  type LoadSpeechDatasetOptions,
  loadSpeechDataset,
  type SpeechClip,
  type SpeechDataset,
  synthSpeechDataset,
} from './data';
export { type PowerToDbOptions, powerToDb } from './db';
export { dct2, dctMatrix, dctRows } from './dct';
export { type DeltaOptions, delta } from './delta';
export { type EqFilter, equalise, randomEqualiser } from './equaliser';
export {
  type EvaluateSpeechOptions,
  evaluateClips,
  evaluateSpeech,
  evaluateSpeechRecognizer,
} from './evaluate';
export {
  clipFeatures,
  clipLength,
  DEFAULT_FEATURES,
  featureBatch,
  featureShape,
  prepareAudio,
  preparedFeatures,
  SEED_FEATURES,
  type SpeechFeatureConfig,
  speechFeatures,
} from './features';
export {
  type FsddRecording,
  type FsddSplit,
  listFsdd,
  parseFsddName,
  readFsddAudio,
  splitFsdd,
} from './fsdd';
export {
  applyFilterbank,
  hzToMel,
  type MelFilterbank,
  type MelOptions,
  melFilterbank,
  melFrequencies,
  melToHz,
} from './mel';
export { type LogMel, type LogMelOptions, logMel, type Mfcc, type MfccOptions, mfcc } from './mfcc';
export {
  buildSpeechModel,
  buildSpeechSeedModel,
  DEFAULT_BLOCK_FILTERS,
  SEED_BRANCH_KERNELS,
  SPEECH_MODEL_DEFAULTS,
  type SpeechModelOptions,
  softmaxCrossEntropyFromLogits,
} from './model';
export {
  loadSpeechPredictor,
  loadSpeechRecognizer,
  type PredictSpeechOptions,
  type SpeechPredictor,
  type SpeechPredictorInfo,
  type SpeechRecognizer,
} from './predict';
export {
  accuracyByGroup,
  countBy,
  formatGroupAccuracy,
  type GroupAccuracy,
} from './report';
export {
  constantPad,
  fftFrequencies,
  frameCount,
  hannWindow,
  type PadMode,
  powerSpectrogram,
  reflectPad,
  type Spectrogram,
  type StftOptions,
} from './stft';
export {
  DIGIT_WORDS,
  SYNTH_ACCENTS,
  SYNTH_VARIANTS,
  type SynthClip,
  type SynthDigitsOptions,
  type SynthVoice,
  synthDigits,
  synthVoice,
  synthVoices,
  writeSyntheticFsdd,
} from './synth';
export {
  SPEECH_ARCHITECTURES,
  SPEECH_OUTPUTS,
  SPEECH_TASK,
  type SpeechArchitecture,
  type SpeechEvaluation,
  type SpeechInput,
  type SpeechMetrics,
  type SpeechModelExtra,
  type SpeechPrediction,
  type SpeechSplit,
} from './task';
export { type TrainSpeechResult, trainSpeech, trainSpeechRecognizer } from './train';
export { SPEECH_TRAIN_DEFAULTS, type TrainSpeechOptions } from './train-options';
