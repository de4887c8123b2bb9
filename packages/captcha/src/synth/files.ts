import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkDataOutput, convertChannels, encodePng, writeDataDirAtomic } from '@dl/core';
import { CAPTCHA_TASK } from '../task';
import { type SynthCaptchaOptions, synthCaptchaDataset } from './captcha';

/**
 * Writes synthetic captchas as `<label>.png` files (the captcha_images_v2 layout;
 * `<label>_<n>.png` for repeated texts), which loadCaptchaDataset reads back. The folder must
 * be absent, empty or an earlier synthetic-data folder (checked before drawing); it is written
 * atomically with a dl-data.json manifest.
 */
export async function writeSyntheticCaptchas(
  dir: string,
  o: SynthCaptchaOptions = {},
): Promise<{ dir: string; count: number; files: string[] }> {
  await checkDataOutput(dir);
  const data = synthCaptchaDataset(o);
  const seen = new Map<string, number>();
  const names = data.samples.map((s) => {
    const n = seen.get(s.text) ?? 0;
    seen.set(s.text, n + 1);
    return n === 0 ? `${s.text}.png` : `${s.text}_${n}.png`;
  });
  await writeDataDirAtomic(
    dir,
    {
      task: CAPTCHA_TASK,
      count: names.length,
      extra: { charset: data.charset, length: data.length, seed: o.seed ?? 1 },
    },
    async (tmp) => {
      for (const [i, s] of data.samples.entries()) {
        const rgb = convertChannels(s.image, 3);
        await writeFile(
          join(tmp, names[i]),
          encodePng({ ...rgb, channels: 3, data: Uint8Array.from(rgb.data) }),
        );
      }
    },
  );
  return { dir, count: names.length, files: names.map((n) => join(dir, n)) };
}
