import { DlError, tf } from '@dl/core';
import { type KerasApplicationOptions, resolveApplication, zeroInit } from './options';

type T = tf.SymbolicTensor;

export interface MobileNetV2Options extends KerasApplicationOptions {
  /** Width multiplier α. Default 1.0 (3,538,984 parameters with the top). */
  alpha?: number;
}

/** Keras' _make_divisible: the nearest multiple of `divisor`, never 10% below `v`. */
export function makeDivisible(v: number, divisor = 8): number {
  const rounded = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * v ? rounded + divisor : rounded;
}

const bn = (name: string) =>
  tf.layers.batchNormalization({ axis: -1, epsilon: 1e-3, momentum: 0.999, name });
const relu6 = (name: string) => tf.layers.reLU({ maxValue: 6, name });

/** Keras' imagenet_utils.correct_pad for a 3×3 stride-2 convolution. */
function correctPad(x: T): [[number, number], [number, number]] {
  const [h, w] = [x.shape[1] as number, x.shape[2] as number];
  return [
    [h % 2, 1],
    [w % 2, 1],
  ];
}

function invertedResBlock(
  inputs: T,
  o: { expansion: number; stride: number; alpha: number; filters: number; blockId: number },
  zeros: boolean,
): T {
  const inChannels = inputs.shape[3] as number;
  const pointwise = makeDivisible(Math.trunc(o.filters * o.alpha), 8);
  const init = zeroInit(zeros);
  let prefix = `block_${o.blockId}_`;
  let x = inputs;
  if (o.blockId) {
    x = tf.layers
      .conv2d({
        filters: o.expansion * inChannels,
        kernelSize: 1,
        padding: 'same',
        useBias: false,
        name: `${prefix}expand`,
        ...init,
      })
      .apply(x) as T;
    x = bn(`${prefix}expand_BN`).apply(x) as T;
    x = relu6(`${prefix}expand_relu`).apply(x) as T;
  } else {
    prefix = 'expanded_conv_';
  }
  if (o.stride === 2)
    x = tf.layers.zeroPadding2d({ padding: correctPad(x), name: `${prefix}pad` }).apply(x) as T;
  x = tf.layers
    .depthwiseConv2d({
      kernelSize: 3,
      strides: o.stride,
      useBias: false,
      padding: o.stride === 1 ? 'same' : 'valid',
      name: `${prefix}depthwise`,
      ...(zeros ? { depthwiseInitializer: 'zeros' as const } : {}),
    })
    .apply(x) as T;
  x = bn(`${prefix}depthwise_BN`).apply(x) as T;
  x = relu6(`${prefix}depthwise_relu`).apply(x) as T;
  x = tf.layers
    .conv2d({
      filters: pointwise,
      kernelSize: 1,
      padding: 'same',
      useBias: false,
      name: `${prefix}project`,
      ...init,
    })
    .apply(x) as T;
  x = bn(`${prefix}project_BN`).apply(x) as T;
  if (inChannels === pointwise && o.stride === 1) {
    return tf.layers.add({ name: `${prefix}add` }).apply([inputs, x]) as T;
  }
  return x;
}

/** (filters, stride, expansion) of blocks 0–16, as keras.applications.MobileNetV2. */
const BLOCKS: [number, number, number][] = [
  [16, 1, 1],
  [24, 2, 6],
  [24, 1, 6],
  [32, 2, 6],
  [32, 1, 6],
  [32, 1, 6],
  [64, 2, 6],
  [64, 1, 6],
  [64, 1, 6],
  [64, 1, 6],
  [96, 1, 6],
  [96, 1, 6],
  [96, 1, 6],
  [160, 2, 6],
  [160, 1, 6],
  [160, 1, 6],
  [320, 1, 6],
];

/**
 * Keras' MobileNetV2 (keras.applications), with its layer names: Conv1, bn_Conv1, block_N_…,
 * Conv_1, out_relu, predictions. 3,538,984 parameters at α = 1.0 with the top, 2,257,984
 * without. Uncompiled.
 */
export function buildMobileNetV2(o: MobileNetV2Options = {}): tf.LayersModel {
  const a = resolveApplication('MobileNetV2', o, 224, 32);
  const alpha = o.alpha ?? 1.0;
  if (!(alpha > 0))
    throw new DlError('INVALID_ARGUMENT', `MobileNetV2: alpha must be > 0, got ${alpha}`);
  const init = zeroInit(a.zeros);
  const input = tf.input({ shape: a.inputShape, name: 'input_1' });
  let x = tf.layers
    .conv2d({
      filters: makeDivisible(32 * alpha, 8),
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      useBias: false,
      name: 'Conv1',
      ...init,
    })
    .apply(input) as T;
  x = bn('bn_Conv1').apply(x) as T;
  x = relu6('Conv1_relu').apply(x) as T;
  BLOCKS.forEach(([filters, stride, expansion], blockId) => {
    x = invertedResBlock(x, { filters, stride, expansion, alpha, blockId }, a.zeros);
  });
  const last = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
  x = tf.layers
    .conv2d({ filters: last, kernelSize: 1, useBias: false, name: 'Conv_1', ...init })
    .apply(x) as T;
  x = bn('Conv_1_bn').apply(x) as T;
  x = relu6('out_relu').apply(x) as T;
  if (a.includeTop) {
    x = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(x) as T;
    x = tf.layers
      .dense({ units: a.classes, activation: 'softmax', name: 'predictions', ...init })
      .apply(x) as T;
  } else if (a.pooling === 'avg') {
    x = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(x) as T;
  } else if (a.pooling === 'max') {
    x = tf.layers.globalMaxPooling2d({ name: 'global_max_pooling2d' }).apply(x) as T;
  }
  const [h] = a.inputShape;
  return tf.model({ inputs: input, outputs: x, name: `mobilenetv2_${alpha.toFixed(2)}_${h}` });
}
