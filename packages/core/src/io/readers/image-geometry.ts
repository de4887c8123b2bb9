import { DlError } from '../../errors';
import { checkImage, type DecodedImage } from './image';

export type ResizeMethod = 'nearest' | 'bilinear';

/**
 * Resizes to `[height, width]`.
 *
 * Pixel centres are aligned as in TensorFlow's `half_pixel_centers=true` (tf.image.resize in
 * TF2, PIL, OpenCV): output pixel x samples input coordinate `(x + 0.5) · in/out − 0.5`, so
 * the image's outer edges, not its corner pixel centres, map onto each other.
 * - `nearest`: input pixel `min(floor((x + 0.5) · in/out), in − 1)`; keeps the data type.
 * - `bilinear`: linear blend of the two neighbours on each axis, clamped at the borders;
 *   returns Float32Array (blends are not whole bytes). No antialiasing when shrinking,
 *   like tf.image.resizeBilinear.
 */
export function resizeImage(
  image: DecodedImage,
  size: readonly [number, number],
  method: ResizeMethod = 'bilinear',
): DecodedImage {
  checkImage(image);
  const [outH, outW] = size;
  if (!Number.isInteger(outH) || !Number.isInteger(outW) || outH < 1 || outW < 1) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `resize size must be two positive integers [height, width], got [${size}]`,
    );
  }
  if (method !== 'nearest' && method !== 'bilinear') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `resize method must be 'nearest' or 'bilinear', got '${method}'`,
    );
  }
  if (outH === image.height && outW === image.width) return image;
  return method === 'nearest'
    ? resizeNearest(image, outH, outW)
    : resizeBilinear(image, outH, outW);
}

function resizeNearest(image: DecodedImage, outH: number, outW: number): DecodedImage {
  const { width: inW, height: inH, channels: c, data } = image;
  const out =
    data instanceof Float32Array
      ? new Float32Array(outH * outW * c)
      : new Uint8Array(outH * outW * c);
  const cols = Array.from({ length: outW }, (_, x) =>
    Math.min(Math.floor(((x + 0.5) * inW) / outW), inW - 1),
  );
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(Math.floor(((y + 0.5) * inH) / outH), inH - 1);
    for (let x = 0; x < outW; x++) {
      const s = (sy * inW + cols[x]) * c;
      const d = (y * outW + x) * c;
      for (let k = 0; k < c; k++) out[d + k] = data[s + k];
    }
  }
  return { ...image, width: outW, height: outH, data: out };
}

/** Per output index: the two input indices and the weight of the upper one. */
function linearTaps(
  inSize: number,
  outSize: number,
): { lo: Int32Array; hi: Int32Array; t: Float32Array } {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const t = new Float32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = ((i + 0.5) * inSize) / outSize - 0.5;
    const f = Math.floor(src);
    lo[i] = Math.max(f, 0);
    hi[i] = Math.min(f + 1, inSize - 1);
    t[i] = src - f;
    // Left of the first pixel centre, both taps are pixel 0, so the weight does not matter.
  }
  return { lo, hi, t };
}

function resizeBilinear(image: DecodedImage, outH: number, outW: number): DecodedImage {
  const { width: inW, height: inH, channels: c, data } = image;
  const out = new Float32Array(outH * outW * c);
  const ys = linearTaps(inH, outH);
  const xs = linearTaps(inW, outW);
  for (let y = 0; y < outH; y++) {
    const r0 = ys.lo[y] * inW;
    const r1 = ys.hi[y] * inW;
    const ty = ys.t[y];
    for (let x = 0; x < outW; x++) {
      const tx = xs.t[x];
      const a = (r0 + xs.lo[x]) * c;
      const b = (r0 + xs.hi[x]) * c;
      const p = (r1 + xs.lo[x]) * c;
      const q = (r1 + xs.hi[x]) * c;
      const d = (y * outW + x) * c;
      for (let k = 0; k < c; k++) {
        const top = data[a + k] + (data[b + k] - data[a + k]) * tx;
        const bottom = data[p + k] + (data[q + k] - data[p + k]) * tx;
        out[d + k] = top + (bottom - top) * ty;
      }
    }
  }
  return { ...image, width: outW, height: outH, data: out };
}

export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** The pixels of `box`, which must lie inside the image (no silent clamping or padding). */
export function cropImage(image: DecodedImage, box: CropBox): DecodedImage {
  checkImage(image);
  const { top, left, height, width } = box;
  const ints = [top, left, height, width].every(Number.isInteger);
  if (
    !ints ||
    top < 0 ||
    left < 0 ||
    height < 1 ||
    width < 1 ||
    top + height > image.height ||
    left + width > image.width
  ) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `crop box {top ${top}, left ${left}, height ${height}, width ${width}} does not lie inside the ` +
        `${image.width}×${image.height} image`,
      { path: image.source },
    );
  }
  const c = image.channels;
  const out =
    image.data instanceof Float32Array
      ? new Float32Array(height * width * c)
      : new Uint8Array(height * width * c);
  for (let y = 0; y < height; y++) {
    const s = ((top + y) * image.width + left) * c;
    out.set(image.data.subarray(s, s + width * c), y * width * c);
  }
  return { ...image, width, height, data: out };
}
