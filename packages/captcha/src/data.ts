import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { type DecodedImage, DlError, listFiles, readImage } from '@dl/core';
import { type CaptchaLabelOptions, type LabelRules, labelOfFile, resolveLabels } from './labels';

/** One captcha: the decoded image as stored (any size and channels) and its text. */
export interface CaptchaSample {
  image: DecodedImage;
  text: string;
  /** The file it came from, when there is one. */
  source?: string;
}

export interface CaptchaDataset extends LabelRules {
  samples: CaptchaSample[];
  /** A hash of the texts and image bytes: resuming checks the data did not change. */
  fingerprint: string;
  synthetic: boolean;
}

export interface LoadCaptchaDatasetOptions extends CaptchaLabelOptions {
  /** File extensions read from folders (default png, jpg, jpeg, gif, bmp, pgm, ppm). */
  extensions?: readonly string[];
}

const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'pgm', 'ppm'];

/** Every image file of the paths: folders are listed (not recursively), files taken as given. */
async function expand(paths: readonly string[], extensions: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (e) {
      throw new DlError('FILE_NOT_FOUND', 'no such file or folder', { path: p, cause: e });
    }
    if (isDir) files.push(...(await listFiles(p, { extensions })).map((f) => f.path));
    else files.push(p);
  }
  if (files.length === 0) throw new DlError('DATA_INVALID', 'no captcha images given');
  return files;
}

/**
 * Reads labelled captchas: a folder of `<label>.png` (the captcha_images_v2 layout), several
 * folders, or a list of files. The label comes from each file name (see `labelFrom`); the
 * charset, fixed length and case rule are inferred from the labels unless given, and a label
 * outside them is a DATA_INVALID error naming the file. Images keep their own size and
 * channels; training and prediction resize them to the model input.
 */
export async function loadCaptchaDataset(
  path: string | readonly string[],
  o: LoadCaptchaDatasetOptions = {},
): Promise<CaptchaDataset> {
  const files = await expand(
    typeof path === 'string' ? [path] : path,
    o.extensions ?? IMAGE_EXTENSIONS,
  );
  const raw = files.map((f) => ({ label: labelOfFile(f, o.labelFrom), source: f }));
  const { rules, labels } = resolveLabels(raw, o);
  const hash = createHash('sha256');
  const samples: CaptchaSample[] = [];
  for (let i = 0; i < files.length; i++) {
    const image = await readImage(files[i]);
    hash.update(labels[i]).update(image.data);
    samples.push({ image, text: labels[i], source: files[i] });
  }
  return { ...rules, samples, fingerprint: hash.digest('hex').slice(0, 16), synthetic: false };
}

/** A data set from samples in memory (synthetic or already decoded), with the same checks. */
export function captchaDataset(
  samples: readonly CaptchaSample[],
  o: CaptchaLabelOptions & { synthetic?: boolean } = {},
): CaptchaDataset {
  if (samples.length === 0) throw new DlError('DATA_INVALID', 'no captcha samples given');
  const { rules, labels } = resolveLabels(
    samples.map((s) => ({ label: s.text, source: s.source })),
    o,
  );
  const hash = createHash('sha256');
  const out = samples.map((s, i) => {
    hash.update(labels[i]).update(s.image.data);
    return { ...s, text: labels[i] };
  });
  return {
    ...rules,
    samples: out,
    fingerprint: hash.digest('hex').slice(0, 16),
    synthetic: o.synthetic ?? false,
  };
}
