import { tf } from '@dl/core';
import { type KerasApplicationOptions, resolveApplication, zeroInit } from './options';

type T = tf.SymbolicTensor;

/**
 * Names layers as Keras 2 numbered its unnamed ones (conv2d_1, batch_normalization_1,
 * activation_1, …): the names in the keras.applications InceptionV3 weight files.
 */
class Namer {
  private readonly counts = new Map<string, number>();
  next(kind: string): string {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    return `${kind}_${n}`;
  }
}

interface Ctx {
  names: Namer;
  zeros: boolean;
}

/** Keras' conv2d_bn: Conv2D without bias, BatchNormalization without scale, ReLU. */
function convBn(
  ctx: Ctx,
  x: T,
  filters: number,
  rows: number,
  cols: number,
  o: { padding?: 'same' | 'valid'; strides?: number } = {},
): T {
  let y = tf.layers
    .conv2d({
      filters,
      kernelSize: [rows, cols],
      strides: o.strides ?? 1,
      padding: o.padding ?? 'same',
      useBias: false,
      name: ctx.names.next('conv2d'),
      ...zeroInit(ctx.zeros),
    })
    .apply(x) as T;
  y = tf.layers
    .batchNormalization({ axis: 3, scale: false, name: ctx.names.next('batch_normalization') })
    .apply(y) as T;
  return tf.layers
    .activation({ activation: 'relu', name: ctx.names.next('activation') })
    .apply(y) as T;
}

const concat = (xs: T[], name: string) => tf.layers.concatenate({ axis: 3, name }).apply(xs) as T;
const maxPool = (ctx: Ctx, x: T) =>
  tf.layers
    .maxPooling2d({ poolSize: 3, strides: 2, name: ctx.names.next('max_pooling2d') })
    .apply(x) as T;
const avgPool = (ctx: Ctx, x: T) =>
  tf.layers
    .averagePooling2d({
      poolSize: 3,
      strides: 1,
      padding: 'same',
      name: ctx.names.next('average_pooling2d'),
    })
    .apply(x) as T;

/** mixed0–2: 35×35. */
function block35(ctx: Ctx, x: T, poolFilters: number, name: string): T {
  const b1 = convBn(ctx, x, 64, 1, 1);
  let b5 = convBn(ctx, x, 48, 1, 1);
  b5 = convBn(ctx, b5, 64, 5, 5);
  let b3 = convBn(ctx, x, 64, 1, 1);
  b3 = convBn(ctx, b3, 96, 3, 3);
  b3 = convBn(ctx, b3, 96, 3, 3);
  const bp = convBn(ctx, avgPool(ctx, x), poolFilters, 1, 1);
  return concat([b1, b5, b3, bp], name);
}

/** mixed4–7: 17×17 with factorised 7×7 convolutions of `c` channels. */
function block17(ctx: Ctx, x: T, c: number, name: string): T {
  const b1 = convBn(ctx, x, 192, 1, 1);
  let b7 = convBn(ctx, x, c, 1, 1);
  b7 = convBn(ctx, b7, c, 1, 7);
  b7 = convBn(ctx, b7, 192, 7, 1);
  let bd = convBn(ctx, x, c, 1, 1);
  bd = convBn(ctx, bd, c, 7, 1);
  bd = convBn(ctx, bd, c, 1, 7);
  bd = convBn(ctx, bd, c, 7, 1);
  bd = convBn(ctx, bd, 192, 1, 7);
  const bp = convBn(ctx, avgPool(ctx, x), 192, 1, 1);
  return concat([b1, b7, bd, bp], name);
}

/** mixed9–10: 8×8. */
function block8(ctx: Ctx, x: T, i: number): T {
  const b1 = convBn(ctx, x, 320, 1, 1);
  const b3 = convBn(ctx, x, 384, 1, 1);
  const b3x = concat([convBn(ctx, b3, 384, 1, 3), convBn(ctx, b3, 384, 3, 1)], `mixed9_${i}`);
  let bd = convBn(ctx, x, 448, 1, 1);
  bd = convBn(ctx, bd, 384, 3, 3);
  const bdx = concat(
    [convBn(ctx, bd, 384, 1, 3), convBn(ctx, bd, 384, 3, 1)],
    ctx.names.next('concatenate'),
  );
  const bp = convBn(ctx, avgPool(ctx, x), 192, 1, 1);
  return concat([b1, b3x, bdx, bp], `mixed${9 + i}`);
}

function stem(ctx: Ctx, input: T): T {
  let x = convBn(ctx, input, 32, 3, 3, { strides: 2, padding: 'valid' });
  x = convBn(ctx, x, 32, 3, 3, { padding: 'valid' });
  x = convBn(ctx, x, 64, 3, 3);
  x = maxPool(ctx, x);
  x = convBn(ctx, x, 80, 1, 1, { padding: 'valid' });
  x = convBn(ctx, x, 192, 3, 3, { padding: 'valid' });
  return maxPool(ctx, x);
}

function reductionA(ctx: Ctx, x: T): T {
  const b3 = convBn(ctx, x, 384, 3, 3, { strides: 2, padding: 'valid' });
  let bd = convBn(ctx, x, 64, 1, 1);
  bd = convBn(ctx, bd, 96, 3, 3);
  bd = convBn(ctx, bd, 96, 3, 3, { strides: 2, padding: 'valid' });
  return concat([b3, bd, maxPool(ctx, x)], 'mixed3');
}

function reductionB(ctx: Ctx, x: T): T {
  let b3 = convBn(ctx, x, 192, 1, 1);
  b3 = convBn(ctx, b3, 320, 3, 3, { strides: 2, padding: 'valid' });
  let b7 = convBn(ctx, x, 192, 1, 1);
  b7 = convBn(ctx, b7, 192, 1, 7);
  b7 = convBn(ctx, b7, 192, 7, 1);
  b7 = convBn(ctx, b7, 192, 3, 3, { strides: 2, padding: 'valid' });
  return concat([b3, b7, maxPool(ctx, x)], 'mixed8');
}

/**
 * Keras' InceptionV3 (keras.applications; the seed's network), with Keras 2's layer names:
 * 23,851,784 parameters with the top, 21,802,784 without. Uncompiled.
 */
export function buildInceptionV3(o: KerasApplicationOptions = {}): tf.LayersModel {
  const a = resolveApplication('InceptionV3', o, 299, 75);
  const ctx: Ctx = { names: new Namer(), zeros: a.zeros };
  const input = tf.input({ shape: a.inputShape, name: 'input_1' });
  let x = stem(ctx, input);
  x = block35(ctx, x, 32, 'mixed0');
  x = block35(ctx, x, 64, 'mixed1');
  x = block35(ctx, x, 64, 'mixed2');
  x = reductionA(ctx, x);
  x = block17(ctx, x, 128, 'mixed4');
  x = block17(ctx, x, 160, 'mixed5');
  x = block17(ctx, x, 160, 'mixed6');
  x = block17(ctx, x, 192, 'mixed7');
  x = reductionB(ctx, x);
  x = block8(ctx, x, 0);
  x = block8(ctx, x, 1);
  if (a.includeTop) {
    x = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as T;
    x = tf.layers
      .dense({ units: a.classes, activation: 'softmax', name: 'predictions', ...zeroInit(a.zeros) })
      .apply(x) as T;
  } else if (a.pooling === 'avg') {
    x = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_1' }).apply(x) as T;
  } else if (a.pooling === 'max') {
    x = tf.layers.globalMaxPooling2d({ name: 'global_max_pooling2d_1' }).apply(x) as T;
  }
  return tf.model({ inputs: input, outputs: x, name: 'inception_v3' });
}
