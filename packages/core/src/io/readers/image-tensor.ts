import { DlError } from '../../errors';
import * as tf from '../../tf';
import { checkImage, type DecodedImage } from './image';
import { readImage } from './image-decode';
import { type ResizeMethod, resizeImage } from './image-geometry';
import { type Normalisation, normaliseImage } from './image-normalise';
import { convertChannels } from './image-ops';

export interface ImagesToTensorOptions {
  /** Output `[height, width]`; every image is resized to it. Default: the images' common size. */
  size?: readonly [number, number];
  /** 1 (BT.601 gray) or 3 (RGB); default 3. */
  channels?: 1 | 3;
  /** Default 'bilinear' (half-pixel centres, see resizeImage). */
  resize?: ResizeMethod;
  /** Default 'scale' (0–1). */
  normalise?: Normalisation;
}

/**
 * Stacks images into one NHWC float32 tensor: each is converted to `channels`, resized to
 * `size` and normalised, in that order (gray first: resizing one channel is cheaper than three).
 */
export function imagesToTensor(
  images: readonly DecodedImage[],
  opts: ImagesToTensorOptions = {},
): tf.Tensor4D {
  if (!Array.isArray(images) || images.length === 0) {
    throw new DlError('INVALID_ARGUMENT', 'imagesToTensor needs at least one image');
  }
  const channels = opts.channels ?? 3;
  if (channels !== 1 && channels !== 3) {
    throw new DlError('INVALID_ARGUMENT', `channels must be 1 or 3, got ${channels}`);
  }
  for (const [i, image] of images.entries()) checkImage(image, `image ${i}`);
  const [height, width] = opts.size ?? [images[0].height, images[0].width];
  if (!opts.size) {
    const odd = images.findIndex((im) => im.height !== height || im.width !== width);
    if (odd >= 0) {
      const im = images[odd];
      throw new DlError(
        'DATA_INVALID',
        `image ${odd} is ${im.width}×${im.height} but image 0 is ${width}×${height}; pass size to resize them all`,
        { path: im.source },
      );
    }
  }
  const per = height * width * channels;
  const out = new Float32Array(images.length * per);
  images.forEach((image, i) => {
    const converted = resizeImage(
      convertChannels(image, channels),
      [height, width],
      opts.resize ?? 'bilinear',
    );
    out.set(normaliseImage(converted, opts.normalise ?? 'scale').data, i * per);
  });
  return tf.tensor4d(out, [images.length, height, width, channels], 'float32');
}

export interface ReadImageBatchOptions extends ImagesToTensorOptions {
  /**
   * Images per yielded tensor; default 32. The last batch may be smaller. Without `size`, all
   * images must have the size of the first one.
   */
  batchSize?: number;
  /** Pixel cap per image, checked from its header (see `ReadImageOptions.maxPixels`). */
  maxPixels?: number;
}

/**
 * Reads images in batches as NHWC tensors, so a data set never has to fit in memory decoded.
 * Batch k holds `paths[k·batchSize …]` in order. The next batch is read while the caller works
 * on the current one. The caller owns (and must dispose) each yielded tensor. Options are
 * checked at the call, not at the first `next()`.
 */
export function readImageBatch(
  paths: readonly string[],
  opts: ReadImageBatchOptions = {},
): AsyncGenerator<tf.Tensor4D, void, undefined> {
  const batchSize = opts.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DlError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${batchSize}`);
  }
  if (!Array.isArray(paths))
    throw new DlError('INVALID_ARGUMENT', 'readImageBatch needs an array of paths');
  return batches(paths, batchSize, opts);
}

async function* batches(
  paths: readonly string[],
  batchSize: number,
  opts: ReadImageBatchOptions,
): AsyncGenerator<tf.Tensor4D, void, undefined> {
  const load = (start: number) =>
    Promise.all(
      paths.slice(start, start + batchSize).map((p) => readImage(p, { maxPixels: opts.maxPixels })),
    );
  let next = paths.length > 0 ? load(0) : undefined;
  // Without opts.size every batch must have the first image's size, not just its own batch's.
  let size = opts.size;
  for (let start = 0; next; start += batchSize) {
    const images = await next;
    next = start + batchSize < paths.length ? load(start + batchSize) : undefined;
    // If the caller stops early, a failed prefetch must not surface as an unhandled rejection.
    next?.catch(() => {});
    if (!opts.size) {
      size ??= [images[0].height, images[0].width];
      const odd = images.find((im) => im.height !== size?.[0] || im.width !== size?.[1]);
      if (odd) {
        throw new DlError(
          'DATA_INVALID',
          `image is ${odd.width}×${odd.height} but the first image is ${size[1]}×${size[0]}; pass size to resize them all`,
          { path: odd.source },
        );
      }
    }
    yield imagesToTensor(images, { ...opts, size });
  }
}
