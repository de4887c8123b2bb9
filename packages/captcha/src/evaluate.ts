import { DlError } from '@dl/core';
import type { CaptchaDataset } from './data';
import type { DecodeOptions } from './decode';
import { checkLabel, foldCase } from './labels';
import { captchaMetrics } from './metrics';
import { type CaptchaPredictor, loadCaptchaPredictor } from './predict';
import type { CaptchaMetrics, CaptchaModelInfo } from './task';

/** The data's texts, folded and checked against what the model can read. */
export function truthFor(info: CaptchaModelInfo, data: CaptchaDataset, dir: string): string[] {
  if (data.samples.length === 0) throw new DlError('DATA_INVALID', 'no captchas to evaluate');
  return data.samples.map((s) => {
    const text = foldCase(s.text, info.caseRule);
    try {
      checkLabel(text, info, s.source);
    } catch (e) {
      const why = (e as Error).message;
      throw new DlError(
        'DATA_INVALID',
        `${why} — the model at ${dir} reads ${info.length ?? 'any number of'} characters of '${info.charset}'`,
        { path: s.source },
      );
    }
    return text;
  });
}

/** Scores a predictor on labelled captchas. */
export async function scoreCaptchas(
  predictor: CaptchaPredictor,
  data: CaptchaDataset,
  dir: string,
  o: DecodeOptions = {},
): Promise<CaptchaMetrics> {
  const truth = truthFor(predictor.info, data, dir);
  const read = await predictor.predictBatch(
    data.samples.map((s) => s.image),
    o,
  );
  return captchaMetrics(
    truth,
    read.map((p) => p.text),
  );
}

/**
 * Whole-captcha accuracy (with its 95% Wilson interval), per-position and per-character
 * accuracy, CER and the most confused pairs of a saved model on labelled captchas (e.g.
 * loadCaptchaDataset of a folder). A label the model cannot read (a symbol outside its
 * charset, the wrong length for a fixed-length model) is a DATA_INVALID error naming the file.
 */
export async function evaluateCaptcha(
  dir: string,
  data: CaptchaDataset,
  o: DecodeOptions = {},
): Promise<CaptchaMetrics> {
  const predictor = await loadCaptchaPredictor(dir);
  try {
    return await scoreCaptchas(predictor, data, dir, o);
  } finally {
    predictor.dispose();
  }
}
