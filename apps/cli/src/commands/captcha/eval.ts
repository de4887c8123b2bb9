import { defineCommand } from '../../framework/spec';
import { MODEL_DIR_FLAG, startBackend } from '../shared';
import { BEAM, CAPTCHA_FOLDER, metricsText } from './flags';

export const captchaEval = defineCommand({
  name: 'eval',
  summary: 'score a trained reader on a folder of labelled captchas',
  flags: {
    model: MODEL_DIR_FLAG,
    data: { ...CAPTCHA_FOLDER, required: true },
    beam: BEAM,
  },
  async run(ctx) {
    const { flags } = ctx;
    await startBackend();
    const { evaluateCaptcha, loadCaptchaDataset } = await import('@dl/captcha');
    const data = await loadCaptchaDataset(flags.data);
    const metrics = await evaluateCaptcha(flags.model, data, { beamWidth: flags.beam });
    ctx.result(metrics, () => metricsText(metrics));
  },
});
