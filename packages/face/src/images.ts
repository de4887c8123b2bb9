import { checkImage, type DecodedImage, readImage, resizeImage, toGrayscale } from '@dl/core';
import type { FaceSample } from './data';
import type { FaceInput, FacePreprocessing } from './task';

/** Reads a path (any format @dl/core decodes, detected by content) or checks a decoded image. */
export async function faceImage(input: FaceInput): Promise<DecodedImage> {
  if (typeof input === 'string') return readImage(input);
  checkImage(input);
  return input;
}

/** A gray copy (BT.601) unless the image is gray already; RGBA loses its alpha. */
export function grayOf(image: DecodedImage): DecodedImage {
  return image.channels === 1 ? image : toGrayscale(image);
}

/**
 * One model input, HWC float32 in 0–1, as `pre` says: gray, resized to pre.size, scaled, the
 * gray plane replicated to pre.channels. Images of any size are accepted (mixed sizes are
 * resized, not refused).
 */
export function preprocessFace(image: DecodedImage, pre: FacePreprocessing): Float32Array {
  const [h, w] = pre.size;
  const gray = resizeImage(grayOf(image), [h, w], 'bilinear').data;
  const out = new Float32Array(h * w * pre.channels);
  for (let i = 0; i < h * w; i++) {
    const v = gray[i] / 255;
    for (let c = 0; c < pre.channels; c++) out[i * pre.channels + c] = v;
  }
  return out;
}

/** The model input shape of a preprocessing record: [height, width, channels]. */
export const inputShapeOf = (pre: FacePreprocessing): [number, number, number] => [
  pre.size[0],
  pre.size[1],
  pre.channels,
];

/** Every sample preprocessed once; augmentation then works on these small arrays. */
export const prepared = (samples: readonly FaceSample[], pre: FacePreprocessing) =>
  samples.map((s) => preprocessFace(s.image, pre));
