import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend';
import { evenSpans, frameLabels, framewiseCrossEntropy } from '../src/losses';
import * as tf from '../src/tf';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

describe('frameLabels', () => {
  it('labels the steps in the middle of each span, blanks elsewhere', () => {
    // 8 steps over 16 px (step centres 1, 3, …, 15); spans [2, 6) and [10, 14), blank 9.
    const frames = frameLabels(
      [
        { x: 2, width: 4 },
        { x: 10, width: 4 },
      ],
      [4, 7],
      8,
      16,
      9,
    );
    // centres 4 and 12, half-width max(1, 1.2) = 1.2: steps at 3 and 5 (|±1| ≤ 1.2), 11 and 13
    expect(frames).toEqual([9, 4, 4, 9, 9, 7, 7, 9]);
  });

  it('gives a narrow character the step nearest its centre', () => {
    const frames = frameLabels([{ x: 6.6, width: 0.2 }], [1], 4, 16, 0);
    // step centres 2, 6, 10, 14; the centre 6.7 is nearest step 1
    expect(frames).toEqual([0, 1, 0, 0]);
  });
});

describe('evenSpans', () => {
  it('splits an extent into equal spans', () => {
    expect(evenSpans(10, 40, 3)).toEqual([
      { x: 10, width: 10 },
      { x: 20, width: 10 },
      { x: 30, width: 10 },
    ]);
  });
});

describe('framewiseCrossEntropy', () => {
  it('is Σ −log p(label) per labelled image, weighted, averaged over labelled images', () => {
    // one image, 2 steps, 3 classes; logits equal → p = 1/3 everywhere
    const logits = tf.zeros([2, 2, 3]);
    const loss = framewiseCrossEntropy(logits, [[0, 2], null]);
    expect(loss.dataSync()[0]).toBeCloseTo(2 * Math.log(3), 6);
    const weighted = framewiseCrossEntropy(logits, [[0, 2], null], (s) => (s === 0 ? 3 : 1));
    expect(weighted.dataSync()[0]).toBeCloseTo(4 * Math.log(3), 6);
  });

  it('matches a hand-computed case with unequal logits', () => {
    // p = softmax([2, 0]) = [e²/(e²+1), 1/(e²+1)]
    const logits = tf.tensor3d([[[2, 0]], [[0, 2]]]);
    const loss = framewiseCrossEntropy(logits, [[0], [0]]);
    const p = Math.exp(2) / (Math.exp(2) + 1);
    expect(loss.dataSync()[0]).toBeCloseTo((-Math.log(p) - Math.log(1 - p)) / 2, 6);
  });

  it('is 0 when no image has frame labels', () => {
    expect(framewiseCrossEntropy(tf.zeros([1, 2, 3]), [null]).dataSync()[0]).toBe(0);
  });

  it('has the gradient softmax − one-hot on labelled steps', () => {
    const logits = tf.tensor3d([[[1, 0, -1]]]);
    const g = tf.grad((l: tf.Tensor) => framewiseCrossEntropy(l, [[1]]))(logits);
    const e = [Math.E, 1, 1 / Math.E];
    const z = e[0] + e[1] + e[2];
    const expected = [e[0] / z, e[1] / z - 1, e[2] / z];
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });
});
