import { type EpochRandom, streamDataset, type tf } from '@dl/core';
import { augmentFace } from './augment';
import { inputShapeOf, prepared } from './images';
import type { FaceParts } from './split';
import type { FaceAugment, FacePreprocessing } from './task';

type Batches = tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;

/**
 * The batches trainModel streams: the training faces in a fresh order every epoch, each
 * freshly augmented when `augment` is set, from `epochs`' per-epoch streams (so a resumed run
 * draws what an uninterrupted one would); validation unperturbed. Every item yields an image
 * and the label of that same sample.
 */
export function faceBatches(
  parts: FaceParts,
  o: { pre: FacePreprocessing; augment: FaceAugment | undefined; batchSize: number },
  classes: number,
  epochs: EpochRandom,
): { train: Batches; validation?: Batches } {
  const shape = inputShapeOf(o.pre);
  const shared = { inputShape: shape, numClasses: classes, batchSize: o.batchSize };
  const trainX = prepared(parts.train, o.pre);
  const validationX = prepared(parts.validation, o.pre);
  const augment = o.augment;
  const train = streamDataset(async function* () {
    const rng = epochs.stream('augment');
    for (const i of epochs.stream('order').permutation(trainX.length)) {
      const x = augment ? augmentFace(trainX[i], shape, augment, rng) : trainX[i];
      yield { x, y: parts.train[i].label };
    }
  }, shared);
  if (validationX.length === 0) return { train };
  const validation = streamDataset(async function* () {
    for (let i = 0; i < validationX.length; i++) {
      yield { x: validationX[i], y: parts.validation[i].label };
    }
  }, shared);
  return { train, validation };
}
