import * as tf from '../tf';

/**
 * Guided alignment for CTC readers. A CTC reader starts on a long plateau where it emits only
 * blanks and the label prior; a framewise cross-entropy on where each character roughly is
 * (known boxes of synthetic images, or an even split of the text's ink span) gets it off the
 * plateau in a fraction of the steps. CTC alone still decides the final alignment.
 */

/** A character's horizontal extent, in the reader's input pixels. */
export interface CharacterSpan {
  x: number;
  width: number;
}

/**
 * Frame labels of one image: the symbol for each time step whose centre falls in the middle
 * of a character's span, `blank` for the others. The step nearest a span's centre always
 * carries its character, so a very narrow character still gets one frame.
 */
export function frameLabels(
  spans: readonly CharacterSpan[],
  symbols: readonly number[],
  steps: number,
  width: number,
  blank: number,
): number[] {
  const step = width / steps;
  const frames = new Array<number>(steps).fill(blank);
  spans.forEach((span, i) => {
    const centre = span.x + span.width / 2;
    const half = Math.max(step / 2, span.width * 0.3);
    let nearest = -1;
    for (let t = 0; t < steps; t++) {
      const x = (t + 0.5) * step;
      if (Math.abs(x - centre) <= half) frames[t] = symbols[i];
      if (nearest < 0 || Math.abs(x - centre) < Math.abs((nearest + 0.5) * step - centre)) {
        nearest = t;
      }
    }
    if (nearest >= 0) frames[nearest] = symbols[i];
  });
  return frames;
}

/** `count` equal spans covering [start, end): the even split of a text's extent. */
export function evenSpans(start: number, end: number, count: number): CharacterSpan[] {
  const width = (end - start) / count;
  return Array.from({ length: count }, (_, i) => ({ x: start + i * width, width }));
}

/**
 * Σ over steps of −log softmax(logits)[frame label] · weight, averaged over the images that
 * have frame labels (null rows contribute nothing). `weightOf(symbol)` weighs a step by its
 * label (default 1). Scalar; 0 when no image has frame labels.
 */
export function framewiseCrossEntropy(
  logits: tf.Tensor,
  frames: readonly (readonly number[] | null)[],
  weightOf: (symbol: number) => number = () => 1,
): tf.Scalar {
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
        mask[b * steps + t] = weightOf(f[t]);
      }
    });
    const logp = tf.logSoftmax(logits);
    const target = tf.oneHot(tf.tensor1d(flat, 'int32'), classes).reshape([batch, steps, classes]);
    const picked = tf.sum(tf.mul(logp, target), -1);
    return tf.div(tf.neg(tf.sum(tf.mul(picked, tf.tensor2d(mask, [batch, steps])))), labelled);
  }) as tf.Scalar;
}
