import { convertChannels, type DecodedImage, DlError, resizeImage } from '@dl/core';
import type { CaptchaInput } from './task';

/**
 * An image as a model reads it: converted to the model's channels (gray by BT.601 luma),
 * resized bilinearly to its height × width, scaled to [0, 1], HWC. Any size and channel count
 * is accepted; alpha is dropped.
 */
export function toModelInput(image: DecodedImage, input: CaptchaInput): Float32Array {
  const converted = convertChannels(image, input.channels);
  const sized =
    converted.height === input.height && converted.width === input.width
      ? converted
      : resizeImage(converted, [input.height, input.width]);
  const out = new Float32Array(sized.data.length);
  for (let i = 0; i < out.length; i++) out[i] = sized.data[i] / 255;
  return out;
}

/** Many images as one [n, height, width, channels] buffer. */
export function stackInputs(
  images: readonly DecodedImage[],
  input: CaptchaInput,
  transform?: (x: Float32Array, i: number) => Float32Array,
): Float32Array {
  const per = input.height * input.width * input.channels;
  const out = new Float32Array(images.length * per);
  images.forEach((image, i) => {
    const x = toModelInput(image, input);
    out.set(transform ? transform(x, i) : x, i * per);
  });
  return out;
}

export function checkInput(input: CaptchaInput): void {
  const { height, width, channels } = input ?? {};
  const ok =
    Number.isInteger(height) &&
    height >= 8 &&
    Number.isInteger(width) &&
    width >= 8 &&
    (channels === 1 || channels === 3);
  if (!ok) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `model input must be height and width ≥ 8 and 1 or 3 channels, got ${JSON.stringify(input)}`,
    );
  }
}
