import { convertChannels, type DecodedImage, DlError, tf } from '@dl/core';
import type { BackbonePreprocessing, PixelScaling } from './spec';

/** Keras' "caffe" means (ImageNet, BGR order). */
const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68] as const;

/** Scales 0–255 RGB values as the backbone expects (see PixelScaling). */
export function scalePixels(x: tf.Tensor4D, scaling: PixelScaling): tf.Tensor4D {
  return tf.tidy(() => {
    switch (scaling) {
      case 'raw':
        return x;
      case 'unit':
        return x.div(255);
      case 'symmetric':
        return x.div(127.5).sub(1);
      case 'caffe':
        return x.reverse(3).sub(tf.tensor1d([...CAFFE_MEAN_BGR]));
      default:
        throw new DlError('INVALID_ARGUMENT', `unknown pixel scaling '${scaling}'`);
    }
  });
}

/** The centred box of the image with the target's aspect ratio: [top, left, height, width]. */
export function centerCropBox(
  height: number,
  width: number,
  size: readonly [number, number],
): [number, number, number, number] {
  const target = size[1] / size[0];
  if (width / height > target) {
    const w = Math.max(1, Math.round(height * target));
    return [0, Math.floor((width - w) / 2), height, w];
  }
  const h = Math.max(1, Math.round(width / target));
  return [Math.floor((height - h) / 2), 0, h, width];
}

/** One decoded image (any channels) → `[h, w, 3]` float32 at the input size, still 0–255. */
export function resizeToInput(image: DecodedImage, p: BackbonePreprocessing): tf.Tensor3D {
  const rgb = image.channels === 3 ? image : convertChannels(image, 3);
  return tf.tidy(() => {
    let t = tf.tensor3d(Float32Array.from(rgb.data), [rgb.height, rgb.width, 3]);
    if (p.resize === 'center-crop') {
      const [top, left, h, w] = centerCropBox(rgb.height, rgb.width, p.size);
      t = t.slice([top, left, 0], [h, w, 3]);
    }
    if (t.shape[0] === p.size[0] && t.shape[1] === p.size[1]) return t;
    return tf.image.resizeBilinear(t, p.size, p.alignCorners);
  });
}

/**
 * Decoded images → one `[n, h, w, 3]` batch exactly as the backbone was defined with: RGB
 * (gray and RGBA converted), resized ('stretch' or 'center-crop'), pixels scaled.
 */
export function preprocessImages(
  images: readonly DecodedImage[],
  p: BackbonePreprocessing,
): tf.Tensor4D {
  if (images.length === 0) throw new DlError('INVALID_ARGUMENT', 'no images to preprocess');
  return tf.tidy(() =>
    scalePixels(tf.stack(images.map((im) => resizeToInput(im, p))) as tf.Tensor4D, p.scaling),
  );
}
