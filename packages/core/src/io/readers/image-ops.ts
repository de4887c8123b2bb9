import { DlError } from '../../errors';
import { checkImage, type DecodedImage, type ImageChannels } from './image';

/**
 * ITU-R BT.601 luma weights (Y' = 0.299 R + 0.587 G + 0.114 B): the weights of PIL's `L` mode,
 * OpenCV's `COLOR_RGB2GRAY` and tf.image.rgbToGrayscale, so models trained elsewhere see the
 * same gray values.
 */
export const BT601_LUMA = [0.299, 0.587, 0.114] as const;

/** Gray by BT.601 luma (alpha is ignored); a 1-channel image is returned as is. */
export function toGrayscale(image: DecodedImage): DecodedImage {
  checkImage(image);
  if (image.channels === 1) return image;
  const { data, channels } = image;
  const n = image.width * image.height;
  const out = new Float32Array(n);
  const [wr, wg, wb] = BT601_LUMA;
  for (let i = 0, j = 0; i < n; i++, j += channels)
    out[i] = wr * data[j] + wg * data[j + 1] + wb * data[j + 2];
  return { ...image, channels: 1, data: out };
}

/** RGB: gray is replicated, alpha dropped (not composited: data sets store opaque pixels). */
export function toRgb(image: DecodedImage): DecodedImage {
  return toColor(image, 3);
}

/** RGBA: alpha 255 is added to gray and RGB. */
export function toRgba(image: DecodedImage): DecodedImage {
  return toColor(image, 4);
}

/** Converts to 1, 3 or 4 channels by the rules of toGrayscale / toRgb / toRgba. */
export function convertChannels(image: DecodedImage, channels: ImageChannels): DecodedImage {
  if (channels === 1) return toGrayscale(image);
  if (channels === 3 || channels === 4) return toColor(image, channels);
  throw new DlError('INVALID_ARGUMENT', `channels must be 1, 3 or 4, got ${channels}`, {
    path: image.source,
  });
}

function toColor(image: DecodedImage, channels: 3 | 4): DecodedImage {
  checkImage(image);
  if (image.channels === channels) return image;
  const { data, channels: from } = image;
  const n = image.width * image.height;
  // Same element type: widening channels never creates fractional values.
  const out =
    data instanceof Float32Array ? new Float32Array(n * channels) : new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    const s = i * from;
    const d = i * channels;
    if (from === 1) {
      out[d] = out[d + 1] = out[d + 2] = data[s];
    } else {
      out[d] = data[s];
      out[d + 1] = data[s + 1];
      out[d + 2] = data[s + 2];
    }
    if (channels === 4) out[d + 3] = from === 4 ? data[s + 3] : 255;
  }
  return { ...image, channels, data: out };
}
