import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';
import { BEAM } from './flags';

export const IMAGES = {
  name: 'IMAGE',
  required: true,
  variadic: true,
  help: 'captcha images (PNG, JPEG, BMP, GIF, PGM/PPM; any size: resized to the model input)',
} as const;

export const captchaPredict = defineCommand({
  name: 'predict',
  summary: 'read the text of each captcha image',
  positionals: [{ name: 'MODEL', required: true, help: 'a trained reader directory' }, IMAGES],
  flags: { beam: BEAM },
  multiInput: true,
  examples: ['dl captcha predict reader 2b827.png 3p4nn.png --json'],
  async run(ctx) {
    await startBackend();
    const { loadCaptchaPredictor } = await import('@dl/captcha');
    const predictor = await loadCaptchaPredictor(ctx.args.MODEL);
    try {
      // One image at a time: an unreadable image is reported in its place.
      await ctx.eachInput(
        ctx.args.IMAGE,
        (file) => file,
        async (file) => {
          const p = await predictor.predict(file, { beamWidth: ctx.flags.beam });
          return { data: { file, ...p }, text: `${p.text}\t${p.confidence.toFixed(3)}\t${file}` };
        },
      );
    } finally {
      predictor.dispose();
    }
  },
});
