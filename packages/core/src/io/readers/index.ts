/**
 * File readers: images (PNG, JPEG, BMP, GIF via jimp; PGM/PPM by our own parser) and their
 * preprocessing to NHWC tensors, WAV audio with band-limited resampling, and folder walkers
 * for the usual data set layouts.
 */
export {
  type LabeledPath,
  type LabelRule,
  type ListClassFoldersOptions,
  type ListFilesOptions,
  listClassFolders,
  listFiles,
} from './folders';
export { checkImage, type DecodedImage, type ImageChannels } from './image';
export { decodeImage, type ReadImageOptions, readImage } from './image-decode';
export {
  type DetectedFormat,
  detectImageFormat,
  type ImageFormat,
  type UnsupportedImageFormat,
} from './image-format';
export { type CropBox, cropImage, type ResizeMethod, resizeImage } from './image-geometry';
export {
  DEFAULT_MAX_IMAGE_PIXELS,
  getImageLimits,
  type ImageLimits,
  setImageLimits,
} from './image-limits';
export { type Normalisation, normaliseImage } from './image-normalise';
export { BT601_LUMA, convertChannels, toGrayscale, toRgb, toRgba } from './image-ops';
export {
  type ImagesToTensorOptions,
  imagesToTensor,
  type ReadImageBatchOptions,
  readImageBatch,
} from './image-tensor';
export { decodePnm } from './pnm';
export { MAX_AUDIO_SAMPLES, type ResampleOptions, resample } from './resample';
export {
  decodeWav,
  type ReadWavOptions,
  readWav,
  WAV_MAX_CHANNELS,
  WAV_SAMPLE_RATE_RANGE,
  type WavAudio,
} from './wav';
