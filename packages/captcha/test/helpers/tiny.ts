import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptchaDataset } from '../../src/data';
import { synthCaptchaDataset } from '../../src/synth/captcha';
import { trainCaptcha } from '../../src/train';
import type { TrainCaptchaOptions } from '../../src/train-options';

/** Small captchas at the default model input size (32 × 128), 4 of 5 symbols. */
export const tinyData = (seed: number, charset = '23456', count = 24): CaptchaDataset =>
  synthCaptchaDataset({ count, length: 4, charset, width: 128, height: 32, seed });

/** A real saved reader from one quick epoch of trainCaptcha (what the files look like is the point). */
export async function tinyReader(
  seed: number,
  o: Partial<TrainCaptchaOptions> = {},
): Promise<string> {
  const outDir = join(mkdtempSync(join(tmpdir(), 'captcha-tiny-')), 'model');
  await trainCaptcha({
    outDir,
    data: tinyData(seed),
    epochs: 1,
    seed,
    progress: 'silent',
    model: { filters: [8, 8, 8, 8], units: 8, projection: 16 },
    seedModel: {},
    ...o,
  });
  return outDir;
}
