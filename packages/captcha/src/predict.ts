import {
  type DecodedImage,
  DlError,
  type DlMeta,
  loadModelDir,
  readImage,
  type tf,
} from '@dl/core';
import type { DecodeOptions } from './decode';
import { toModelInput } from './image';
import { inputProbabilities, readInputs } from './read';
import { CAPTCHA_TASK, type CaptchaModelInfo, type CaptchaPrediction } from './task';

/** A captcha to read: an image file path (PNG, JPEG, BMP, GIF, PGM/PPM) or a decoded image. */
export type CaptchaImage = string | DecodedImage;

export interface CaptchaPredictor {
  /** Architecture, decoding, input size, charset, length and case rule of the model. */
  info: CaptchaModelInfo;
  meta: DlMeta;
  model: tf.LayersModel;
  /** Reads one captcha (any size and channels: resized to the model input). */
  predict(input: CaptchaImage, options?: DecodeOptions): Promise<CaptchaPrediction>;
  predictBatch(
    inputs: readonly CaptchaImage[],
    options?: DecodeOptions,
  ): Promise<CaptchaPrediction[]>;
  /** @internal Per-position (heads) or per-step log (CTC) outputs, for ensembles. */
  outputs(inputs: readonly CaptchaImage[]): Promise<number[][][]>;
  dispose(): void;
}

/** The model info dl.json records, checked against the model's outputs. */
export function modelInfo(meta: DlMeta, model: tf.LayersModel, dir: string): CaptchaModelInfo {
  const info = (meta.extra as { captcha?: CaptchaModelInfo } | undefined)?.captcha;
  const bad = (why: string) => new DlError('MODEL_INVALID', why, { path: dir });
  if (!info || typeof info.charset !== 'string' || !info.input) {
    throw bad('dl.json has no captcha record (extra.captcha): not saved by @dl/captcha');
  }
  const symbols = [...info.charset].length;
  if (info.decoding === 'ctc') {
    const last = model.outputs[0].shape.at(-1);
    if (last !== symbols + 1) {
      throw bad(
        `the charset has ${symbols} symbols but the model outputs ${last} classes (expected ${symbols} + blank)`,
      );
    }
  } else if (
    model.outputs.length !== info.length ||
    model.outputs.some((o) => o.shape.at(-1) !== symbols)
  ) {
    throw bad(
      `dl.json says ${info.length} positions of ${symbols} symbols; the model has ${model.outputs.length} outputs of [${model.outputs.map((o) => o.shape.at(-1))}]`,
    );
  }
  return info;
}

async function decoded(input: CaptchaImage): Promise<DecodedImage> {
  if (typeof input === 'string') return readImage(input);
  if (!input || typeof input !== 'object' || !('data' in input)) {
    throw new DlError('INVALID_ARGUMENT', 'a captcha must be an image path or a decoded image');
  }
  return input;
}

/** Loads a model directory written by trainCaptcha (or `dl captcha train`). */
export async function loadCaptchaPredictor(dir: string): Promise<CaptchaPredictor> {
  const { model, meta } = await loadModelDir(dir, { task: CAPTCHA_TASK });
  let info: CaptchaModelInfo;
  try {
    info = modelInfo(meta, model, dir);
  } catch (e) {
    model.dispose();
    throw e;
  }
  const prepare = async (inputs: readonly CaptchaImage[]) =>
    Promise.all(inputs.map(async (i) => toModelInput(await decoded(i), info.input)));
  const predictBatch = async (inputs: readonly CaptchaImage[], options?: DecodeOptions) =>
    readInputs(model, info, await prepare(inputs), options);
  return {
    info,
    meta,
    model,
    predictBatch,
    async predict(input, options) {
      return (await predictBatch([input], options))[0];
    },
    async outputs(inputs) {
      return inputProbabilities(model, info, await prepare(inputs));
    },
    dispose: () => model.dispose(),
  };
}
