export {
  addNoise,
  changeSpeed,
  fitLength,
  normalisePeak,
  type TrimOptions,
  trimSilence,
} from './audio';
export { type PowerToDbOptions, powerToDb } from './db';
export { dct2, dctMatrix, dctRows } from './dct';
export { type DeltaOptions, delta } from './delta';
export {
  clipFeatures,
  clipLength,
  DEFAULT_FEATURES,
  featureShape,
  prepareAudio,
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
  type SpeechModelOptions,
} from './model';
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
