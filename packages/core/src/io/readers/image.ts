import { DlError } from '../../errors';

/**
 * A decoded image, row-major, channels interleaved (HWC).
 *
 * Pixel values are on the 0–255 scale until `normaliseImage` is applied: `Uint8Array` holds
 * 8-bit samples as stored; `Float32Array` holds values that are not whole bytes — a 16-bit or
 * maxval≠255 PGM/PPM rescaled to 0–255 without rounding, or the output of an operation such
 * as bilinear resize or grayscale conversion — so no step silently quantises.
 */
export interface DecodedImage {
  width: number;
  height: number;
  /** 1 gray, 3 RGB, 4 RGBA. */
  channels: 1 | 3 | 4;
  data: Uint8Array | Float32Array;
  /** The file it came from, when there is one: used in error messages. */
  source?: string;
}

export type ImageChannels = DecodedImage['channels'];

/** Throws INVALID_ARGUMENT unless `image` is internally consistent (dims match data length). */
export function checkImage(image: DecodedImage, what = 'image'): void {
  const { width, height, channels, data } = image;
  const ok =
    Number.isInteger(width) &&
    width > 0 &&
    Number.isInteger(height) &&
    height > 0 &&
    (channels === 1 || channels === 3 || channels === 4) &&
    data?.length === width * height * channels;
  if (!ok) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${what} is not a valid decoded image: width ${width}, height ${height}, channels ${channels}, ` +
        `data length ${data?.length} (expected width×height×channels)`,
      { path: image?.source },
    );
  }
}
