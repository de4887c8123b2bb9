import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';
import { FROM } from './flags';

export const transferPredict = defineCommand({
  name: 'predict',
  summary: 'classify images with a trained transfer model',
  positionals: [
    { name: 'MODEL', required: true, help: 'a trained model directory' },
    { name: 'IMAGE', required: true, variadic: true, help: 'images (JPEG, PNG, BMP, GIF, PNM)' },
  ],
  flags: {
    top: { type: 'int', min: 1, default: 3, help: 'how many ranked guesses to list' },
    from: FROM,
  },
  multiInput: true,
  examples: ['dl transfer predict pets-model cat.jpg dog.jpg --json'],
  async run(ctx) {
    await startBackend();
    const { loadTransferPredictor } = await import('@dl/transfer');
    const predictor = await loadTransferPredictor(ctx.args.MODEL, { from: ctx.flags.from });
    try {
      // One image at a time: an unreadable image is reported in its place.
      await ctx.eachInput(
        ctx.args.IMAGE,
        (file) => file,
        async (file) => {
          const p = await predictor.predict(file, { topK: ctx.flags.top });
          const top = p.top.map((t) => `${t.label} ${t.probability.toFixed(3)}`).join(', ');
          return {
            data: { file, ...p },
            text: `${p.label}\t${p.probability.toFixed(3)}\t${file}\t[${top}]`,
          };
        },
      );
    } finally {
      predictor.dispose();
    }
  },
});
