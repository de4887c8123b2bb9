import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';
import { int, MODEL_ARG } from './format';

export const lmGenerate = defineCommand({
  name: 'generate',
  summary: 'sample sentences (seeded: the same seed gives the same text)',
  positionals: [MODEL_ARG],
  flags: {
    prompt: { type: 'string', help: 'words to continue; default: a new sentence' },
    count: { type: 'int', min: 1, default: 1, help: 'samples; sample i uses seed + i' },
    'max-tokens': int('stop after N tokens if </s> has not come', 50),
    temperature: {
      type: 'number',
      min: 0,
      defaultText: '1',
      help: 'sharpen (< 1) or flatten (> 1) the distribution; 0: greedy',
    },
    'top-k': int('sample among the K likeliest words only (0: all)', 0, 0),
    'top-p': {
      type: 'number',
      min: 0,
      max: 1,
      minExclusive: true,
      defaultText: '1',
      help: 'nucleus sampling: the likeliest words whose probabilities sum to P',
    },
    seed: { type: 'int', min: 1, default: 1, help: 'seed of the first sample' },
  },
  multiInput: true,
  async run(ctx) {
    const { flags } = ctx;
    const options = {
      prompt: flags.prompt,
      maxTokens: flags['max-tokens'],
      temperature: flags.temperature,
      topK: flags['top-k'],
      topP: flags['top-p'],
    };
    await startBackend();
    const { loadLmPredictor } = await import('@dl/text-lm');
    const lm = await loadLmPredictor(ctx.args.MODEL);
    // Each sample has its own seed, so sample i is the same whatever --count is.
    const seeds = Array.from({ length: flags.count }, (_, i) => flags.seed + i);
    try {
      await ctx.eachInput(
        seeds,
        (seed) => `seed ${seed}`,
        async (seed) => {
          const g = lm.generate({ ...options, seed });
          return { data: { seed, ...g }, text: `${g.text}${g.ended ? '' : ' …'}` };
        },
      );
    } finally {
      lm.dispose();
    }
  },
});
