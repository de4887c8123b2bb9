import {
  dataFingerprint,
  type Rng,
  stratifiedSplit,
  streamDataset,
  takeSamples,
  tf,
} from '@dl/core';
import { augmentGlyphImage } from './augment';
import type { PlateDataset } from './data';
import { synthGlyphs } from './synth/glyph';
import type { GlyphKind } from './synth/labels';
import { GLYPH_SIZE } from './task';

/** In-memory samples: glyph images and one-hot labels. */
export type GlyphSplit = { x: tf.Tensor; y: tf.Tensor };

/** The glyphs a run trains on, split three ways; `dispose` frees what the run allocated. */
export interface PlateTrainingData {
  train: GlyphSplit;
  validation: GlyphSplit;
  test: { x: tf.Tensor4D; labels: Int32Array };
  fingerprint: string;
  dispose(): void;
}

/**
 * The user's glyphs, or synthetic ones, split (stratified) into train/validation/test; a given
 * test set replaces the test split.
 * @internal
 */
export function plateTrainingData(o: {
  kind: GlyphKind;
  classes: number;
  data?: PlateDataset;
  /** Scored instead of a test split (fractions.test is then 0). */
  testData?: PlateDataset;
  syntheticPerClass: number;
  /** Synthetic glyphs per class added to the training part of real data. */
  mixSynthetic: number;
  seed: number;
  fractions: { validation: number; test: number };
  rng: Rng;
}): PlateTrainingData {
  const source = o.data ?? synthetic(o.kind, o.syntheticPerClass, o.seed);
  const { x, labels } = source;
  const split = stratifiedSplit(
    labels,
    { train: 1 - o.fractions.validation - o.fractions.test, ...o.fractions },
    o.rng,
  );
  const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), o.classes));
  const mixing = o.data !== undefined && o.mixSynthetic > 0;
  const realTrain = takeSamples({ x, y: oneHot }, split.train) as GlyphSplit;
  const train = mixing
    ? withSynthetic(realTrain, o.kind, o.mixSynthetic, o.seed, o.classes)
    : realTrain;
  const validation = takeSamples({ x, y: oneHot }, split.validation) as GlyphSplit;
  const testX = o.testData
    ? o.testData.x
    : tf.tidy(() => tf.gather(x, tf.tensor1d(split.test, 'int32')));
  const testLabels = o.testData ? o.testData.labels : Int32Array.from(split.test, (i) => labels[i]);
  return {
    train,
    validation,
    test: { x: testX, labels: testLabels },
    fingerprint: mixing ? `${source.fingerprint}+synthetic:${o.mixSynthetic}` : source.fingerprint,
    dispose() {
      tf.dispose([oneHot, train.x, train.y, validation.x, validation.y]);
      // The user's data sets stay theirs to dispose.
      if (!o.testData) testX.dispose();
      if (!o.data) x.dispose();
    },
  };
}

/** The real training glyphs followed by `perClass` font-rendered ones of every class. */
function withSynthetic(
  real: GlyphSplit,
  kind: GlyphKind,
  perClass: number,
  seed: number,
  classes: number,
): GlyphSplit {
  const synth = synthetic(kind, perClass, seed);
  const joined = tf.tidy(() => ({
    x: tf.concat([real.x, synth.x]),
    y: tf.concat([real.y, tf.oneHot(tf.tensor1d(synth.labels, 'int32'), classes)]),
  }));
  tf.dispose([real.x, real.y, synth.x]);
  return joined;
}

function synthetic(kind: GlyphKind, perClass: number, seed: number) {
  const synth = synthGlyphs({ kind, perClass, seed });
  return {
    x: tf.tensor4d(synth.images, [synth.count, GLYPH_SIZE, GLYPH_SIZE, 1]),
    labels: synth.labels,
    fingerprint: dataFingerprint([`synthetic:${kind}:${synth.count}:${seed}`, ...synth.fonts]),
  };
}

function rows(set: GlyphSplit): { images: Float32Array; labels: Int32Array; n: number } {
  return {
    images: set.x.dataSync() as Float32Array,
    labels: tf.tidy(() => set.y.argMax(-1).dataSync() as Int32Array),
    n: set.x.shape[0],
  };
}

const PX = GLYPH_SIZE * GLYPH_SIZE;

/**
 * The training glyphs in a fresh order every epoch, each (when augmenting) as a fresh random
 * variant. `rng` is asked once per epoch, when the epoch's pass begins, for that epoch's
 * stream: the order does not depend on earlier epochs' (model.fit's shuffle does, so a resumed
 * run could not repeat it).
 * @internal
 */
export function trainingStream(
  set: GlyphSplit,
  o: { batchSize: number; classes: number; augment: boolean; rng: () => Rng },
) {
  const { images, labels, n } = rows(set);
  return streamDataset(
    async function* () {
      const rng = o.rng();
      for (const i of rng.permutation(n)) {
        const glyph = images.subarray(i * PX, (i + 1) * PX);
        yield { x: o.augment ? augmentGlyphImage(glyph, GLYPH_SIZE, rng) : glyph, y: labels[i] };
      }
    },
    { inputShape: [GLYPH_SIZE, GLYPH_SIZE, 1], numClasses: o.classes, batchSize: o.batchSize },
  );
}

/**
 * The same glyphs in the same order every pass (validation beside a streamed training set).
 * @internal
 */
export function fixedStream(set: GlyphSplit, batchSize: number, classes: number) {
  const { images, labels, n } = rows(set);
  return streamDataset(
    async function* () {
      for (let i = 0; i < n; i++) yield { x: images.subarray(i * PX, (i + 1) * PX), y: labels[i] };
    },
    { inputShape: [GLYPH_SIZE, GLYPH_SIZE, 1], numClasses: classes, batchSize },
  );
}
