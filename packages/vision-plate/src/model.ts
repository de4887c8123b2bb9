import { tf } from '@dl/core';
import { PLATE_GLYPH_SHAPE } from './task';

export interface PlateModelOptions {
  /** Number of character classes: 31 provinces, 24 letters or 34 digits+letters. */
  classes: number;
}

/**
 * The seed model of SEEDS.md §1, layer for layer: Conv(16,3×3,same,relu) → MaxPool(2,2,same) →
 * Conv(32,1×1,same,relu) → MaxPool(1,1,same) → Flatten(3200) → Dense(512,relu) → Dropout(0.1)
 * → Dense(classes,softmax). 1,655,519 parameters at 31 classes. Returned uncompiled:
 * `trainPlate` compiles it (Adam at the seed's 1e-4 by default, categorical cross-entropy).
 */
export function buildPlateSeedModel(options: PlateModelOptions): tf.Sequential {
  const model = tf.sequential({ name: 'plate_seed' });
  model.add(
    tf.layers.conv2d({
      inputShape: [...PLATE_GLYPH_SHAPE],
      filters: 16,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'relu',
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }));
  model.add(tf.layers.conv2d({ filters: 32, kernelSize: 1, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 1, strides: 1, padding: 'same' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 512, activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: 0.1 }));
  model.add(tf.layers.dense({ units: options.classes, activation: 'softmax' }));
  return model;
}

/**
 * Our default plate-character classifier: three BatchNorm conv blocks (24, 48, 96 filters,
 * each followed by 2×2 pooling but the last) and global average pooling in place of the seed's
 * 1.6M-parameter Dense: ~54k parameters and ~4 MFLOP per glyph, translation-tolerant, and it
 * generalises from font-rendered, augmented glyphs to real crops. Returned uncompiled:
 * `trainPlate` compiles it (Adam at 3e-3 by default, annealed by a cosine schedule).
 */
export function buildPlateModel(options: PlateModelOptions): tf.Sequential {
  const model = tf.sequential({ name: 'plate' });
  [24, 48, 96].forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        ...(i === 0 ? { inputShape: [...PLATE_GLYPH_SHAPE] } : {}),
        filters,
        kernelSize: 3,
        padding: 'same',
        useBias: false,
      }),
    );
    // Momentum 0.9, not Keras's 0.99: the moving statistics must catch up within the few
    // hundred steps of a small data set, or validation lags far behind training.
    model.add(tf.layers.batchNormalization({ momentum: 0.9 }));
    model.add(tf.layers.reLU());
    if (i < 2) model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: options.classes, activation: 'softmax' }));
  return model;
}

/**
 * Compiles a plate model for training: Adam at `learningRate`, categorical cross-entropy on
 * one-hot labels, accuracy reported.
 * @internal
 */
export function compilePlateModel(model: tf.LayersModel, learningRate: number): void {
  model.compile({
    optimizer: tf.train.adam(learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
}
