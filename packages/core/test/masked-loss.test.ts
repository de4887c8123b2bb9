import { describe, expect, it } from 'vitest';
import * as tf from '../src/tf';
import {
  maskedCategoricalCrossentropy,
  maskedSparseSoftmaxCrossEntropy,
} from '../src/train/masked-loss';

describe('masked losses', () => {
  it('padding positions count for nothing (categorical)', () => {
    // Two real positions with p(target) = 0.5 and 0.25, one padded (all-zero target).
    // Loss = (−ln 0.5 − ln 0.25) / 2 = (0.693147 + 1.386294) / 2 = 1.039721.
    const yTrue = tf.tensor3d([
      [
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    ]);
    const yPred = tf.tensor3d([
      [
        [0.5, 0.5],
        [0.75, 0.25],
        [0.01, 0.99],
      ],
    ]);
    expect(maskedCategoricalCrossentropy(yTrue, yPred).dataSync()[0]).toBeCloseTo(1.039721, 5);
  });

  it('sparse from logits with an explicit mask', () => {
    // logits [0, ln 3] → softmax [0.25, 0.75]; target 1 → −ln 0.75 = 0.287682; masked one ignored.
    const logits = tf.tensor3d([
      [
        [0, Math.log(3)],
        [5, -5],
      ],
    ]);
    const labels = tf.tensor2d([[1, 1]]);
    const mask = tf.tensor2d([[1, 0]]);
    expect(maskedSparseSoftmaxCrossEntropy(labels, logits, mask).dataSync()[0]).toBeCloseTo(
      0.287682,
      5,
    );
  });
});
