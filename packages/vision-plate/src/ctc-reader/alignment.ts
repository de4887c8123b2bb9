import { frameLabels, framewiseCrossEntropy, type tf } from '@dl/core';
import { PROVINCES } from '../synth/labels';
import { encodePlateText, PLATE_READER_INPUT, PLATE_READER_SYMBOLS, readerSteps } from './task';

/**
 * Guided alignment for synthetic crops, whose character boxes are known (core's
 * frameLabels / framewiseCrossEntropy): it gets the reader past CTC's long initial plateau in
 * a fraction of the steps; CTC alone still decides the alignment on real crops.
 */

/** Frame labels of a text whose boxes are in the reader's input pixels. @internal */
export function inputFrames(text: string, boxes: readonly { x: number; width: number }[]) {
  const { width } = PLATE_READER_INPUT;
  const blank = PLATE_READER_SYMBOLS.length;
  return frameLabels(boxes, encodePlateText(text), readerSteps(width), width, blank);
}

/** The frame labels of a synthetic crop at the reader's input size. @internal */
export function alignmentFrames(crop: {
  text: string;
  image: { width: number };
  boxes: readonly { x: number; width: number }[];
}): number[] {
  // Boxes are in the crop's pixels; the reader sees the crop resized to its input width.
  const scale = PLATE_READER_INPUT.width / crop.image.width;
  return inputFrames(
    crop.text,
    crop.boxes.map((b) => ({ x: b.x * scale, width: b.width * scale })),
  );
}

/**
 * The framewise loss of the frame labels; steps labelled with a province weigh
 * `provinceWeight`: 31 intricate classes, each on 1/31 of the plates, are what a short run
 * learns last. @internal
 */
export function alignmentLoss(
  logits: tf.Tensor,
  frames: readonly (readonly number[] | null)[],
  provinceWeight = 1,
) {
  return framewiseCrossEntropy(logits, frames, (s) => (s < PROVINCES.length ? provinceWeight : 1));
}
