import { tf } from '@dl/core';
import { type DecodeOptions, decodeCtc, decodeHeads, modelOutputs } from './decode';
import type { CaptchaModelInfo, CaptchaPrediction } from './task';

/** Reads a batch of prepared model inputs ([n, H, W, C] values) in chunks of `chunk`. */
export function readInputs(
  model: tf.LayersModel,
  info: CaptchaModelInfo,
  inputs: readonly Float32Array[],
  o: DecodeOptions & { chunk?: number } = {},
): CaptchaPrediction[] {
  const { height, width, channels } = info.input;
  const per = height * width * channels;
  const chunk = o.chunk ?? 64;
  const out: CaptchaPrediction[] = [];
  for (let i = 0; i < inputs.length; i += chunk) {
    const part = inputs.slice(i, i + chunk);
    const flat = new Float32Array(part.length * per);
    part.forEach((x, j) => flat.set(x, j * per));
    const x = tf.tensor4d(flat, [part.length, height, width, channels]);
    const raw = modelOutputs(model, x, info.decoding);
    x.dispose();
    out.push(
      ...(info.decoding === 'ctc' ? decodeCtc(raw, info, o) : decodeHeads(raw, info.charset)),
    );
  }
  return out;
}

/** Per-position (heads) or per-step (CTC) probabilities of a batch: what ensembles average. */
export function inputProbabilities(
  model: tf.LayersModel,
  info: CaptchaModelInfo,
  inputs: readonly Float32Array[],
): number[][][] {
  const { height, width, channels } = info.input;
  const per = height * width * channels;
  const flat = new Float32Array(inputs.length * per);
  inputs.forEach((x, j) => flat.set(x, j * per));
  const x = tf.tensor4d(flat, [inputs.length, height, width, channels]);
  const raw = modelOutputs(model, x, info.decoding);
  x.dispose();
  return raw;
}
