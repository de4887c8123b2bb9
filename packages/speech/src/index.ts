export { type PowerToDbOptions, powerToDb } from './db';
export { dct2, dctMatrix, dctRows } from './dct';
export { type DeltaOptions, delta } from './delta';
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
