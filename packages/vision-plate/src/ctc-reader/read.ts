import { tf } from '@dl/core';
import { type DecodedPlate, decodePlate, type PlateDecodeOptions } from './decode';
import type { PlateReaderInput } from './task';

/** Forward passes run this many crops at a time (bounds memory on large folders). */
const CHUNK = 64;

/**
 * The reader model's logits for prepared inputs, decoded; `sizes` gives each crop's own size
 * so character boxes are in its pixels (default: the input size).
 * @internal
 */
export function readInputs(
  model: tf.LayersModel,
  inputs: readonly Float32Array[],
  input: PlateReaderInput,
  options: PlateDecodeOptions = {},
  sizes?: readonly { width: number; height: number }[],
): DecodedPlate[] {
  const per = input.height * input.width * input.channels;
  const out: DecodedPlate[] = [];
  for (let i = 0; i < inputs.length; i += CHUNK) {
    const part = inputs.slice(i, i + CHUNK);
    const flat = new Float32Array(part.length * per);
    part.forEach((x, j) => flat.set(x, j * per));
    const logits = tf.tidy(() => {
      const x = tf.tensor4d(flat, [part.length, input.height, input.width, input.channels]);
      return (model.predict(x) as tf.Tensor).arraySync() as number[][][];
    });
    logits.forEach((l, j) => out.push(decodePlate(l, sizes?.[i + j] ?? input, options)));
  }
  return out;
}
