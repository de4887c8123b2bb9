import { resolve } from 'node:path';
import { defineCommand } from '../../framework/spec';
import { OUT_FLAG, SEED_FLAG, usageError } from '../shared';
import { CHARSET, LENGTH, lengthOf, MAX_LENGTH } from './flags';

export const captchaSynth = defineCommand({
  name: 'synth',
  summary: 'write synthetic captchas as <label>.png files (the captcha_images_v2 layout)',
  flags: {
    out: { ...OUT_FLAG, help: 'the folder to write (absent, empty, or an earlier synthetic set)' },
    count: { type: 'int', min: 1, default: 1000, help: 'captchas to draw' },
    charset: CHARSET,
    length: LENGTH,
    'max-length': MAX_LENGTH,
    width: { type: 'int', min: 8, default: 200, help: 'image width in pixels' },
    height: { type: 'int', min: 8, default: 50, help: 'image height in pixels' },
    seed: { ...SEED_FLAG, default: 1 },
  },
  examples: ['dl captcha synth --out captchas --count 200'],
  async run(ctx) {
    const { flags } = ctx;
    if (flags['max-length'] !== undefined && flags['max-length'] < (flags.length ?? 1)) {
      throw usageError(`--max-length ${flags['max-length']} is below --length ${flags.length}`);
    }
    const { writeSyntheticCaptchas } = await import('@dl/captcha');
    const dir = resolve(flags.out);
    const r = await writeSyntheticCaptchas(dir, {
      count: flags.count,
      charset: flags.charset,
      length: lengthOf(flags.length, flags['max-length']),
      width: flags.width,
      height: flags.height,
      seed: flags.seed,
    });
    ctx.result({ dir: r.dir, count: r.count }, () => `wrote ${r.count} captchas to ${r.dir}`);
  },
});
