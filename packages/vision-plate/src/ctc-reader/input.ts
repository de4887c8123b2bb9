import { checkImage, type DecodedImage, DlError, resizeImage, toRgb } from '@dl/core';
import { PLATE_READER_INPUT, type PlateReaderInput } from './task';

/** Averages k × k blocks (k ≥ 2): the antialiasing a plain bilinear shrink lacks. */
function boxShrink(image: DecodedImage, kx: number, ky: number): DecodedImage {
  const { width, height, channels: c, data } = image;
  const w = Math.floor(width / kx);
  const h = Math.floor(height / ky);
  const out = new Float32Array(w * h * c);
  const norm = 1 / (kx * ky);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) {
        let s = 0;
        for (let j = 0; j < ky; j++) {
          const row = (y * ky + j) * width;
          for (let i = 0; i < kx; i++) s += data[(row + x * kx + i) * c + k];
        }
        out[(y * w + x) * c + k] = s * norm;
      }
    }
  }
  return { ...image, width: w, height: h, data: out };
}

/**
 * A plate crop as the reader's input: RGB, resized (aspect not kept) to the input size,
 * scaled to 0–1, as height × width × 3 values row by row. Gray and RGBA crops are converted.
 * @internal
 */
export function readerInput(
  image: DecodedImage,
  input: PlateReaderInput = PLATE_READER_INPUT,
): Float32Array {
  checkImage(image);
  if (image.width < 8 || image.height < 4) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `a plate crop of ${image.width} × ${image.height} px is too small to read (at least 8 × 4)`,
      { path: image.source },
    );
  }
  let rgb = image.channels === 3 ? image : toRgb(image);
  const kx = Math.floor(rgb.width / input.width);
  const ky = Math.floor(rgb.height / input.height);
  if (kx >= 2 || ky >= 2) rgb = boxShrink(rgb, Math.max(1, kx), Math.max(1, ky));
  const sized = resizeImage(rgb, [input.height, input.width], 'bilinear');
  const out = new Float32Array(input.height * input.width * 3);
  for (let i = 0; i < out.length; i++) out[i] = sized.data[i] / 255;
  return out;
}
