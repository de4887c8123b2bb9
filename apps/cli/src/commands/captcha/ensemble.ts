import type { CaptchaEnsembleEvaluation } from '@dl/captcha';
import { defineCommand } from '../../framework/spec';
import { startBackend, usageError } from '../shared';
import { CAPTCHA_FOLDER, metricsText } from './flags';

function evaluationText(e: CaptchaEnsembleEvaluation): string {
  return [
    ...e.members.map((m, i) => `${i === e.best ? '*' : ' '} ${m.dir}\n${metricsText(m.metrics)}`),
    `ensemble (${e.method})\n${metricsText(e.ensemble)}`,
    e.beatsBest
      ? 'the ensemble beats its best member'
      : 'the ensemble does not beat its best member',
  ].join('\n\n');
}

export const captchaEnsemble = defineCommand({
  name: 'ensemble',
  summary: 'several readers as one: score them on --data, or read images',
  description:
    'With --data, scores every member and the ensemble on the same captchas and says whether the ensemble beats its best member; with IMAGE arguments, reads each image with the ensemble.',
  positionals: [
    {
      name: 'IMAGE',
      variadic: true,
      help: 'captcha images to read (instead of --data)',
    },
  ],
  flags: {
    models: {
      type: 'string',
      list: true,
      required: true,
      placeholder: 'DIR,DIR',
      help: 'two or more trained reader directories',
    },
    method: {
      type: 'enum',
      values: ['vote', 'average'],
      default: 'vote',
      help: 'vote: the symbol most members read wins at each position; average: decode the mean probabilities (members of one kind)',
    },
    data: { ...CAPTCHA_FOLDER, help: 'labelled captchas to score the members and the ensemble on' },
  },
  multiInput: true,
  examples: ['dl captcha ensemble --models a,b,c --data test-captchas'],
  async run(ctx) {
    const { flags, args } = ctx;
    if (!flags.data === (args.IMAGE.length === 0)) {
      throw usageError('give either --data DIR (to score) or IMAGE arguments (to read), not both');
    }
    await startBackend();
    const captcha = await import('@dl/captcha');
    if (flags.data) {
      const data = await captcha.loadCaptchaDataset(flags.data);
      const e = await captcha.evaluateCaptchaEnsemble(flags.models, data, { method: flags.method });
      ctx.result(e, () => evaluationText(e));
      return;
    }
    const ensemble = await captcha.loadCaptchaEnsemble(flags.models, { method: flags.method });
    try {
      await ctx.eachInput(
        args.IMAGE,
        (file) => file,
        async (file) => {
          const p = await ensemble.predict(file);
          return { data: { file, ...p }, text: `${p.text}\t${p.confidence.toFixed(3)}\t${file}` };
        },
      );
    } finally {
      ensemble.dispose();
    }
  },
});
