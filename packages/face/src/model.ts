import { DlError, tf } from '@dl/core';

export interface FaceModelOptions {
  /** How many people the classifier tells apart. */
  classes: number;
  /** `[height, width, channels]`. Default [42, 42, 3] (seed), [64, 64, 1] (default). */
  inputShape?: [number, number, number];
  /** Dropout before the classifier (default model). Default 0.3. */
  dropout?: number;
  /** Filters of the three conv blocks (default model). Default [32, 64, 128]. */
  filters?: [number, number, number];
}

export const FACE_MODEL_DEFAULTS = {
  seedInputShape: [42, 42, 3] as [number, number, number],
  inputShape: [64, 64, 1] as [number, number, number],
  dropout: 0.3,
  filters: [32, 64, 128] as [number, number, number],
} as const;

function checkClasses(classes: number): void {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new DlError('INVALID_ARGUMENT', `classes must be an integer ≥ 2, got ${classes}`);
  }
}

/**
 * The course's face CNN layer for layer (SEEDS.md §6): two 3×3 ReLU convolutions of 32, 64 and
 * 128 filters ('valid' padding, Keras' default), each pair followed by 2×2 max-pooling and
 * dropout 0.2; Flatten → Dense 1024 ReLU → dropout 0.5 → softmax. On 42×42×3 with 16 people:
 * 435,504 parameters. Returned uncompiled (trainFace compiles it with the seed's SGD).
 */
export function buildFaceSeedModel(o: FaceModelOptions): tf.Sequential {
  checkClasses(o.classes);
  const inputShape = o.inputShape ?? FACE_MODEL_DEFAULTS.seedInputShape;
  const model = tf.sequential({ name: 'face_seed' });
  [32, 64, 128].forEach((filters, block) => {
    for (let k = 0; k < 2; k++) {
      model.add(
        tf.layers.conv2d({
          filters,
          kernelSize: 3,
          activation: 'relu',
          ...(block === 0 && k === 0 ? { inputShape } : {}),
        }),
      );
    }
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.dropout({ rate: 0.2 }));
  });
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1024, activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ units: o.classes, activation: 'softmax' }));
  return model;
}

/**
 * Our default: three blocks of two 3×3 'same' convolutions with BatchNorm and ReLU, 2×2
 * max-pooling after each, global average pooling (small, and indifferent to where the face
 * sits), dropout, softmax. Trained from scratch with augmentation (see FaceAugment).
 * Returned uncompiled.
 */
export function buildFaceModel(o: FaceModelOptions): tf.Sequential {
  checkClasses(o.classes);
  const inputShape = o.inputShape ?? FACE_MODEL_DEFAULTS.inputShape;
  const filters = o.filters ?? FACE_MODEL_DEFAULTS.filters;
  const dropout = o.dropout ?? FACE_MODEL_DEFAULTS.dropout;
  if (!(dropout >= 0 && dropout < 1)) {
    throw new DlError('INVALID_ARGUMENT', `dropout must be in [0, 1), got ${dropout}`);
  }
  const model = tf.sequential({ name: 'face_default' });
  filters.forEach((n, block) => {
    for (let k = 0; k < 2; k++) {
      model.add(
        tf.layers.conv2d({
          filters: n,
          kernelSize: 3,
          padding: 'same',
          useBias: false,
          ...(block === 0 && k === 0 ? { inputShape } : {}),
        }),
      );
      // momentum 0.9, not 0.99: small face sets give few steps, and the moving statistics must
      // have caught up with the weights by the end or inference sees other activations
      model.add(tf.layers.batchNormalization({ momentum: 0.9 }));
      model.add(tf.layers.activation({ activation: 'relu' }));
    }
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dropout({ rate: dropout }));
  model.add(tf.layers.dense({ units: o.classes, activation: 'softmax' }));
  return model;
}
