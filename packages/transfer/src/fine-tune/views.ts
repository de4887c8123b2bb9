import { type DecodedImage, type Rng, tf } from '@dl/core';
import { resizeToInput, scalePixels } from '../backbones/preprocess';
import type { BackbonePreprocessing } from '../backbones/spec';

/** Augmentation of the training images' extra views (see FineTuneOptions.augment). */
export interface FineTuneAugment {
  /** Mirror views: the second view is the mirror image, later ones are mirrored at random. Default true. */
  flip?: boolean;
  /**
   * Smallest crop side as a fraction of the image side: each random view is a crop of side
   * s ∈ [crop, 1] at a random place, resized back to the input size. 1: no cropping. Default 0.8.
   */
  crop?: number;
  /**
   * Largest colour jitter: brightness, contrast and saturation each scaled by a factor in
   * [1 − colour, 1 + colour]. 0: none. Default 0.2.
   */
  colour?: number;
}

export const AUGMENT_DEFAULTS = { flip: true, crop: 0.8, colour: 0.2 } as const;

/** What a view of an image is: the original, its mirror, or a random crop/jitter. */
export type ViewKind = 'original' | 'mirror' | 'random';

/** The views of a training image (`count` in all) and of a held-out one (flip: with its mirror). */
export function viewKinds(count: number, augment: Required<FineTuneAugment>): ViewKind[] {
  const kinds: ViewKind[] = ['original'];
  if (count > 1 && augment.flip) kinds.push('mirror');
  while (kinds.length < count) kinds.push('random');
  return kinds;
}

/** Contrast and saturation around the image's own mean and each pixel's grey, then brightness. */
function jitter(x: tf.Tensor3D, colour: number, rng: Rng): tf.Tensor3D {
  const f = () => 1 + colour * (2 * rng.next() - 1);
  const [brightness, contrast, saturation] = [f(), f(), f()];
  return tf.tidy(() => {
    const grey = x.mean(2, true);
    let y = grey.add(x.sub(grey).mul(saturation));
    const mean = y.mean();
    y = mean.add(y.sub(mean).mul(contrast)).mul(brightness);
    return y.clipByValue(0, 255) as tf.Tensor3D;
  });
}

/** A random crop (side fraction in [crop, 1]) of an input-size image, resized back. */
function randomCrop(x: tf.Tensor3D, crop: number, rng: Rng): tf.Tensor3D {
  if (crop >= 1) return x.clone();
  const s = crop + (1 - crop) * rng.next();
  const top = (1 - s) * rng.next();
  const left = (1 - s) * rng.next();
  const [h, w] = [x.shape[0], x.shape[1]];
  return tf.tidy(
    () =>
      tf.image
        .cropAndResize(
          x.expandDims(0) as tf.Tensor4D,
          [[top, left, top + s, left + s]],
          [0],
          [h, w],
        )
        .squeeze([0]) as tf.Tensor3D,
  );
}

/**
 * One view of an image as the network's input `[h, w, 3]`, pixels scaled. The original is
 * exactly what prediction feeds (preprocessImages); the mirror exactly what `flip` averages.
 */
export function viewOf(
  image: DecodedImage,
  p: BackbonePreprocessing,
  kind: ViewKind,
  augment: Required<FineTuneAugment>,
  rng: Rng,
): tf.Tensor3D {
  return tf.tidy(() => {
    let x = resizeToInput(image, p);
    if (kind === 'mirror') x = x.reverse(1);
    if (kind === 'random') {
      x = randomCrop(x, augment.crop, rng);
      if (augment.flip && rng.next() < 0.5) x = x.reverse(1);
      if (augment.colour > 0) x = jitter(x, augment.colour, rng);
    }
    return scalePixels(x.expandDims(0) as tf.Tensor4D, p.scaling).squeeze([0]) as tf.Tensor3D;
  });
}
