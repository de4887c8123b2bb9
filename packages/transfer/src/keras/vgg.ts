import { tf } from '@dl/core';
import { type KerasApplicationOptions, resolveApplication, zeroInit } from './options';

type T = tf.SymbolicTensor;

/** Keras' VGG16 / VGG19 (keras.applications), layer for layer and name for name. */
function buildVgg(
  name: 'vgg16' | 'vgg19',
  blocks: number[],
  o: KerasApplicationOptions,
): tf.LayersModel {
  const a = resolveApplication(name, o, 224, 32);
  const init = zeroInit(a.zeros);
  const input = tf.input({ shape: a.inputShape, name: 'input_1' });
  let x: T = input;
  const filters = [64, 128, 256, 512, 512];
  blocks.forEach((convs, b) => {
    for (let c = 1; c <= convs; c++) {
      x = tf.layers
        .conv2d({
          filters: filters[b],
          kernelSize: 3,
          activation: 'relu',
          padding: 'same',
          name: `block${b + 1}_conv${c}`,
          ...init,
        })
        .apply(x) as T;
    }
    x = tf.layers
      .maxPooling2d({ poolSize: 2, strides: 2, name: `block${b + 1}_pool` })
      .apply(x) as T;
  });
  if (a.includeTop) {
    x = tf.layers.flatten({ name: 'flatten' }).apply(x) as T;
    x = tf.layers.dense({ units: 4096, activation: 'relu', name: 'fc1', ...init }).apply(x) as T;
    x = tf.layers.dense({ units: 4096, activation: 'relu', name: 'fc2', ...init }).apply(x) as T;
    x = tf.layers
      .dense({ units: a.classes, activation: 'softmax', name: 'predictions', ...init })
      .apply(x) as T;
  } else if (a.pooling === 'avg') {
    x = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(x) as T;
  } else if (a.pooling === 'max') {
    x = tf.layers.globalMaxPooling2d({ name: 'global_max_pooling2d' }).apply(x) as T;
  }
  return tf.model({ inputs: input, outputs: x, name });
}

/** VGG16 (138,357,544 parameters with the top, 14,714,688 without). Uncompiled. */
export function buildVgg16(o: KerasApplicationOptions = {}): tf.LayersModel {
  return buildVgg('vgg16', [2, 2, 3, 3, 3], o);
}

/** VGG19 (143,667,240 parameters with the top, 20,024,384 without). Uncompiled. */
export function buildVgg19(o: KerasApplicationOptions = {}): tf.LayersModel {
  return buildVgg('vgg19', [2, 2, 4, 4, 4], o);
}
