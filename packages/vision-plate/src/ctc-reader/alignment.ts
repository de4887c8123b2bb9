import { tf } from '@dl/core';
import { PROVINCES } from '../synth/labels';
import { encodePlateText, PLATE_READER_INPUT, PLATE_READER_SYMBOLS, readerSteps } from './task';

/**
 * Guided alignment for synthetic crops, whose character boxes are known: each time step whose
 * centre falls in the middle of a character's box is labelled with that character, the others
 * with the blank. A framewise cross-entropy on these labels, added to the CTC loss, gets the
 * reader past CTC's long initial plateau (where it emits only blanks and the label prior) in
 * a fraction of the steps; CTC alone still decides the alignment on real crops.
 */

/** Frame labels of one crop: symbol per step, `blank` between characters. @internal */
export function frameLabels(
  boxes: readonly { x: number; width: number }[],
  symbols: readonly number[],
  steps: number,
  width: number,
  blank: number,
): number[] {
  const step = width / steps;
  const frames = new Array<number>(steps).fill(blank);
  boxes.forEach((box, i) => {
    const centre = box.x + box.width / 2;
    const half = Math.max(step / 2, box.width * 0.3);
    let nearest = -1;
    for (let t = 0; t < steps; t++) {
      const x = (t + 0.5) * step;
      if (Math.abs(x - centre) <= half) frames[t] = symbols[i];
      if (nearest < 0 || Math.abs(x - centre) < Math.abs((nearest + 0.5) * step - centre)) {
        nearest = t;
      }
    }
    // The step nearest the centre always carries the character (a very narrow crop).
    if (nearest >= 0) frames[nearest] = symbols[i];
  });
  return frames;
}

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
 * Σ over steps of −log p(frame label), averaged over the crops that have frame labels (null
 * rows are real crops without them and contribute nothing). Steps labelled with a province
 * weigh `provinceWeight`: 31 intricate classes, each on 1/31 of the plates, are what a short
 * run learns last. Scalar; 0 when no crop has frame labels.
 * @internal
 */
export function alignmentLoss(
  logits: tf.Tensor,
  frames: readonly (readonly number[] | null)[],
  provinceWeight = 1,
) {
  return tf.tidy(() => {
    const [batch, steps, classes] = logits.shape;
    const labelled = frames.filter((f) => f !== null).length;
    if (labelled === 0) return tf.scalar(0);
    const flat = new Int32Array(batch * steps);
    const mask = new Float32Array(batch * steps);
    frames.forEach((f, b) => {
      if (!f) return;
      for (let t = 0; t < steps; t++) {
        flat[b * steps + t] = f[t];
        mask[b * steps + t] = f[t] < PROVINCES.length ? provinceWeight : 1;
      }
    });
    const logp = tf.logSoftmax(logits);
    const target = tf.oneHot(tf.tensor1d(flat, 'int32'), classes).reshape([batch, steps, classes]);
    const picked = tf.sum(tf.mul(logp, target), -1);
    return tf.div(tf.neg(tf.sum(tf.mul(picked, tf.tensor2d(mask, [batch, steps])))), labelled);
  }) as tf.Scalar;
}
